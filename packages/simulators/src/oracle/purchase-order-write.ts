import { BodyReader } from './body-reader.ts';
import { fromCents, toCents } from './format.ts';
import {
  requireBusinessUnit,
  requireCurrency,
  requireEnabledAccount,
  requireProcurementBusinessUnit,
  requireSupplier,
  requireSupplierSite,
} from './master-data.ts';
import type {
  PurchaseOrderDistributionRow,
  PurchaseOrderLineRecord,
  PurchaseOrderRecord,
  PurchaseOrderScheduleRecord,
} from './records.ts';
import { badRequest, invalidValue, notFound, readOnlyAttribute, requiredAttribute } from './request-error.ts';
import type { OracleStore } from './store.ts';

function requireKnown(set: ReadonlySet<string>, attribute: string, value: string): string {
  if (!set.has(value)) throw invalidValue(attribute, value);
  return value;
}

function requireShipTo(
  store: OracleStore,
  attribute: string,
  code: string | undefined,
  where: string,
): string {
  if (code === undefined) throw requiredAttribute(attribute, where);
  if (!store.shipToLocations.has(code)) throw invalidValue(attribute, code);
  return code;
}

function positiveInteger(reader: BodyReader, attribute: string, fallback: number): number {
  const value = reader.number(attribute) ?? fallback;
  if (!Number.isInteger(value) || value < 1) throw invalidValue(attribute, value);
  return value;
}

function requireBuyer(store: OracleStore, email: string) {
  const buyer = store.buyersByEmail.get(email.toLowerCase());
  if (!buyer) throw invalidValue('BuyerEmail', email);
  return buyer;
}

/**
 * POST draftPurchaseOrders: the header with nested lines → schedules → distributions, validated
 * against the master data. The draft has no OrderNumber yet; `submit` assigns it.
 */
export function createDraftPurchaseOrder(store: OracleStore, body: unknown): PurchaseOrderRecord {
  const header = new BodyReader(body);
  const procurementBU = requireProcurementBusinessUnit(
    store,
    'ProcurementBU',
    header.requiredString('ProcurementBU'),
  );
  const requisitioningBU = requireBusinessUnit(
    store,
    'RequisitioningBU',
    header.string('RequisitioningBU') ?? procurementBU.row.BusinessUnitName,
  );
  const billToBU = requireBusinessUnit(
    store,
    'BillToBU',
    header.string('BillToBU') ?? requisitioningBU.row.BusinessUnitName,
  );
  const supplier = requireSupplier(store, header.requiredString('Supplier'), header.string('SupplierNumber'));
  const site = requireSupplierSite(
    store,
    supplier,
    header.requiredString('SupplierSite'),
    procurementBU.row.BusinessUnitName,
    'purchasing',
  );
  const currency = requireCurrency(
    store,
    'CurrencyCode',
    header.string('CurrencyCode') ?? procurementBU.currency,
  );
  const buyer = requireBuyer(store, header.requiredString('BuyerEmail'));
  const paymentTerms = header.string('PaymentTerms');
  if (paymentTerms !== undefined) requireKnown(store.paymentTerms, 'PaymentTerms', paymentTerms);
  const defaultShipTo = header.string('DefaultShipToLocationCode');
  if (defaultShipTo !== undefined)
    requireShipTo(store, 'DefaultShipToLocationCode', defaultShipTo, 'the order');

  const now = store.now();
  const lineReaders = header.children('lines', (index) => `line ${index + 1}`);
  if (lineReaders.length === 0) throw requiredAttribute('lines', 'the purchase order');
  const lineNumbers = new Set<number>();
  let orderedCents = 0;
  const lines = lineReaders.map((line, index): PurchaseOrderLineRecord => {
    const lineNumber = positiveInteger(line, 'LineNumber', index + 1);
    if (lineNumbers.has(lineNumber))
      throw invalidValue('LineNumber', lineNumber, 'The line number is used twice.');
    lineNumbers.add(lineNumber);
    const quantity = line.positiveNumber('Quantity');
    const price = line.positiveNumber('Price');
    const lineCents = Math.round(quantity * toCents(price));
    orderedCents += lineCents;
    const scheduleReaders = line.children('schedules', (n) => `schedule ${n + 1} of line ${lineNumber}`);
    if (scheduleReaders.length === 0) throw requiredAttribute('schedules', `line ${lineNumber}`);
    const schedules = scheduleReaders.map((schedule, scheduleIndex): PurchaseOrderScheduleRecord => {
      const scheduleQuantity = schedule.has('Quantity') ? schedule.positiveNumber('Quantity') : quantity;
      const shipTo = requireShipTo(
        store,
        'ShipToLocationCode',
        schedule.string('ShipToLocationCode') ?? defaultShipTo,
        schedule.where ?? 'a schedule',
      );
      const distributionReaders = schedule.children(
        'distributions',
        (n) => `distribution ${n + 1} of ${schedule.where ?? 'a schedule'}`,
      );
      if (distributionReaders.length === 0) throw requiredAttribute('distributions', schedule.where);
      const distributions = distributionReaders.map(
        (distribution, distributionIndex): PurchaseOrderDistributionRow => {
          const account = requireEnabledAccount(
            store,
            'POChargeAccount',
            distribution.requiredString('POChargeAccount'),
          );
          const deliverTo = distribution.string('DeliverToLocationCode');
          if (deliverTo !== undefined)
            requireShipTo(store, 'DeliverToLocationCode', deliverTo, distribution.where ?? '');
          return {
            PODistributionId: store.nextId(),
            DistributionNumber: positiveInteger(distribution, 'DistributionNumber', distributionIndex + 1),
            Quantity: distribution.has('Quantity')
              ? distribution.positiveNumber('Quantity')
              : scheduleQuantity,
            POChargeAccount: account.ConcatenatedSegments,
            // oxlint-disable-next-line no-underscore-dangle -- Oracle's attribute name
            POChargeAccountId: account._CODE_COMBINATION_ID,
            DeliverToLocationCode: deliverTo ?? null,
            BudgetDate: distribution.date('BudgetDate') ?? null,
          };
        },
      );
      return {
        row: {
          LineLocationId: store.nextId(),
          ScheduleNumber: positiveInteger(schedule, 'ScheduleNumber', scheduleIndex + 1),
          Quantity: scheduleQuantity,
          ShipToLocationCode: shipTo,
          RequestedDeliveryDate: schedule.date('RequestedDeliveryDate') ?? null,
          PromisedDeliveryDate: schedule.date('PromisedDeliveryDate') ?? null,
          DestinationTypeCode: schedule.string('DestinationTypeCode') ?? 'EXPENSE',
        },
        distributions,
      };
    });
    return {
      row: {
        POLineId: store.nextId(),
        LineNumber: lineNumber,
        LineType: line.string('LineType') ?? 'Goods',
        Category: requireKnown(store.categories, 'Category', line.requiredString('Category')),
        ItemDescription: line.requiredString('ItemDescription'),
        Quantity: quantity,
        UOM: requireKnown(store.unitsOfMeasure, 'UOM', line.requiredString('UOM')),
        Price: price,
        Ordered: fromCents(lineCents),
        CreationDate: now,
        LastUpdateDate: now,
      },
      schedules,
    };
  });

  const record: PurchaseOrderRecord = {
    row: {
      POHeaderId: store.nextId(),
      OrderNumber: null,
      Description: header.string('Description') ?? null,
      Status: 'Incomplete',
      StatusCode: 'INCOMPLETE',
      DocumentStyle: header.string('DocumentStyle') ?? 'Purchase Order',
      ProcurementBUId: procurementBU.row.BusinessUnitId,
      ProcurementBU: procurementBU.row.BusinessUnitName,
      RequisitioningBUId: requisitioningBU.row.BusinessUnitId,
      RequisitioningBU: requisitioningBU.row.BusinessUnitName,
      BillToBUId: billToBU.row.BusinessUnitId,
      BillToBU: billToBU.row.BusinessUnitName,
      BuyerId: buyer.id,
      Buyer: buyer.name,
      BuyerEmail: buyer.email,
      SupplierId: supplier.row.SupplierId,
      Supplier: supplier.row.Supplier,
      SupplierSiteId: site.SupplierSiteId,
      SupplierSite: site.SupplierSite,
      CurrencyCode: currency,
      PaymentTerms: paymentTerms ?? null,
      DefaultShipToLocationCode: defaultShipTo ?? null,
      Ordered: fromCents(orderedCents),
      CreationDate: now,
      LastUpdateDate: now,
    },
    lines,
  };
  store.draftPurchaseOrders.set(record.row.POHeaderId, record);
  return record;
}

const patchableAttributes = [
  'Description',
  'PaymentTerms',
  'BuyerEmail',
  'DefaultShipToLocationCode',
] as const;

/**
 * PATCH draftPurchaseOrders/{POHeaderId}: simple header updates. On the id of a submitted order it
 * opens a change order (a draft copy keeping the OrderNumber) that `submit` applies.
 */
export function patchDraftPurchaseOrder(
  store: OracleStore,
  poHeaderId: number,
  body: unknown,
): PurchaseOrderRecord {
  const patch = new BodyReader(body);
  const unknown = patch.unknownAttributes([...patchableAttributes, 'POHeaderId']);
  if (unknown[0] !== undefined) throw readOnlyAttribute(unknown[0], 'draftPurchaseOrders');
  let record = store.draftPurchaseOrders.get(poHeaderId);
  if (!record) {
    const submitted = store.purchaseOrders.get(poHeaderId);
    if (!submitted) throw notFound('draftPurchaseOrders', String(poHeaderId));
    record = structuredClone(submitted);
    record.row.Status = 'Incomplete';
    record.row.StatusCode = 'INCOMPLETE';
  }
  const { row } = record;
  if (patch.has('Description')) row.Description = patch.string('Description') ?? null;
  const terms = patch.string('PaymentTerms');
  if (terms !== undefined) row.PaymentTerms = requireKnown(store.paymentTerms, 'PaymentTerms', terms);
  const email = patch.string('BuyerEmail');
  if (email !== undefined) {
    const buyer = requireBuyer(store, email);
    Object.assign(row, { BuyerId: buyer.id, Buyer: buyer.name, BuyerEmail: buyer.email });
  }
  const shipTo = patch.string('DefaultShipToLocationCode');
  if (shipTo !== undefined)
    row.DefaultShipToLocationCode = requireShipTo(store, 'DefaultShipToLocationCode', shipTo, 'the order');
  row.LastUpdateDate = store.now();
  store.draftPurchaseOrders.set(poHeaderId, record);
  return record;
}

/**
 * POST draftPurchaseOrders/{POHeaderId}/action/submit. Body `{}` or `{"bypassApprovalsFlag": true}`;
 * either way the order is approved at once (the simulator has no approval workflow): it leaves the
 * drafts and becomes an Open purchaseOrders row with an OrderNumber.
 */
export function submitDraftPurchaseOrder(
  store: OracleStore,
  poHeaderId: number,
  body: unknown,
): PurchaseOrderRecord {
  const draft = store.draftPurchaseOrders.get(poHeaderId);
  if (!draft) throw notFound('draftPurchaseOrders', String(poHeaderId));
  const options = new BodyReader(body ?? {});
  options.boolean('bypassApprovalsFlag'); // accepted; validates the flag's type only
  if (draft.lines.length === 0) throw badRequest('The purchase order has no lines and cannot be submitted.');
  draft.row.OrderNumber ??= store.nextOrderNumber();
  draft.row.Status = 'Open';
  draft.row.StatusCode = 'OPEN';
  draft.row.LastUpdateDate = store.now();
  store.addPurchaseOrder(draft);
  return draft;
}
