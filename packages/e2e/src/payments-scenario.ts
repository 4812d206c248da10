import type { LedgerRecord, PrismaClient } from '@mlc/db';
import { SimulatorControl } from '@mlc/simulators';
import type { Pipeline } from './pipeline.ts';

/**
 * The Oracle → Procurify payment story the payment e2e tests tell, in one place: after the bills
 * reached Oracle, Payables pays some invoices fully (on two dates), one partially, pays and voids
 * one, cancels one, pays one whose bill was already paid in Procurify and one whose bill was
 * denied in Procurify meanwhile. `expectedAfterPayments` says what each bill must then show.
 */

export interface PaymentCase {
  /** Procurify bill uuid (the bill ledger record's source id). */
  uuid: string;
  billId: number;
  /** Oracle InvoiceId (the bill ledger record's target id). */
  invoiceId: string;
  amount: number;
  currency: string;
}

export interface PaymentStory {
  fullyPaid: (PaymentCase & { date: string; checkId: string })[];
  partial: PaymentCase & { paid: number; checkId: string };
  voided: PaymentCase & { checkId: string };
  canceled: PaymentCase;
  alreadyPaid: PaymentCase;
  denied: PaymentCase;
}

interface OracleInvoiceDoc {
  InvoiceAmount: number;
  InvoiceCurrency: string;
}

/** A bill as the Procurify API renders it (control API `GET /bills/:id` → document). */
export interface ProcurifyBillDoc {
  id: number;
  status: number;
  group: number;
  bill_payment: { payment: { payment_date: string | null } } | null;
}

export function controls(pipeline: Pipeline) {
  return {
    oracle: new SimulatorControl(pipeline.sims.oracle.url),
    procurify: new SimulatorControl(pipeline.sims.procurify.url),
  };
}

export async function procurifyBill(pipeline: Pipeline, billId: number): Promise<ProcurifyBillDoc> {
  const { document } = await controls(pipeline).procurify.request<{ document: ProcurifyBillDoc }>(
    'GET',
    `/procurify/bills/${billId}`,
  );
  return document;
}

/** Bills that reached Oracle, are Approved in Procurify and have no payment there. */
export async function payableInvoicedBills(prisma: PrismaClient, pipeline: Pipeline): Promise<PaymentCase[]> {
  const records = await prisma.ledgerRecord.findMany({
    where: { connectionId: pipeline.connectionId, entity: 'bill', status: 'synced', targetId: { not: null } },
    orderBy: { sourceId: 'asc' },
  });
  const cases: PaymentCase[] = [];
  for (const record of records) {
    const bill = pipeline.sims.procurify.store.findBillByUuid(record.sourceId);
    const invoice = pipeline.sims.oracle.store.invoices.get(Number(record.targetId));
    if (!bill || !invoice || bill.status !== 2 || bill.payment !== null) continue;
    cases.push({
      uuid: record.sourceId,
      billId: bill.id,
      invoiceId: String(record.targetId),
      amount: (invoice.row as unknown as OracleInvoiceDoc).InvoiceAmount,
      currency: (invoice.row as unknown as OracleInvoiceDoc).InvoiceCurrency,
    });
  }
  return cases;
}

/** Plays the story in Oracle (and the two Procurify-side changes) through the control APIs. */
export async function playPaymentStory(prisma: PrismaClient, pipeline: Pipeline): Promise<PaymentStory> {
  const { oracle, procurify } = controls(pipeline);
  const cases = await payableInvoicedBills(prisma, pipeline);
  if (cases.length < 9) throw new Error(`the scenario has only ${cases.length} payable invoiced bills`);
  const [a1, a2, a3, a4, partial, voided, canceled, alreadyPaid, denied] = cases as [
    PaymentCase,
    PaymentCase,
    PaymentCase,
    PaymentCase,
    PaymentCase,
    PaymentCase,
    PaymentCase,
    PaymentCase,
    PaymentCase,
  ];
  const pay = async (invoiceId: string, body: { amount?: number; date: string }) =>
    (await oracle.request<{ CheckId: number }>('POST', `/oracle/invoices/${invoiceId}/pay`, body)).CheckId;

  const fullyPaid = [];
  for (const [entry, date] of [
    [a1, '2026-11-20'],
    [a2, '2026-11-20'],
    [a3, '2026-11-20'],
    [a4, '2026-11-21'],
  ] as const) {
    fullyPaid.push({ ...entry, date, checkId: String(await pay(entry.invoiceId, { date })) });
  }
  const partialPaid = Math.round(partial.amount * 40) / 100;
  const partialCheck = await pay(partial.invoiceId, { amount: partialPaid, date: '2026-11-20' });
  const voidedCheck = await pay(voided.invoiceId, { date: '2026-11-20' });
  await oracle.request('POST', `/oracle/payments/${voidedCheck}/void`, { date: '2026-11-22' });
  await oracle.request('POST', `/oracle/invoices/${canceled.invoiceId}/cancel`);
  // Paid in Procurify (outside it, e.g. by check) before Oracle paid it too.
  const group = (await procurifyBill(pipeline, alreadyPaid.billId)).group;
  await procurify.request('POST', '/procurify/payments', {
    billGroupIds: [group],
    status: 'paid',
    sourceType: 'external',
  });
  await pay(alreadyPaid.invoiceId, { date: '2026-11-21' });
  await procurify.request('POST', `/procurify/bills/${denied.billId}/deny`, {});
  await pay(denied.invoiceId, { date: '2026-11-21' });
  return {
    fullyPaid,
    partial: { ...partial, paid: partialPaid, checkId: String(partialCheck) },
    voided: { ...voided, checkId: String(voidedCheck) },
    canceled,
    alreadyPaid,
    denied,
  };
}

export function invoicePaymentRecord(prisma: PrismaClient, pipeline: Pipeline, invoiceId: string) {
  return prisma.ledgerRecord.findUniqueOrThrow({
    where: {
      connectionId_entity_sourceId: {
        connectionId: pipeline.connectionId,
        entity: 'invoice_payment',
        sourceId: invoiceId,
      },
    },
  });
}

/**
 * Everything that is wrong with the end state of the story, one line each (empty = right):
 * Procurify bill states and payment dates, the ledger's states and reasons, and exactly one
 * Procurify payment per bill marked paid.
 */
export async function verifyPaymentStory(
  prisma: PrismaClient,
  pipeline: Pipeline,
  story: PaymentStory,
): Promise<string[]> {
  const problems: string[] = [];
  const check = async (
    entry: PaymentCase,
    want: {
      billStatus: number;
      paymentDate?: string;
      ledger: Partial<Pick<LedgerRecord, 'status' | 'errorCode'>> & { reason?: RegExp | null };
    },
  ) => {
    const bill = await procurifyBill(pipeline, entry.billId);
    if (bill.status !== want.billStatus)
      problems.push(`bill ${entry.billId}: status ${bill.status}, expected ${want.billStatus}`);
    if (want.paymentDate && bill.bill_payment?.payment.payment_date !== want.paymentDate)
      problems.push(
        `bill ${entry.billId}: payment date ${bill.bill_payment?.payment.payment_date}, expected ${want.paymentDate}`,
      );
    const record = await invoicePaymentRecord(prisma, pipeline, entry.invoiceId).catch(() => undefined);
    if (!record) {
      problems.push(`invoice ${entry.invoiceId}: no invoice_payment record`);
      return;
    }
    if (want.ledger.status && record.status !== want.ledger.status)
      problems.push(
        `invoice ${entry.invoiceId}: ledger ${record.status} (${record.reason ?? ''}), expected ${want.ledger.status}`,
      );
    if (want.ledger.errorCode !== undefined && record.errorCode !== want.ledger.errorCode)
      problems.push(
        `invoice ${entry.invoiceId}: error code ${record.errorCode}, expected ${want.ledger.errorCode}`,
      );
    if (want.ledger.reason === null && record.reason !== null)
      problems.push(`invoice ${entry.invoiceId}: reason ${record.reason}, expected none`);
    if (want.ledger.reason && !want.ledger.reason.test(record.reason ?? ''))
      problems.push(
        `invoice ${entry.invoiceId}: reason ${JSON.stringify(record.reason)} does not match ${want.ledger.reason}`,
      );
  };
  const money = (amount: number) =>
    amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  for (const paid of story.fullyPaid)
    await check(paid, { billStatus: 4, paymentDate: paid.date, ledger: { status: 'synced', reason: null } });
  await check(story.partial, {
    billStatus: 2,
    ledger: {
      status: 'skipped',
      reason: new RegExp(
        `^Partially paid in Oracle: ${money(story.partial.paid).replace('.', '\\.')} of ${money(story.partial.amount).replace('.', '\\.')} ${story.partial.currency} \\(payment \\d+ on 2026-11-20\\)\\. Procurify cannot record partial payments`,
      ),
    },
  });
  await check(story.voided, {
    billStatus: 2,
    ledger: {
      status: 'skipped',
      reason: /^Unpaid in Oracle again: Payment \d+ \(.+ on 2026-11-20\) was voided on 2026-11-22\./,
    },
  });
  await check(story.canceled, {
    billStatus: 2,
    ledger: { status: 'skipped', reason: /^Cancelled in Oracle on \d{4}-\d{2}-\d{2} \(invoice / },
  });
  await check(story.alreadyPaid, {
    billStatus: 4,
    ledger: { status: 'synced', reason: /^Already paid in Procurify/ },
  });
  await check(story.denied, {
    billStatus: 3,
    ledger: {
      status: 'failed',
      errorCode: 'BILL_NOT_PAYABLE',
      reason: /is Denied in Procurify, not Approved/,
    },
  });

  // Exactly one Procurify payment per bill paid (ours are "external", as the UI's are).
  const payments = [...pipeline.sims.procurify.store.payments.values()];
  for (const entry of [...story.fullyPaid, story.alreadyPaid]) {
    const bill = await procurifyBill(pipeline, entry.billId);
    const count = payments.filter((payment) => payment.billGroupIds.includes(bill.group)).length;
    if (count !== 1) problems.push(`bill ${entry.billId}: ${count} Procurify payments, expected 1`);
  }
  // Paid bills are not flagged for review on their own ledger records.
  for (const entry of story.fullyPaid) {
    const record = await prisma.ledgerRecord.findFirst({
      where: { connectionId: pipeline.connectionId, entity: 'bill', sourceId: entry.uuid },
    });
    const attention = (record?.details as { attention?: string } | null | undefined)?.attention;
    if (attention) problems.push(`bill ${entry.billId}: flagged ${attention}`);
  }
  return problems;
}

/** How many mark-as-paid requests Procurify has answered so far. */
export function markAsPaidRequests(pipeline: Pipeline): number {
  const routes = pipeline.sims.procurify.core.counters.snapshot().routes;
  return Object.entries(routes)
    .filter(([route]) => route === 'POST /api/v3/ap/bills/mark-as-paid/')
    .reduce((sum, [, count]) => sum + (count.byStatus['200'] ?? 0), 0);
}
