import type { LedgerStatus, PrismaClient } from '@mlc/db';
import { SimulatorControl, type RunningSimulators } from '@mlc/simulators';
import { dashedUuid, expectedOutbound } from './expectations.ts';

/**
 * The bad-input corpus (docs/reliability.md "Bad input"): malformed Procurify records planted in
 * the simulator through its raw-document control API, each with the ledger state and reason the
 * pipeline must end it in. The test file drives them through the real pipeline.
 */

/** A patch of a record's API rendering (see packages/simulators/src/procurify/raw-documents.ts). */
export interface RawPatch {
  set?: Record<string, unknown>;
  unset?: string[];
}
export interface RawOverride {
  list?: RawPatch;
  detail?: RawPatch;
  detailStatus?: 404;
}

export interface Expectation {
  status: LedgerStatus;
  /** What the ledger's reason must say (the operator's next step included, where there is one). */
  reason: RegExp;
  /** The ledger's error code, when the record fails. */
  code?: string;
}

/** The API renderings of the record a case starts from (its detail document). */
export type Document = Record<string, unknown> & {
  items?: Record<string, unknown>[];
  order_items?: Record<string, unknown>[];
};

export interface BadInputCase {
  name: string;
  /** What the pipeline does with it, for the reliability report. */
  handling: string;
  plant: (document: Document) => RawOverride;
  expect: Expectation;
}

/** The same top-level fields in the list row and in the detail. */
const everywhere = (set: Record<string, unknown>): RawOverride => ({ list: { set }, detail: { set } });
const detail = (set: Record<string, unknown>): RawOverride => ({ detail: { set } });

const firstItem = (document: Document, key: 'items' | 'order_items') => {
  const item = document[key]?.[0];
  if (!item) throw new Error(`the record has no ${key}`);
  return item;
};

export const longText = (letter: string) => letter.repeat(10_000);

/** Right-to-left scripts, an emoji ZWJ sequence, a flag, combining marks, zero-width and bidi controls. */
export const unicodeText =
  'فاتورة رقم ٤٥٦ · חשבונית · 👩‍👩‍👧‍👦 🇨🇦 · Cafe\u0301 Z̤͔ͧ̑ · zero\u200bwidth\u200d · \u202eRTL override\u202c';
export const unicodeInvoiceNumber = 'فاتورة-٤٥٦-חשבונית';

export const billCases: BadInputCase[] = [
  {
    name: 'missing vendor',
    handling: 'mapping fails the bill: an invoice needs a supplier',
    plant: () => everywhere({ vendor: null }),
    expect: { status: 'failed', code: 'NO_VENDOR', reason: /no vendor.*Procurify/i },
  },
  {
    name: 'null amount (item total_cost)',
    handling: 'the detail does not match the API contract: recorded as unreadable, not sent',
    plant: () => detail({ 'items.0.total_cost': null }),
    expect: {
      status: 'failed',
      code: 'SOURCE_INVALID',
      reason: /items\.0\.total_cost: .*received null.*Correct the bill in Procurify/,
    },
  },
  {
    name: 'negative amount',
    handling: 'mapping fails it (NON_POSITIVE_AMOUNT)',
    plant: (bill) => detail({ 'items.0.total_cost': `-${String(firstItem(bill, 'items')['total_cost'])}` }),
    expect: { status: 'failed', code: 'NON_POSITIVE_AMOUNT', reason: /is negative/ },
  },
  {
    name: 'huge amount (1e20)',
    handling: 'mapping fails it: beyond the 10^13 both systems allow',
    plant: () => detail({ 'items.0.total_cost': 1e20 }),
    expect: { status: 'failed', code: 'INVALID_AMOUNT', reason: /10\^13/ },
  },
  {
    name: 'more decimals than the currency has',
    handling:
      'rounded half-up to the currency’s minor units; the rounded lines still match the total, so it syncs',
    plant: (bill) =>
      detail({ 'items.0.total_cost': `${String(firstItem(bill, 'items')['total_cost'])}4999` }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'amount as an object',
    handling: 'unreadable detail (wrong type): failed with the field named',
    plant: () => detail({ 'items.0.total_cost': { amount: '10.00', currency: 'USD' } }),
    expect: { status: 'failed', code: 'SOURCE_INVALID', reason: /items\.0\.total_cost/ },
  },
  {
    name: 'quantity "abc" and unit cost "n/a" on an item',
    handling: 'the line amount (total_cost) is authoritative: sent by amount, with a warning',
    plant: () => detail({ 'items.0.quantity': 'abc', 'items.0.unit_cost': 'n/a' }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'id as a string (list and detail)',
    handling:
      'the list row and the detail break the contract: failed with the field named; neighbours on the page are read',
    plant: (bill) => everywhere({ id: String(bill['id']) }),
    expect: { status: 'failed', code: 'SOURCE_INVALID', reason: /\bid\b.*expected number/ },
  },
  {
    name: '10,000-character note and item description',
    handling: 'cleaned and cut to Oracle’s 240 characters (at a grapheme boundary, with "…")',
    plant: () => detail({ note: longText('N'), 'items.0.description': longText('D') }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: '10,000-character invoice number',
    handling: 'the invoice number is the natural key and cannot be cut: failed (Oracle takes 50 characters)',
    plant: () => everywhere({ invoice_number: longText('I') }),
    expect: { status: 'failed', code: 'FIELD_TOO_LONG', reason: /invoice number.*10000 characters.*50/ },
  },
  {
    name: '10,000-character vendor name',
    handling: 'matched by the vendor’s id where a link exists; the reason quotes at most a short label',
    plant: () => everywhere({ 'vendor.name': longText('V') }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'unicode and right-to-left text (invoice number, description, note)',
    handling: 'kept as written (only control characters are dropped)',
    plant: () => ({
      ...everywhere({ invoice_number: unicodeInvoiceNumber }),
      detail: {
        set: { invoice_number: unicodeInvoiceNumber, note: unicodeText, 'items.0.description': unicodeText },
      },
    }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'NUL bytes in the invoice number, note and description',
    handling: 'NUL cannot be stored (Postgres) nor sent: dropped from the stored snapshot and the payload',
    plant: () => ({
      list: { set: { invoice_number: 'NUL\u0000-1' } },
      detail: { set: { invoice_number: 'NUL\u0000-1', note: 'a\u0000b', 'items.0.description': 'x\u0000y' } },
    }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'lone UTF-16 surrogate in a description',
    handling: 'replaced by U+FFFD before it is stored (Postgres refuses it)',
    plant: () => detail({ 'items.0.description': 'broken \ud800 surrogate' }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'invalid date 2026-02-30',
    handling: 'mapping fails it (INVALID_DATE)',
    plant: () => detail({ invoice_date: '2026-02-30' }),
    expect: { status: 'failed', code: 'INVALID_DATE', reason: /"2026-02-30", not a date/ },
  },
  {
    name: 'empty invoice date',
    handling: 'mapping fails it (INVALID_DATE)',
    plant: () => detail({ invoice_date: '' }),
    expect: { status: 'failed', code: 'INVALID_DATE', reason: /invoice date "", not a date/ },
  },
  {
    name: 'garbage invoice date',
    handling: 'mapping fails it (INVALID_DATE)',
    plant: () => detail({ invoice_date: 'next tuesday' }),
    expect: { status: 'failed', code: 'INVALID_DATE', reason: /"next tuesday", not a date/ },
  },
  {
    name: 'garbage last-modified timestamp',
    handling: 'only bookkeeping: stored without a source timestamp, synced',
    plant: () => everywhere({ last_modified_datetime: 'sometime last week' }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'currency Oracle does not have ("XYZ")',
    handling: 'Oracle refuses the invoice: failed with Oracle’s own message',
    plant: () => detail({ currency: { id: 99, name: 'XYZ', rate: '1.000000', base: false } }),
    expect: { status: 'failed', reason: /Oracle rejected it.*'XYZ'.*InvoiceCurrency/ },
  },
  {
    name: 'no currency at all (null)',
    handling: 'unreadable detail: failed with the field named',
    plant: () => detail({ currency: null }),
    expect: { status: 'failed', code: 'SOURCE_INVALID', reason: /currency/ },
  },
  {
    name: 'lines that do not sum to the total',
    handling: 'mapping fails it (LINES_DO_NOT_SUM) with both figures',
    plant: (bill) => detail({ total_cost_with_tax: Number(bill['total_cost_with_tax']) + 100 }),
    expect: {
      status: 'failed',
      code: 'LINES_DO_NOT_SUM',
      reason: /add up to .* but Procurify's total_cost_with_tax is/,
    },
  },
  {
    name: 'listed, then 404 on its detail',
    handling: 'recorded as skipped (deleted or no longer visible); the stream and its cursor go on',
    plant: () => ({ detailStatus: 404 }),
    expect: { status: 'skipped', reason: /404.*deleted or.*no longer visible/ },
  },
];

export const purchaseOrderCases: BadInputCase[] = [
  {
    name: 'missing vendor',
    handling: 'mapping fails the PO: an Oracle PO needs a supplier',
    plant: () => everywhere({ pref_vendor: null }),
    expect: { status: 'failed', code: 'NO_VENDOR', reason: /no vendor.*Procurify/i },
  },
  {
    name: 'quantity "abc"',
    handling: 'mapping fails it (INVALID_AMOUNT)',
    plant: () => detail({ 'order_items.0.quantity': 'abc' }),
    expect: { status: 'failed', code: 'INVALID_AMOUNT', reason: /quantity "abc", which is not a number/ },
  },
  {
    name: 'negative price',
    handling: 'mapping fails it (NON_POSITIVE_AMOUNT)',
    plant: () => detail({ 'order_items.0.price': '-5.00' }),
    expect: {
      status: 'failed',
      code: 'NON_POSITIVE_AMOUNT',
      reason: /price -5\.00; it must be greater than zero/,
    },
  },
  {
    name: 'huge price (1e20)',
    handling: 'mapping fails it (INVALID_AMOUNT)',
    plant: () => detail({ 'order_items.0.price': 1e20 }),
    expect: { status: 'failed', code: 'INVALID_AMOUNT', reason: /10\^13/ },
  },
  {
    name: 'null price',
    handling: 'unreadable detail: failed with the field named',
    plant: () => detail({ 'order_items.0.price': null }),
    expect: { status: 'failed', code: 'SOURCE_INVALID', reason: /order_items\.0\.price/ },
  },
  {
    name: 'price as an object',
    handling: 'unreadable detail: failed with the field named',
    plant: () => detail({ 'order_items.0.price': { value: 5 } }),
    expect: { status: 'failed', code: 'SOURCE_INVALID', reason: /order_items\.0\.price/ },
  },
  {
    name: 'lines that do not sum to the subtotal',
    handling: 'mapping fails it (LINES_DO_NOT_SUM) with both figures',
    plant: (po) => detail({ subtotal: (Number(po['subtotal']) + 100).toFixed(2) }),
    expect: { status: 'failed', code: 'LINES_DO_NOT_SUM', reason: /add up to .* but the PO subtotal is/ },
  },
  {
    name: 'id as a string (list and detail)',
    handling: 'the list row and the detail break the contract: failed with the field named',
    plant: (po) => everywhere({ procurify_PO: String(po['procurify_PO']) }),
    expect: { status: 'failed', code: 'SOURCE_INVALID', reason: /procurify_PO.*expected number/ },
  },
  {
    name: '10,000-character line name and comment',
    handling: 'cleaned and cut to 240 characters',
    plant: () => detail({ 'order_items.0.name': longText('L'), comment: longText('C') }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'unicode and right-to-left line name',
    handling: 'kept as written',
    plant: () => detail({ 'order_items.0.name': unicodeText }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'currency Oracle does not have ("XYZ")',
    handling: 'Oracle refuses the PO: failed with Oracle’s own message',
    plant: () => detail({ purchased_currency: { id: 99, name: 'XYZ', rate: '1.000000', base: false } }),
    expect: { status: 'failed', reason: /Oracle rejected it.*'XYZ'.*CurrencyCode/ },
  },
  {
    name: 'invalid required date 2026-02-30 on a line',
    handling: 'the date is optional in Oracle: sent without it, with a warning',
    plant: () => detail({ 'order_items.0.date_required': '2026-02-30' }),
    expect: { status: 'synced', reason: /.*/ },
  },
  {
    name: 'listed, then 404 on its detail',
    handling: 'recorded as skipped; the stream and its cursor go on',
    plant: () => ({ detailStatus: 404 }),
    expect: { status: 'skipped', reason: /404.*deleted or.*no longer visible/ },
  },
];

/** Bills and POs that sync when nothing is wrong with them, oldest first, to plant cases on. */
export function syncableRecords(sims: RunningSimulators) {
  const expected = expectedOutbound(sims.scenario);
  const bills = [...expected.bills.values()]
    .filter((entry) => entry.status === 'synced')
    .map((entry) => entry.bill)
    .sort((a, b) => a.id - b.id);
  const purchaseOrders = [...expected.purchaseOrders.values()]
    .filter((entry) => entry.status === 'synced')
    .map((entry) => entry.po)
    .sort((a, b) => a.id - b.id);
  return { expected, bills, purchaseOrders };
}

export type RawKind = 'bills' | 'purchase-orders';

/** The simulator's control API for raw documents, over HTTP as an out-of-process test would use it. */
export function rawDocuments(sims: RunningSimulators) {
  const control = new SimulatorControl(sims.procurify.url);
  return {
    async document(kind: RawKind, id: number): Promise<Document> {
      const shown = await control.request<{ document: Document }>('GET', `/procurify/${kind}/${id}`);
      return shown.document;
    },
    plant(kind: RawKind, id: number, override: RawOverride): Promise<unknown> {
      return control.request('PUT', `/procurify/raw/${kind}/${id}`, override);
    },
    remove(kind: RawKind, id: number): Promise<unknown> {
      return control.request('DELETE', `/procurify/raw/${kind}/${id}`);
    },
  };
}

/** The ledger record of a bill (by uuid) or PO (by id). */
export async function ledgerRecordOf(
  prisma: PrismaClient,
  connectionId: string,
  kind: RawKind,
  record: { id: number; uuid: string },
) {
  return prisma.ledgerRecord.findFirst({
    where:
      kind === 'bills'
        ? { connectionId, entity: 'bill', sourceId: dashedUuid(record.uuid) }
        : { connectionId, entity: 'purchase_order', sourceId: String(record.id) },
  });
}
