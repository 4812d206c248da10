import type { ConnectionStore } from '@mlc/connections';
import type { PrismaClient } from '@mlc/db';
import type { Logger } from '@mlc/logger';
import {
  billReference,
  billStatusNames,
  cleanText,
  currencyCode,
  formatMoney,
  Money,
  parseMoney,
  roundMoneyDecimal,
} from '@mlc/mapping';
import { quote, type OracleClient, type OracleInvoice } from '@mlc/oracle-client';
import { mapWithConcurrency } from '@mlc/pipeline';
import { billDetailSchema, type ProcurifyBill, type ProcurifyClient } from '@mlc/procurify-client';
import { connectionClients, type TokenServiceClient } from '@mlc/token-client';
import { z } from 'zod';
import { assertConnectionExists } from '../connections.ts';
import { InvalidRequestError } from '../errors.ts';
import {
  discrepancyKinds,
  type Discrepancy,
  type DiscrepancyKind,
  type LocationTotal,
  type OracleInvoiceSide,
  type ProcurifyBillSide,
  type ReconcileReport,
  type SideTotal,
} from './types.ts';

export interface ReconcileDeps {
  prisma: PrismaClient;
  connections: ConnectionStore;
  /** Tokens for the upstream reads come from token-service, like every other app's. */
  tokens: TokenServiceClient;
  logger: Logger;
  /** Upstream reads in flight at once (bill details, invoices dated outside the period). Default 8. */
  concurrency?: number;
}

export const reconcilePeriodSchema = z
  .object({
    from: z.iso.date({ message: 'expected a date YYYY-MM-DD' }),
    to: z.iso.date({ message: 'expected a date YYYY-MM-DD' }),
  })
  .refine((period) => period.from <= period.to, { message: '`from` is after `to`', path: ['to'] });
export type ReconcilePeriod = z.infer<typeof reconcilePeriodSchema>;

/** Approved and every later state (payment confirmed, approved, limbo; paid): mapping's isBillEligible. */
const approvedStatuses: ReadonlySet<number> = new Set([2, 4, 6, 7, 8]);
const paidStatus = 4;
const referencePattern = /\[PRC-BILL-([^\]\s]+)\]/;

interface LedgerBill {
  sourceId: string;
  status: string;
  reason: string | null;
  targetId: string | null;
  targetNumber: string | null;
  details: unknown;
  sourceSnapshot: unknown;
}

/** What the report reads of a bill, from the list (SimpleBill) or the detail (BillRead). */
interface BillFacts {
  id: number;
  uuid: string;
  status?: number | undefined;
  invoice_number?: string | null | undefined;
  invoice_date?: string | null | undefined;
  vendor?: { id: number } | null | undefined;
  currency?: { name: string } | null | undefined;
  total_cost_with_tax?: string | number | undefined;
}

interface Bill {
  summary: BillFacts;
  ledger: LedgerBill | undefined;
  /** As the mapper sends it: the bill's invoice number, else PRC-{id}. */
  invoiceNumber: string;
  supplierNumber: string | null;
  locationId: string | null;
  /** Dated outside the period: reached through the ledger from an invoice dated inside it. */
  outsidePeriod: boolean;
}

const dateOf = (value: string | null | undefined) => (value ? value.slice(0, 10) : null);
const inPeriod = (date: string | null, period: ReconcilePeriod) =>
  date !== null && date >= period.from && date <= period.to;

/** A rounded decimal string, or null when the value is not a number. */
function money(value: string | number | null | undefined, currency: string | null): Money | null {
  const parsed = parseMoney(value);
  return parsed === undefined ? null : roundMoneyDecimal(parsed, currency ?? 'USD');
}

function billCurrency(bill: BillFacts): string | null {
  return currencyCode(bill.currency?.name) ?? null;
}

function procurifySide(bill: Bill): ProcurifyBillSide {
  const { summary } = bill;
  const currency = billCurrency(summary);
  const amount = money(summary.total_cost_with_tax, currency);
  return {
    billId: summary.id,
    billUuid: summary.uuid,
    invoiceNumber: cleanText(summary.invoice_number) || null,
    invoiceDate: dateOf(summary.invoice_date),
    amount: amount === null ? null : formatMoney(amount, currency ?? 'USD'),
    currency,
    paid: summary.status === paidStatus,
    status: billStatusNames[summary.status ?? -1] ?? `status ${String(summary.status)}`,
  };
}

function oracleSide(invoice: OracleInvoice): OracleInvoiceSide {
  const currency = currencyCode(invoice.InvoiceCurrency) ?? null;
  const amount = money(invoice.InvoiceAmount, currency);
  return {
    invoiceId: invoice.InvoiceId,
    invoiceNumber: invoice.InvoiceNumber,
    invoiceDate: dateOf(invoice.InvoiceDate),
    supplierNumber: invoice.SupplierNumber ?? null,
    amount: amount === null ? null : formatMoney(amount, currency ?? 'USD'),
    currency,
    paidStatus: invoice.PaidStatus ?? null,
  };
}

const isPaidInOracle = (invoice: OracleInvoice) => (invoice.PaidStatus ?? '').trim().toLowerCase() === 'paid';

/** Where a bill is charged: the location (branch) of its first cost allocation's department. */
function locationOfBill(bill: ProcurifyBill): string | null {
  // Same rule as the mapper's (packages/pipeline map-record.service.ts), so totals follow the BU used.
  for (const item of bill.items) {
    for (const allocation of item.cost_allocations) {
      const branch = allocation.budget?.department.branch?.id;
      if (branch !== undefined) return String(branch);
    }
  }
  return null;
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'UPSTREAM_NOT_FOUND';
}

async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

async function readBills(client: ProcurifyClient, period: ReconcilePeriod) {
  const summaries = await collect(
    client.listBills({ invoiceDateFrom: period.from, invoiceDateTo: period.to }),
  );
  // The list has no status filter; the date filter is checked again in case a server ignores it.
  return summaries.filter(
    (bill) => approvedStatuses.has(bill.status ?? -1) && inPeriod(dateOf(bill.invoice_date), period),
  );
}

async function readInvoices(client: OracleClient, period: ReconcilePeriod) {
  const invoices = await collect(
    client.listInvoices({
      q: `InvoiceDate>=${quote(period.from)};InvoiceDate<=${quote(period.to)}`,
      orderBy: 'InvoiceId:asc',
    }),
  );
  return invoices.filter((invoice) => inPeriod(dateOf(invoice.InvoiceDate), period));
}

class Totals {
  private readonly rows = new Map<string, LocationTotal & { sums: { procurify: Money; oracle: Money } }>();
  readonly procurify = new Map<string, { count: number; sum: Money }>();
  readonly oracle = new Map<string, { count: number; sum: Money }>();

  private row(locationId: string | null, currency: string) {
    const key = `${locationId ?? ''}\u0000${currency}`;
    let row = this.rows.get(key);
    if (!row) {
      row = {
        locationId,
        location: null,
        currency,
        procurify: { count: 0, amount: '0' },
        oracle: { count: 0, amount: '0' },
        matched: 0,
        sums: { procurify: new Money(0), oracle: new Money(0) },
      };
      this.rows.set(key, row);
    }
    return row;
  }

  add(
    side: 'procurify' | 'oracle',
    locationId: string | null,
    currency: string | null,
    amount: string | null,
  ) {
    const code = currency ?? 'unknown';
    const row = this.row(locationId, code);
    row[side].count += 1;
    const value = amount === null ? new Money(0) : new Money(amount);
    row.sums[side] = row.sums[side].plus(value);
    const total = this[side].get(code) ?? { count: 0, sum: new Money(0) };
    this[side].set(code, { count: total.count + 1, sum: total.sum.plus(value) });
  }

  matched(locationId: string | null, currency: string | null) {
    this.row(locationId, currency ?? 'unknown').matched += 1;
  }

  side(side: 'procurify' | 'oracle'): SideTotal {
    const amount: Record<string, string> = {};
    let count = 0;
    for (const [currency, total] of [...this[side]].sort(([a], [b]) => a.localeCompare(b))) {
      amount[currency] = formatMoney(total.sum, currency);
      count += total.count;
    }
    return { count, amount };
  }

  list(names: ReadonlyMap<string, string>): LocationTotal[] {
    return [...this.rows.values()]
      .map(({ sums, ...row }) => ({
        ...row,
        location: row.locationId === null ? null : (names.get(row.locationId) ?? null),
        procurify: { count: row.procurify.count, amount: formatMoney(sums.procurify, row.currency) },
        oracle: { count: row.oracle.count, amount: formatMoney(sums.oracle, row.currency) },
      }))
      .sort(
        (a, b) =>
          (a.location ?? a.locationId ?? '\uffff').localeCompare(b.location ?? b.locationId ?? '\uffff') ||
          a.currency.localeCompare(b.currency),
      );
  }
}

/**
 * The month-end reconciliation (design.md §1): Procurify's approved bills dated in the period
 * against Oracle's Payables invoices dated in it. A bill and an invoice pair up through the
 * ledger (the invoice the connector created), else by invoice number + supplier number; each
 * pair is checked for amount and paid status; bills without an invoice are missing in Oracle;
 * invoices carrying our `[PRC-BILL-…]` reference that the ledger does not know are unexpected.
 * Read-only: both upstreams see GETs only, nothing is recorded.
 */
export async function reconcile(
  deps: ReconcileDeps,
  connectionId: string,
  input: { from: string; to: string },
): Promise<ReconcileReport> {
  const parsed = reconcilePeriodSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new InvalidRequestError(`Invalid period: ${problems.join('; ')}`, 'INVALID_PERIOD');
  }
  const period = parsed.data;
  const { prisma } = deps;
  await assertConnectionExists(prisma, connectionId);
  const settings = await deps.connections.settings(connectionId);
  const logger = deps.logger.child({ module: 'reconcile', connectionId });
  const clients = connectionClients(settings, deps.tokens, logger);
  const concurrency = deps.concurrency ?? 8;

  const [summaries, invoices] = await Promise.all([
    readBills(clients.procurify, period),
    readInvoices(clients.oracle, period),
  ]);
  const ledgerSelect = {
    sourceId: true,
    status: true,
    reason: true,
    targetId: true,
    targetNumber: true,
    details: true,
    sourceSnapshot: true,
  } as const;
  const [billLedger, invoiceLedger, links] = await Promise.all([
    prisma.ledgerRecord.findMany({
      where: { connectionId, entity: 'bill', sourceId: { in: summaries.map((bill) => bill.uuid) } },
      select: ledgerSelect,
    }),
    prisma.ledgerRecord.findMany({
      where: { connectionId, entity: 'bill', targetId: { in: invoices.map((invoice) => invoice.InvoiceId) } },
      select: ledgerSelect,
    }),
    prisma.vendorLink.findMany({
      where: { connectionId, state: 'confirmed' },
      select: { procurifyVendorId: true, oracleSupplierNumber: true },
    }),
  ]);
  const ledgerBySource = new Map<string, LedgerBill>(billLedger.map((row) => [row.sourceId, row]));
  const ledgerByTarget = new Map<string, LedgerBill>(
    invoiceLedger.flatMap((row) => (row.targetId ? [[row.targetId, row] as const] : [])),
  );
  const supplierOfVendor = new Map(links.map((link) => [link.procurifyVendorId, link.oracleSupplierNumber]));

  const makeBill = async (summary: BillFacts, outsidePeriod: boolean): Promise<Bill> => {
    const ledger = ledgerBySource.get(summary.uuid);
    const used = (ledger?.details as { supplierNumber?: unknown } | null)?.supplierNumber;
    // The location lives in the bill's detail: the ledger's snapshot of it, else one GET.
    const snapshot = billDetailSchema.safeParse(ledger?.sourceSnapshot);
    const detail = snapshot.success ? snapshot.data : await clients.procurify.getBill(summary.uuid);
    return {
      summary,
      ledger,
      invoiceNumber: cleanText(summary.invoice_number) || `PRC-${summary.id}`,
      supplierNumber:
        typeof used === 'string' ? used : (supplierOfVendor.get(String(summary.vendor?.id ?? '')) ?? null),
      locationId: locationOfBill(detail),
      outsidePeriod,
    };
  };
  const bills = await mapWithConcurrency(summaries, concurrency, (summary) => makeBill(summary, false));

  const discrepancies: Discrepancy[] = [];
  const report = (kind: DiscrepancyKind, bill: Bill | null, invoice: OracleInvoice | null, message: string) =>
    discrepancies.push({
      kind,
      procurify: bill ? procurifySide(bill) : null,
      oracle: invoice ? oracleSide(invoice) : null,
      message,
    });
  const invoicesById = new Map(invoices.map((invoice) => [invoice.InvoiceId, invoice]));
  const consumed = new Set<string>();
  const pairs: { bill: Bill; invoice: OracleInvoice }[] = [];
  const unmatched: Bill[] = [];

  // 1. Through the ledger: the invoice the connector created (fetched when dated outside the period).
  const viaLedger = bills.filter((bill) => bill.ledger?.targetId);
  const targets = await mapWithConcurrency(viaLedger, concurrency, async (bill) => {
    const targetId = bill.ledger?.targetId ?? '';
    const listed = invoicesById.get(targetId);
    if (listed) return listed;
    try {
      return await clients.oracle.getInvoice(targetId);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  });
  for (const [index, bill] of viaLedger.entries()) {
    const invoice = targets[index] ?? null;
    const name = bill.ledger?.targetNumber ?? bill.ledger?.targetId ?? '?';
    if (invoice) consumed.add(invoice.InvoiceId);
    if (!invoice) {
      report(
        'missing_in_oracle',
        bill,
        null,
        `The ledger says bill ${bill.summary.id} became Oracle invoice ${name} (id ${bill.ledger?.targetId ?? '?'}), but Oracle has no such invoice: it was deleted or the pod was restored`,
      );
    } else if (invoice.CanceledFlag) {
      report(
        'missing_in_oracle',
        bill,
        invoice,
        `Oracle invoice ${invoice.InvoiceNumber} of bill ${bill.summary.id} was canceled${invoice.CanceledDate ? ` on ${dateOf(invoice.CanceledDate) ?? invoice.CanceledDate}` : ''}; the approved bill has no live invoice`,
      );
    } else {
      pairs.push({ bill, invoice });
    }
  }

  // 2. By the natural key Payables enforces: invoice number + supplier number.
  for (const bill of bills.filter((candidate) => !candidate.ledger?.targetId)) {
    const reference = billReference(bill.summary.id);
    const invoice = invoices.find(
      (candidate) =>
        !consumed.has(candidate.InvoiceId) &&
        !candidate.CanceledFlag &&
        candidate.InvoiceNumber === bill.invoiceNumber &&
        (bill.supplierNumber
          ? candidate.SupplierNumber === bill.supplierNumber
          : (candidate.Description ?? '').includes(reference)),
    );
    if (!invoice) {
      unmatched.push(bill);
      continue;
    }
    consumed.add(invoice.InvoiceId);
    pairs.push({ bill, invoice });
    if (referencePattern.test(invoice.Description ?? '') && !ledgerByTarget.has(invoice.InvoiceId)) {
      report(
        'unexpected_in_oracle',
        bill,
        invoice,
        `Oracle invoice ${invoice.InvoiceNumber} carries our reference and matches bill ${bill.summary.id} by invoice number and supplier, but the ledger does not know it: it was created outside ml-connector, or the ledger lost track of it (ledger: ${bill.ledger?.status ?? 'no record'})`,
      );
    }
  }

  // 3. Invoices left over: ours (the ledger knows them, or they carry our reference) or someone else's.
  let otherInvoices = 0;
  const orphans: OracleInvoice[] = [];
  const reachedThroughLedger: { invoice: OracleInvoice; ledger: LedgerBill }[] = [];
  for (const invoice of invoices) {
    if (consumed.has(invoice.InvoiceId) || invoice.CanceledFlag) continue;
    const ledger = ledgerByTarget.get(invoice.InvoiceId);
    if (ledger) reachedThroughLedger.push({ invoice, ledger });
    else if (referencePattern.test(invoice.Description ?? '')) orphans.push(invoice);
    else otherInvoices += 1;
  }
  // Known to the ledger, but its bill is not an approved bill dated in the period: look at the bill.
  const lateBills = await mapWithConcurrency(reachedThroughLedger, concurrency, async ({ ledger }) => {
    try {
      return await clients.procurify.getBill(ledger.sourceId);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  });
  for (const [index, { invoice, ledger }] of reachedThroughLedger.entries()) {
    consumed.add(invoice.InvoiceId);
    const detail = lateBills[index] ?? null;
    if (detail && approvedStatuses.has(detail.status ?? -1)) {
      ledgerBySource.set(ledger.sourceId, ledger);
      const bill = await makeBill(detail, true);
      pairs.push({ bill, invoice });
      continue;
    }
    const why = detail
      ? `is ${billStatusNames[detail.status ?? -1] ?? `in status ${String(detail.status)}`} now, not approved`
      : 'no longer exists in Procurify';
    report(
      'unexpected_in_oracle',
      null,
      invoice,
      `Oracle invoice ${invoice.InvoiceNumber} was created from Procurify bill ${detail?.id ?? ledger.sourceId}, which ${why}: cancel the invoice in Oracle or restore the bill`,
    );
  }
  for (const invoice of orphans) {
    const reference = referencePattern.exec(invoice.Description ?? '')?.[0] ?? '';
    report(
      'unexpected_in_oracle',
      null,
      invoice,
      `Oracle invoice ${invoice.InvoiceNumber} (supplier ${invoice.SupplierNumber ?? '?'}) carries our reference ${reference} but the ledger knows no such invoice: a duplicate or an invoice keyed by hand; check it before paying`,
    );
  }

  // 4. Missing: approved bills without an invoice; what the ledger says tells why.
  for (const bill of unmatched) {
    const ledger = bill.ledger;
    const why = !ledger
      ? 'the connector has not read it yet (run `mlc sync`)'
      : ledger.status === 'synced'
        ? 'the ledger says synced but names no invoice'
        : `the ledger says ${ledger.status}${ledger.reason ? `: ${ledger.reason}` : ''}`;
    report(
      'missing_in_oracle',
      bill,
      null,
      `Approved bill ${bill.summary.id} (invoice ${bill.invoiceNumber}) has no invoice in Oracle; ${why}`,
    );
  }

  // 5. Each pair: the same amount in the same currency, and paid on both sides or neither.
  for (const { bill, invoice } of pairs) {
    const left = procurifySide(bill);
    const right = oracleSide(invoice);
    if (left.currency !== right.currency || left.amount === null || left.amount !== right.amount) {
      report(
        'amount_mismatch',
        bill,
        invoice,
        left.currency !== right.currency
          ? `Bill ${left.billId} is in ${left.currency ?? '?'} but Oracle invoice ${right.invoiceNumber} is in ${right.currency ?? '?'}`
          : `Bill ${left.billId} totals ${left.amount ?? '?'} ${left.currency ?? ''} but Oracle invoice ${right.invoiceNumber} is ${right.amount ?? '?'} ${right.currency ?? ''}`.replace(
              /\s+/g,
              ' ',
            ),
      );
    }
    const paidInOracle = isPaidInOracle(invoice);
    if (left.paid !== paidInOracle) {
      report(
        'paid_status_mismatch',
        bill,
        invoice,
        paidInOracle
          ? `Oracle invoice ${right.invoiceNumber} is Paid but bill ${left.billId} is ${left.status} in Procurify`
          : `Bill ${left.billId} is Paid in Procurify but Oracle invoice ${right.invoiceNumber} is ${right.paidStatus ?? 'not paid'}`,
      );
    }
  }

  // Totals: the Procurify side is the period's bills; the Oracle side is every invoice of ours.
  const totals = new Totals();
  for (const bill of bills) {
    const side = procurifySide(bill);
    totals.add('procurify', bill.locationId, side.currency, side.amount);
  }
  const locationOfInvoice = new Map(pairs.map(({ bill, invoice }) => [invoice.InvoiceId, bill.locationId]));
  const ours = invoices.filter(
    (invoice) => !invoice.CanceledFlag && (consumed.has(invoice.InvoiceId) || orphans.includes(invoice)),
  );
  for (const invoice of ours) {
    const side = oracleSide(invoice);
    totals.add('oracle', locationOfInvoice.get(invoice.InvoiceId) ?? null, side.currency, side.amount);
  }
  for (const { bill } of pairs) {
    if (!bill.outsidePeriod) totals.matched(bill.locationId, billCurrency(bill.summary));
  }
  const locationIds = [...new Set(bills.flatMap((bill) => (bill.locationId ? [bill.locationId] : [])))];
  const locations = await prisma.masterRecord.findMany({
    where: { connectionId, system: 'procurify', kind: 'location', externalId: { in: locationIds } },
    select: { externalId: true, name: true },
  });
  const names = new Map(locations.flatMap((row) => (row.name ? [[row.externalId, row.name] as const] : [])));

  const counts = Object.fromEntries(discrepancyKinds.map((kind) => [kind, 0])) as Record<
    DiscrepancyKind,
    number
  >;
  for (const discrepancy of discrepancies) counts[discrepancy.kind] += 1;
  const order = new Map(discrepancyKinds.map((kind, index) => [kind, index]));
  discrepancies.sort(
    (a, b) =>
      (order.get(a.kind) ?? 0) - (order.get(b.kind) ?? 0) ||
      (a.procurify?.billId ?? Number.MAX_SAFE_INTEGER) - (b.procurify?.billId ?? Number.MAX_SAFE_INTEGER) ||
      (a.oracle?.invoiceId ?? '').localeCompare(b.oracle?.invoiceId ?? ''),
  );
  logger.info(
    {
      from: period.from,
      to: period.to,
      bills: bills.length,
      invoices: ours.length,
      pairs: pairs.length,
      ...counts,
    },
    'reconciliation done',
  );
  return {
    summary: {
      connectionId,
      period,
      generatedAt: new Date().toISOString(),
      procurify: totals.side('procurify'),
      oracle: { ...totals.side('oracle'), otherInvoices },
      matched: pairs.filter(({ bill }) => !bill.outsidePeriod).length,
      discrepancies: counts,
      totals: totals.list(names),
    },
    discrepancies,
  };
}
