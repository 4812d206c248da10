import type { Accounting, ConnectionOptions } from '@mlc/connections';
import type { MissingMapping } from '@mlc/errors';
import type { ProcurifyPurchaseOrder, ProcurifyPurchaseOrderLine } from '@mlc/procurify-client';
import { buildChargeAccount, chargeSourceFromAccount, type DimensionLookup } from './charge-account.ts';
import {
  currencyCode,
  formatMoney,
  maxAbsoluteAmount,
  Money,
  parseMoney,
  roundMoneyDecimal,
} from './money.ts';
import { blocked, failed, MissingMappings, type MapOutcome } from './outcome.ts';
import { calendarDate, cleanText, descriptionMaxLength, distinctNotes, truncateText } from './text.ts';
import { oracleUnit, unitKey } from './units.ts';
import { chooseSupplierSite, type SupplierCandidate } from './vendor-match.ts';

/** The body of `POST draftPurchaseOrders` (oracle-fusion.md §4.1), children nested. */
export interface OracleDraftPurchaseOrder {
  ProcurementBU: string;
  RequisitioningBU: string;
  BuyerEmail?: string;
  Supplier: string;
  SupplierSite: string;
  CurrencyCode: string;
  PaymentTerms?: string;
  Description: string;
  /** The header descriptive flexfield, only when `options.poReference` names an attribute. */
  DFF?: Record<string, string>[];
  lines: OracleDraftPurchaseOrderLine[];
}

export interface OracleDraftPurchaseOrderLine {
  LineNumber: number;
  LineType: 'Goods';
  Category: string;
  ItemDescription: string;
  Quantity: number;
  UOM: string;
  Price: number;
  schedules: OracleDraftPurchaseOrderSchedule[];
}

export interface OracleDraftPurchaseOrderSchedule {
  ScheduleNumber: number;
  Quantity: number;
  ShipToLocationCode: string;
  RequestedDeliveryDate?: string;
  distributions: OracleDraftPurchaseOrderDistribution[];
}

export interface OracleDraftPurchaseOrderDistribution {
  DistributionNumber: number;
  Quantity: number;
  POChargeAccount: string;
}

export interface PoMappingContext {
  procurementBU: string;
  requisitioningBU?: string;
  buyerEmail?: string;
  accounting: Accounting;
  options: Pick<ConnectionOptions, 'unitMap' | 'defaultCategory' | 'poReference'>;
  /** The linked supplier (the app resolves the vendor first; if it cannot, it never calls this). */
  supplier: SupplierCandidate;
  preferredSite: string | null;
  dimension: DimensionLookup;
  /** Oracle purchasing category for an account code (from the connection's mapping), else options.defaultCategory */
  categoryFor: (glAccountCode: string) => string | undefined;
  /** The PO's location (Procurify branch id + external id) when known, for BU/ship-to mapping */
  shipToLocationCode?: (locationId: string) => string | undefined;
}

/** The natural key carried in the Oracle PO (design.md §2 "Idempotency at the ERP boundary"). */
export function poReference(procurifyPoId: number | string): string {
  return `[PRC-PO-${String(procurifyPoId).trim()}]`;
}

/** PurchaseOrderStateEnum 1: a cancelled PO is never created in Oracle. */
const cancelledState = 1;

interface CheckedLine {
  line: ProcurifyPurchaseOrderLine;
  lineNumber: number;
  quantity: Money;
  price: Money;
}

type LineLabel = (line: ProcurifyPurchaseOrderLine, lineNumber: number) => string;

const describePoLine: LineLabel = (line, lineNumber) =>
  `line ${lineNumber} (Procurify PO line ${line.PO_line_num ?? '?'}, item ${line.id}${line.name ? `, "${cleanText(line.name)}"` : ''})`;

/** A numbered line of the Oracle PO and the Procurify line it comes from. */
export interface NumberedLine {
  line: ProcurifyPurchaseOrderLine;
  lineNumber: number;
}

/**
 * A Procurify document that becomes one Oracle draft PO: a purchased PO, or the approved lines
 * of one requisition for one vendor (requisition.ts). The shared rules below (lines, units,
 * categories, charge accounts, ship-to, sums, description) apply to both alike.
 */
export interface DraftPurchaseOrderSource {
  /** How messages name the document: "PO 1042", "requisition 7001 (vendor 201)". */
  name: string;
  describeLine: LineLabel;
  /** The natural key the Oracle PO carries: `[PRC-PO-1042]`, `[PRC-REQ-7001-201]`. */
  reference: string;
  /** The Description when the reference goes into a flexfield and there are no notes. */
  fallbackDescription: string;
  currencyName: string | null | undefined;
  lines: NumberedLine[];
  /** What the lines must add up to; absent when the source states no total. */
  subtotal?: {
    value: string | null | undefined;
    /** Warning when `value` is missing. */
    missing: string;
    mismatch: (lines: string, subtotal: string) => string;
  };
  headerWarnings: (currency: string) => string[];
  /** Header and line notes for the Description, de-duplicated in order. */
  notes: (string | null | undefined)[];
  paymentTerms: string | null | undefined;
}

/** Lines in PO_line_num order (lines without one last, then by id), numbered 1..n. */
function orderedLines(po: Pick<ProcurifyPurchaseOrder, 'order_items'>): NumberedLine[] {
  const position = (line: ProcurifyPurchaseOrderLine): number => line.PO_line_num ?? Number.POSITIVE_INFINITY;
  return [...po.order_items]
    .sort((a, b) => position(a) - position(b) || a.id - b.id)
    .map((line, index) => ({ line, lineNumber: index + 1 }));
}

/**
 * The Oracle LineNumber that mapPurchaseOrder gives each Procurify PO line (by line id), so the
 * app can later match bill items to the Oracle PO's lines without repeating the ordering rule.
 */
export function purchaseOrderLineNumbers(
  po: Pick<ProcurifyPurchaseOrder, 'order_items'>,
): Record<string, number> {
  return Object.fromEntries(orderedLines(po).map(({ line, lineNumber }) => [String(line.id), lineNumber]));
}

type Checked<T> = { ok: true; value: T } | { ok: false; outcome: MapOutcome<never> };

function checkLines(source: DraftPurchaseOrderSource, currency: string): Checked<CheckedLine[]> {
  const describeLine = source.describeLine;
  const checked: CheckedLine[] = [];
  for (const { line, lineNumber } of source.lines) {
    const quantity = parseMoney(line.quantity);
    const price = parseMoney(line.price);
    for (const [what, value, raw] of [
      ['quantity', quantity, line.quantity],
      ['price', price, line.price],
    ] as const) {
      if (value === undefined) {
        return {
          ok: false,
          outcome: failed(
            'INVALID_AMOUNT',
            `${describeLine(line, lineNumber)} has ${what} ${JSON.stringify(raw)}, which is not a number`,
          ),
        };
      }
      if (!value.isPositive() || value.isZero()) {
        return {
          ok: false,
          outcome: failed(
            'NON_POSITIVE_AMOUNT',
            `${describeLine(line, lineNumber)} has ${what} ${raw}; it must be greater than zero`,
          ),
        };
      }
      if (value.abs().greaterThanOrEqualTo(maxAbsoluteAmount)) {
        return {
          ok: false,
          outcome: failed(
            'INVALID_AMOUNT',
            `${describeLine(line, lineNumber)} has ${what} ${raw}, beyond the 10^13 limit`,
          ),
        };
      }
    }
    if (quantity === undefined || price === undefined) continue; // narrowed above
    const amount = quantity.times(price);
    if (roundMoneyDecimal(amount, currency).greaterThanOrEqualTo(maxAbsoluteAmount)) {
      return {
        ok: false,
        outcome: failed(
          'INVALID_AMOUNT',
          `${describeLine(line, lineNumber)} amounts to ${amount.toString()} ${currency}, beyond the 10^13 limit`,
        ),
      };
    }
    checked.push({ line, lineNumber, quantity, price });
  }
  return { ok: true, value: checked };
}

/**
 * Lines must add up to the document's subtotal. Procurify rounds each line's total and adds them;
 * a client could also round once at the end. With prices of up to 8 decimals the two can differ
 * by a cent, so either agreeing with the subtotal is accepted.
 */
function checkSubtotal(
  source: DraftPurchaseOrderSource,
  lines: CheckedLine[],
  currency: string,
  warnings: string[],
): MapOutcome<never> | undefined {
  if (!source.subtotal) return undefined;
  const subtotal = parseMoney(source.subtotal.value);
  if (subtotal === undefined) {
    warnings.push(source.subtotal.missing);
    return undefined;
  }
  const exact = lines.reduce<Money>((sum, line) => sum.plus(line.quantity.times(line.price)), new Money(0));
  const perLine = lines.reduce<Money>(
    (sum, line) => sum.plus(roundMoneyDecimal(line.quantity.times(line.price), currency)),
    new Money(0),
  );
  const expected = roundMoneyDecimal(subtotal, currency);
  if (
    roundMoneyDecimal(exact, currency).equals(expected) ||
    roundMoneyDecimal(perLine, currency).equals(expected)
  ) {
    return undefined;
  }
  return failed(
    'LINES_DO_NOT_SUM',
    source.subtotal.mismatch(
      `${formatMoney(perLine, currency)} ${currency}`,
      `${formatMoney(subtotal, currency)} ${currency}`,
    ),
  );
}

function headerChargeWarnings(po: ProcurifyPurchaseOrder, currency: string): string[] {
  const warnings: string[] = [];
  for (const [name, value] of [
    ['freight', po.freight],
    ['other charges amount', po.other],
  ] as const) {
    const amount = parseMoney(value);
    if (amount && !amount.isZero()) {
      warnings.push(
        `the PO ${name} of ${formatMoney(amount, currency)} ${currency} is not sent to Oracle (no PO line carries it)`,
      );
    }
  }
  for (const [name, modifier] of [
    ['tax', po.tax],
    ['discount', po['discount'] as { value?: number | null; type?: string | null } | null | undefined],
  ] as const) {
    if (modifier?.value) {
      const type = modifier.type ? ` ${modifier.type}` : '';
      warnings.push(
        `the PO ${name} (${modifier.value}${type}) is not sent to Oracle; Oracle computes its own`,
      );
    }
  }
  return warnings;
}

function shipToFor(locationId: string | null, context: PoMappingContext): string | undefined {
  if (locationId === null) return undefined;
  const fromContext = context.shipToLocationCode?.(locationId)?.trim();
  if (fromContext) return fromContext;
  const fromMapping = context.dimension('location', locationId)?.attributes?.['shipToLocationCode'];
  return typeof fromMapping === 'string' && fromMapping.trim() !== '' ? fromMapping.trim() : undefined;
}

/** The purchased PO as a draft-PO source. */
function purchaseOrderSource(po: ProcurifyPurchaseOrder): DraftPurchaseOrderSource {
  const lines = orderedLines(po);
  return {
    name: `PO ${po.procurify_PO}`,
    describeLine: describePoLine,
    reference: poReference(po.procurify_PO),
    fallbackDescription: `Procurify PO ${cleanText(po.number) || po.procurify_PO}`,
    currencyName: po.purchased_currency?.name,
    lines,
    subtotal: {
      value: po.subtotal,
      missing: 'the PO has no subtotal, so its lines could not be checked against it',
      mismatch: (linesTotal, subtotal) =>
        `the PO lines (quantity × price) add up to ${linesTotal} but the PO subtotal is ${subtotal}`,
    },
    headerWarnings: (currency) => headerChargeWarnings(po, currency),
    notes: [
      po.comment,
      ...lines.flatMap(({ line }) => [line.order_description, line.lineComment, line.line_comment]),
    ],
    paymentTerms: po.payment_terms,
  };
}

/**
 * A purchased Procurify PO → the body of an Oracle draft purchase order (one Oracle line per
 * order item, each with one schedule and one distribution). Source problems (no lines, amounts
 * that are not positive numbers, lines that do not add up to the subtotal, a bad currency) fail;
 * every missing mapping (site, unit, category, account segments, ship-to) is gathered across all
 * lines before the PO is blocked.
 */
export function mapPurchaseOrder(
  po: ProcurifyPurchaseOrder,
  context: PoMappingContext,
): MapOutcome<OracleDraftPurchaseOrder> {
  if (po.state === cancelledState)
    return { kind: 'skipped', reason: `PO ${po.procurify_PO} is cancelled in Procurify` };
  return mapDraftPurchaseOrder(purchaseOrderSource(po), context);
}

/**
 * The shared draft-PO rules (see mapPurchaseOrder), for any source: source data checks first
 * (currency, lines, amounts, sum), then every mapping gathered before blocking.
 */
export function mapDraftPurchaseOrder(
  source: DraftPurchaseOrderSource,
  context: PoMappingContext,
): MapOutcome<OracleDraftPurchaseOrder> {
  const reference = source.reference;
  const currency = currencyCode(source.currencyName);
  if (currency === undefined) {
    return failed(
      'INVALID_CURRENCY',
      `${source.name} has currency ${JSON.stringify(source.currencyName ?? null)}, not a three-letter code`,
    );
  }
  if (source.lines.length === 0) return failed('NO_LINES', `${source.name} has no order items`);

  const checked = checkLines(source, currency);
  if (!checked.ok) return checked.outcome;
  const warnings: string[] = [];
  const mismatch = checkSubtotal(source, checked.value, currency, warnings);
  if (mismatch) return mismatch;
  warnings.push(...source.headerWarnings(currency));

  const missing = new MissingMappings();
  const site = chooseSupplierSite(
    context.supplier,
    context.procurementBU,
    'purchasing',
    context.preferredSite,
  );
  if (!site) {
    missing.add({
      kind: 'supplier_site',
      key: context.supplier.supplierNumber,
      label: `supplier "${context.supplier.name}" has no active purchasing site in ${context.procurementBU}`,
    });
  }

  const lines: OracleDraftPurchaseOrderLine[] = [];
  for (const { line, lineNumber, quantity, price } of checked.value) {
    const lineMissing: MissingMapping[] = [];
    const where = source.describeLine(line, lineNumber);

    const uom = oracleUnit(line.unit, context.options.unitMap);
    if (uom === undefined)
      lineMissing.push({ kind: 'unit', key: unitKey(line.unit), label: `unit of ${where}` });

    const chargeSource = chargeSourceFromAccount(line.account);
    const category =
      (chargeSource.glAccountCode === null
        ? undefined
        : context.categoryFor(chargeSource.glAccountCode)?.trim() || undefined) ??
      (context.options.defaultCategory?.trim() || undefined);
    if (category === undefined) {
      lineMissing.push({
        kind: 'category',
        key: chargeSource.glAccountCode ?? '',
        label: `purchasing category for ${where}`,
      });
    }

    const charge = buildChargeAccount(context.accounting, chargeSource, context.dimension);
    if (!charge.ok) lineMissing.push(...charge.missing);

    const shipTo = shipToFor(chargeSource.locationId, context);
    if (shipTo === undefined) {
      lineMissing.push({
        kind: 'location',
        key: chargeSource.locationId ?? '',
        label:
          chargeSource.locationId === null ? `${where} has no location` : `ship-to location for ${where}`,
      });
    }

    missing.addAll(lineMissing);
    if (uom === undefined || category === undefined || !charge.ok || shipTo === undefined) continue;

    const name = cleanText(line.name) || cleanText(line.sku) || `Procurify item ${line.id}`;
    const requested = calendarDate(line.date_required);
    if (line.date_required && requested === undefined) {
      warnings.push(
        `${where} has date_required ${JSON.stringify(line.date_required)}, not a date; sent without one`,
      );
    }
    const quantityNumber = quantity.toNumber();
    lines.push({
      LineNumber: lineNumber,
      LineType: 'Goods',
      Category: category,
      ItemDescription: truncateText(name, descriptionMaxLength),
      Quantity: quantityNumber,
      UOM: uom,
      Price: price.toNumber(),
      schedules: [
        {
          ScheduleNumber: 1,
          Quantity: quantityNumber,
          ShipToLocationCode: shipTo,
          ...(requested === undefined ? {} : { RequestedDeliveryDate: requested }),
          distributions: [
            { DistributionNumber: 1, Quantity: quantityNumber, POChargeAccount: charge.combination },
          ],
        },
      ],
    });
  }

  if (missing.size > 0 || !site) return blocked(missing.list());

  const notes = distinctNotes(source.notes).join('; ');
  const referenceField = context.options.poReference;
  const description =
    referenceField.field === 'dff'
      ? notes || source.fallbackDescription
      : `${reference}${notes ? ` ${notes}` : ''}`;

  const paymentTerms = cleanText(source.paymentTerms);
  const buyerEmail = context.buyerEmail?.trim();
  return {
    kind: 'mapped',
    warnings,
    payload: {
      ProcurementBU: context.procurementBU,
      RequisitioningBU: context.requisitioningBU ?? context.procurementBU,
      ...(buyerEmail ? { BuyerEmail: buyerEmail } : {}),
      Supplier: context.supplier.name,
      SupplierSite: site.siteCode,
      CurrencyCode: currency,
      ...(paymentTerms ? { PaymentTerms: paymentTerms } : {}),
      Description: truncateText(description, descriptionMaxLength),
      ...(referenceField.field === 'dff' ? { DFF: [{ [referenceField.attribute]: reference }] } : {}),
      lines,
    },
  };
}
