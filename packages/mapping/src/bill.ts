import type { Accounting, ConnectionOptions } from '@mlc/connections';
import type { ProcurifyBill, ProcurifyBillItem, ProcurifyCostAllocation } from '@mlc/procurify-client';
import {
  buildChargeAccount,
  chargeSourceFromAccount,
  type ChargeAccountResult,
  type DimensionLookup,
} from './charge-account.ts';
import {
  allocateRounded,
  currencyCode,
  formatMoney,
  maxAbsoluteAmount,
  Money,
  parseMoney,
  roundMoneyDecimal,
} from './money.ts';
import { blocked, failed, MissingMappings, type MapOutcome } from './outcome.ts';
import { calendarDate, cleanText, descriptionMaxLength, distinctNotes, truncateText } from './text.ts';
import { chooseSupplierSite, type SupplierCandidate } from './vendor-match.ts';

/** The body of `POST invoices` (oracle-fusion.md §4.3), lines and distributions nested. */
export interface OracleInvoicePayload {
  InvoiceNumber: string;
  InvoiceAmount: number;
  InvoiceDate: string;
  InvoiceCurrency: string;
  BusinessUnit: string;
  Supplier: string;
  SupplierNumber: string;
  SupplierSite: string;
  Description: string;
  invoiceLines: OracleInvoiceLine[];
}

export interface OracleInvoiceLine {
  LineNumber: number;
  LineType: 'Item' | 'Freight' | 'Tax' | 'Miscellaneous';
  LineAmount: number;
  Description?: string;
  Quantity?: number;
  UnitPrice?: number;
  PurchaseOrderNumber?: string;
  PurchaseOrderLineNumber?: number;
  PurchaseOrderScheduleLineNumber?: number;
  invoiceDistributions?: OracleInvoiceDistribution[];
}

export interface OracleInvoiceDistribution {
  DistributionLineNumber: number;
  DistributionAmount: number;
  DistributionCombination: string;
}

export interface BillMappingContext {
  /** Invoice BU (the app resolves it from the bill's location mapping or the connection). */
  businessUnit: string;
  accounting: Accounting;
  options: Pick<ConnectionOptions, 'matchInvoicesToPo'> & Partial<Pick<ConnectionOptions, 'taxLineType'>>;
  supplier: SupplierCandidate;
  preferredSite: string | null;
  dimension: DimensionLookup;
  /** The Oracle PO created from a Procurify PO, when it was synced: its number and the Oracle line number of a Procurify PO line id */
  syncedPurchaseOrder: (
    procurifyPoId: string,
  ) => { orderNumber: string; lineNumberFor: (procurifyLineId: string) => number | undefined } | undefined;
  /** Where a tax line is charged: a fixed combination from the connection, else undefined → the item with the largest amount's combination */
  taxCombination?: string;
}

/** Oracle Payables' invoice number length (AP_INVOICES_ALL.INVOICE_NUM is 50 characters). */
export const invoiceNumberMaxLength = 50;

/** The natural key carried in the Oracle invoice description. */
export function billReference(billId: number | string): string {
  return `[PRC-BILL-${String(billId).trim()}]`;
}

/** BillStatusEnum (procurify.md §5.3). */
export const billStatusNames: Readonly<Record<number, string>> = {
  0: 'Draft',
  1: 'Confirmed',
  2: 'Approved',
  3: 'Denied',
  4: 'Paid',
  5: 'Withdrawn',
  6: 'Payment Confirmed',
  7: 'Payment Approved',
  8: 'Payment Limbo',
};

/** Approved and every post-approval payment state: the bill is a payable. */
const eligibleStatuses: ReadonlySet<number> = new Set([2, 4, 6, 7, 8]);

export function isBillEligible(
  bill: ProcurifyBill,
): { eligible: true } | { eligible: false; reason: string } {
  const status = bill.status;
  if (status !== undefined && eligibleStatuses.has(status)) return { eligible: true };
  const name =
    status === undefined ? 'no status' : `status ${status} (${billStatusNames[status] ?? 'unknown'})`;
  return { eligible: false, reason: `bill ${bill.id} has ${name}; only approved bills are sent to Oracle` };
}

type Failure = Extract<MapOutcome<never>, { kind: 'failed' }>;

/** An amount a bill may carry: a number, not negative, below 10^13. */
function checkAmount(
  raw: string | number | null | undefined,
  what: string,
  currency: string,
): { ok: true; amount: Money } | { ok: false; failure: Failure } {
  const amount = parseMoney(raw);
  if (amount === undefined) {
    return {
      ok: false,
      failure: failed('INVALID_AMOUNT', `${what} is ${JSON.stringify(raw ?? null)}, not a number`),
    };
  }
  if (amount.abs().greaterThanOrEqualTo(maxAbsoluteAmount)) {
    return {
      ok: false,
      failure: failed(
        'INVALID_AMOUNT',
        `${what} is ${amount.toString()} ${currency}, beyond the 10^13 limit`,
      ),
    };
  }
  if (roundMoneyDecimal(amount, currency).isNegative()) {
    return {
      ok: false,
      failure: failed('NON_POSITIVE_AMOUNT', `${what} is negative (${amount.toString()} ${currency})`),
    };
  }
  return { ok: true, amount };
}

interface ChargedAllocation {
  allocation: ProcurifyCostAllocation;
  amount: Money;
}

/** Splits `lineAmount` over the allocations and builds their combinations (missing ones gathered). */
function distribute(
  allocations: readonly ProcurifyCostAllocation[],
  lineAmount: Money,
  where: string,
  currency: string,
  context: BillMappingContext,
  missing: MissingMappings,
): { ok: true; distributions: OracleInvoiceDistribution[] } | { ok: false; failure: Failure } {
  if (allocations.length === 0 || allocations.some((allocation) => !allocation.budget)) {
    return { ok: false, failure: failed('NO_ACCOUNT', `${where} has no cost allocation to charge it to`) };
  }
  const parsed: ChargedAllocation[] = [];
  for (const [index, allocation] of allocations.entries()) {
    const checked = checkAmount(allocation.amount, `allocation ${index + 1} of ${where}`, currency);
    if (!checked.ok) return checked;
    parsed.push({ allocation, amount: checked.amount });
  }
  // Zero allocations carry nothing; keep them only if there is nothing else.
  const nonZero = parsed.filter((item) => !item.amount.isZero());
  const used = nonZero.length > 0 ? nonZero : parsed;
  const split = allocateRounded(
    used.map((item) => item.amount),
    lineAmount,
    currency,
  );
  if (split === undefined) {
    const total = parsed.reduce<Money>((sum, item) => sum.plus(item.amount), new Money(0));
    return {
      ok: false,
      failure: failed(
        'DISTRIBUTIONS_DO_NOT_SUM',
        `the cost allocations of ${where} add up to ${formatMoney(total, currency)} ${currency} but the line is ${formatMoney(lineAmount, currency)} ${currency}`,
      ),
    };
  }
  const distributions: OracleInvoiceDistribution[] = [];
  for (const [index, item] of used.entries()) {
    const charge = buildChargeAccount(
      context.accounting,
      chargeSourceFromAccount(item.allocation.budget),
      context.dimension,
    );
    if (!charge.ok) {
      missing.addAll(charge.missing);
      continue;
    }
    distributions.push({
      DistributionLineNumber: index + 1,
      DistributionAmount: (split[index] ?? new Money(0)).toNumber(),
      DistributionCombination: charge.combination,
    });
  }
  return { ok: true, distributions };
}

/** The item's amount: total_cost (without tax), else quantity × unit_cost. */
function itemAmount(item: ProcurifyBillItem): string | number | null | undefined {
  if (item.total_cost !== undefined) return item.total_cost;
  const quantity = parseMoney(item.quantity);
  const unitCost = parseMoney(item.unit_cost);
  return quantity && unitCost ? quantity.times(unitCost).toString() : undefined;
}

function largestAllocation(item: ProcurifyBillItem): ProcurifyCostAllocation | undefined {
  let best: { allocation: ProcurifyCostAllocation; amount: Money } | undefined;
  for (const allocation of item.cost_allocations) {
    const amount = parseMoney(allocation.amount) ?? new Money(0);
    if (allocation.budget && (!best || amount.greaterThan(best.amount))) best = { allocation, amount };
  }
  return best?.allocation;
}

/**
 * An approved Procurify bill → the body of an Oracle Payables invoice: one Item line per bill
 * item (PO-matched when its PO was synced and the connection matches invoices to POs, otherwise
 * charged by its cost allocations), one Freight line per bill cost, one Tax line for the tax.
 * Source problems fail (amounts that are negative, not numbers or ≥ 10^13, a bad currency or
 * date, allocations or lines that do not add up to Procurify's totals); all missing mappings are
 * gathered before the bill is blocked; a bill that is not approved is skipped.
 */
export function mapBill(bill: ProcurifyBill, context: BillMappingContext): MapOutcome<OracleInvoicePayload> {
  const eligibility = isBillEligible(bill);
  if (!eligibility.eligible) return { kind: 'skipped', reason: eligibility.reason };

  const currency = currencyCode(bill.currency.name);
  if (currency === undefined) {
    return failed(
      'INVALID_CURRENCY',
      `bill ${bill.id} has currency ${JSON.stringify(bill.currency.name)}, not a three-letter code`,
    );
  }
  if (bill.items.length === 0) return failed('NO_LINES', `bill ${bill.id} has no items`);
  const invoiceDate = calendarDate(bill.invoice_date);
  if (invoiceDate === undefined) {
    return failed(
      'INVALID_DATE',
      `bill ${bill.id} has invoice date ${JSON.stringify(bill.invoice_date ?? null)}, not a date`,
    );
  }

  // The invoice number is Oracle's key for the invoice (with the supplier): never cut it.
  const sourceInvoiceNumber = cleanText(bill.invoice_number);
  if (sourceInvoiceNumber.length > invoiceNumberMaxLength) {
    return failed(
      'FIELD_TOO_LONG',
      `bill ${bill.id} has an invoice number of ${sourceInvoiceNumber.length} characters ("${truncateText(sourceInvoiceNumber, 40)}"); Oracle Payables takes at most ${invoiceNumberMaxLength}, and the number is the invoice's key, so it is not cut. Correct it in Procurify.`,
    );
  }

  const warnings: string[] = [];
  const missing = new MissingMappings();
  const site = chooseSupplierSite(context.supplier, context.businessUnit, 'pay', context.preferredSite);
  if (!site) {
    missing.add({
      kind: 'supplier_site',
      key: context.supplier.supplierNumber,
      label: `supplier "${context.supplier.name}" has no active pay site in ${context.businessUnit}`,
    });
  }

  const lines: OracleInvoiceLine[] = [];
  const itemAmounts: { item: ProcurifyBillItem; amount: Money }[] = [];

  for (const item of bill.items) {
    const lineNumber = lines.length + 1;
    const where = `item line ${lineNumber} (Procurify bill item ${item.id})`;
    const checked = checkAmount(itemAmount(item), `the amount of ${where}`, currency);
    if (!checked.ok) return checked.failure;
    const lineAmount = roundMoneyDecimal(checked.amount, currency);
    itemAmounts.push({ item, amount: lineAmount });

    const line: OracleInvoiceLine = {
      LineNumber: lineNumber,
      LineType: 'Item',
      LineAmount: lineAmount.toNumber(),
    };
    const description = cleanText(item.description) || cleanText(item.sku);
    if (description) line.Description = truncateText(description, descriptionMaxLength);
    const quantity = parseMoney(item.quantity);
    const unitPrice = parseMoney(item.unit_cost);
    if (
      item['bill_by_cost'] !== true &&
      quantity?.isPositive() &&
      !quantity.isZero() &&
      unitPrice &&
      !unitPrice.isNegative()
    ) {
      line.Quantity = quantity.toNumber();
      line.UnitPrice = unitPrice.toNumber();
    } else if (
      (item.quantity !== undefined && item.quantity !== '' && quantity === undefined) ||
      (item.unit_cost !== undefined && item.unit_cost !== '' && unitPrice === undefined)
    ) {
      warnings.push(
        `${where}: quantity ${JSON.stringify(item.quantity ?? null)} or unit cost ${JSON.stringify(item.unit_cost ?? null)} is not a number; the line is sent by its amount only`,
      );
    }

    const procurifyPoId = item.po?.id ?? item.orderitem?.purchase_order ?? null;
    let matched = false;
    if (context.options.matchInvoicesToPo && procurifyPoId !== null) {
      const synced = context.syncedPurchaseOrder(String(procurifyPoId));
      const procurifyLineId = item.orderitem?.id;
      const oracleLine =
        synced && procurifyLineId !== undefined ? synced.lineNumberFor(String(procurifyLineId)) : undefined;
      if (synced && oracleLine !== undefined) {
        // Oracle derives the distributions of a PO-matched line from the PO's own.
        line.PurchaseOrderNumber = synced.orderNumber;
        line.PurchaseOrderLineNumber = oracleLine;
        line.PurchaseOrderScheduleLineNumber = 1;
        matched = true;
      } else if (synced) {
        warnings.push(
          `${where}: its PO line is not on Oracle PO ${synced.orderNumber}; charged by its cost allocations instead`,
        );
      } else {
        warnings.push(
          `${where}: Procurify PO ${procurifyPoId} has not been synced to Oracle; charged by its cost allocations instead`,
        );
      }
    }
    if (!matched) {
      const distributed = distribute(item.cost_allocations, lineAmount, where, currency, context, missing);
      if (!distributed.ok) return distributed.failure;
      line.invoiceDistributions = distributed.distributions;
    }
    lines.push(line);
  }

  for (const cost of bill.costs) {
    const lineNumber = lines.length + 1;
    const where = `freight line ${lineNumber} (Procurify bill cost "${cleanText(cost.name)}"${cost.id === undefined ? '' : ` ${cost.id}`})`;
    const checked = checkAmount(cost.amount, `the amount of ${where}`, currency);
    if (!checked.ok) return checked.failure;
    const lineAmount = roundMoneyDecimal(checked.amount, currency);
    if (lineAmount.isZero()) {
      warnings.push(`bill cost "${cleanText(cost.name)}" is zero and was left out`);
      continue;
    }
    const distributed = distribute(
      cost.cost_allocation ? [cost.cost_allocation] : [],
      lineAmount,
      where,
      currency,
      context,
      missing,
    );
    if (!distributed.ok) return distributed.failure;
    const description = cleanText(cost.name);
    lines.push({
      LineNumber: lineNumber,
      LineType: 'Freight',
      LineAmount: lineAmount.toNumber(),
      ...(description ? { Description: truncateText(description, descriptionMaxLength) } : {}),
      invoiceDistributions: distributed.distributions,
    });
  }

  if (bill.tax_amount !== null && bill.tax_amount !== undefined) {
    const checked = checkAmount(bill.tax_amount, `the tax amount of bill ${bill.id}`, currency);
    if (!checked.ok) return checked.failure;
    const tax = roundMoneyDecimal(checked.amount, currency);
    if (tax.isPositive() && !tax.isZero()) {
      const combination = taxCombination(bill, itemAmounts, context, missing);
      lines.push({
        LineNumber: lines.length + 1,
        // ❓ A Payables "Tax" line needs tax regime, rate and jurisdiction details Procurify does
        // not have; by default the tax amount is carried on a Miscellaneous line (configurable).
        LineType: context.options.taxLineType ?? 'Miscellaneous',
        LineAmount: tax.toNumber(),
        Description: 'Tax',
        ...(combination === undefined
          ? {}
          : {
              invoiceDistributions: [
                {
                  DistributionLineNumber: 1,
                  DistributionAmount: tax.toNumber(),
                  DistributionCombination: combination,
                },
              ],
            }),
      });
    }
  }

  const invoiceAmount = lines.reduce<Money>((sum, line) => sum.plus(line.LineAmount), new Money(0));
  if (invoiceAmount.abs().greaterThanOrEqualTo(maxAbsoluteAmount)) {
    return failed(
      'INVALID_AMOUNT',
      `bill ${bill.id} amounts to ${formatMoney(invoiceAmount, currency)} ${currency}, beyond the 10^13 limit`,
    );
  }
  const procurifyTotal = parseMoney(bill.total_cost_with_tax);
  if (procurifyTotal === undefined) {
    warnings.push(`bill ${bill.id} has no total_cost_with_tax, so its lines could not be checked against it`);
  } else if (
    !roundMoneyDecimal(procurifyTotal, currency).equals(roundMoneyDecimal(invoiceAmount, currency))
  ) {
    const shipping = parseMoney(bill.shipping_amount);
    const hint =
      shipping && !shipping.isZero()
        ? ` (the bill's shipping amount of ${formatMoney(shipping, currency)} ${currency} is not mapped to a line)`
        : '';
    return failed(
      'LINES_DO_NOT_SUM',
      `bill ${bill.id}: items + costs + tax add up to ${formatMoney(invoiceAmount, currency)} ${currency} but Procurify's total_cost_with_tax is ${formatMoney(procurifyTotal, currency)} ${currency}${hint}`,
    );
  }

  if (missing.size > 0 || !site) return blocked(missing.list());

  let invoiceNumber = sourceInvoiceNumber;
  if (invoiceNumber === '') {
    invoiceNumber = `PRC-${bill.id}`;
    warnings.push(`bill ${bill.id} has no invoice number; sent as ${invoiceNumber}`);
  }
  const requisitionNotes = distinctNotes(
    bill.items.flatMap((item) => [
      item.orderitem?.lineComment,
      item.orderitem?.line_comment,
      item.orderitem?.order_description,
    ]),
  );
  const notes = requisitionNotes.length > 0 ? requisitionNotes.join('; ') : cleanText(bill.note);

  return {
    kind: 'mapped',
    warnings,
    payload: {
      InvoiceNumber: invoiceNumber,
      InvoiceAmount: roundMoneyDecimal(invoiceAmount, currency).toNumber(),
      InvoiceDate: invoiceDate,
      InvoiceCurrency: currency,
      BusinessUnit: context.businessUnit,
      Supplier: context.supplier.name,
      SupplierNumber: context.supplier.supplierNumber,
      SupplierSite: site.siteCode,
      Description: truncateText(`${billReference(bill.id)}${notes ? ` ${notes}` : ''}`, descriptionMaxLength),
      invoiceLines: lines,
    },
  };
}

/** The connection's tax combination, else the combination of the largest item's largest allocation. */
function taxCombination(
  bill: ProcurifyBill,
  items: readonly { item: ProcurifyBillItem; amount: Money }[],
  context: BillMappingContext,
  missing: MissingMappings,
): string | undefined {
  const fixed = context.taxCombination?.trim();
  if (fixed) return fixed;
  let largest: { item: ProcurifyBillItem; amount: Money } | undefined;
  for (const entry of items) if (!largest || entry.amount.greaterThan(largest.amount)) largest = entry;
  const allocation = largest ? largestAllocation(largest.item) : undefined;
  if (!allocation) {
    missing.add({
      kind: 'tax_combination',
      key: String(bill.id),
      label:
        'the largest item has no cost allocation to charge the tax to; set a tax combination on the connection',
    });
    return undefined;
  }
  const charge: ChargeAccountResult = buildChargeAccount(
    context.accounting,
    chargeSourceFromAccount(allocation.budget),
    context.dimension,
  );
  if (!charge.ok) {
    missing.addAll(charge.missing);
    return undefined;
  }
  return charge.combination;
}
