import type { PrismaClient } from '@mlc/db';
import { verifyMasterData, verifyOutbound } from '@mlc/e2e/verify';
import type { RunningSimulators } from '@mlc/simulators';
import { expectedPayment, type PaidInvoice } from './payments.ts';

/** Ledger states a record may end in; any other is work that never finished. */
const terminal = new Set(['synced', 'blocked', 'skipped', 'failed', 'superseded']);

/** Procurify payments per bill group, to tell the ones the pipeline added from the scenario's own. */
export function paymentsByGroup(sims: RunningSimulators): Map<number, number> {
  const counts = new Map<number, number>();
  for (const payment of sims.procurify.store.payments.values())
    for (const group of payment.billGroupIds) counts.set(group, (counts.get(group) ?? 0) + 1);
  return counts;
}

function duplicates(values: readonly string[]): [string, number][] {
  const seen = new Map<string, number>();
  for (const value of values) seen.set(value, (seen.get(value) ?? 0) + 1);
  return [...seen.entries()].filter(([, count]) => count > 1);
}

/**
 * Every way the end state of a chaos run can be wrong, one line each (empty = right):
 * - documents: each PO and bill in the state the scenario implies, each synced one exactly once in
 *   Oracle with the right content, nothing in Oracle the ledger does not know (verifyOutbound),
 *   and no Oracle PO reference or invoice number (per supplier) twice;
 * - master data: nothing created twice on either side (verifyMasterData);
 * - payments: each paid invoice's bill marked paid in Procurify exactly once, or the reason it
 *   was not, as `expectedPayment` predicts; no Procurify payment the plan does not explain;
 * - the ledger: no record left in a working state, every record that is not synced has a
 *   reason, and every failure is one the scenario predicts.
 */
export async function verifyChaosRun(input: {
  prisma: PrismaClient;
  sims: RunningSimulators;
  connectionId: string;
  paid: ReadonlyMap<string, PaidInvoice>;
  paymentsBefore: ReadonlyMap<number, number>;
}): Promise<string[]> {
  const { prisma, sims, connectionId } = input;
  const problems = [
    ...(await verifyOutbound(prisma, sims, connectionId)),
    ...(await verifyMasterData(prisma, sims, connectionId)),
  ];

  const oracle = sims.oracle.store;
  const poReferences = [...oracle.purchaseOrders.values(), ...oracle.draftPurchaseOrders.values()].flatMap(
    (doc) => /\[PRC-PO-\d+\]/.exec(doc.row.Description ?? '')?.[0] ?? [],
  );
  for (const [reference, count] of duplicates(poReferences))
    problems.push(`${count} Oracle POs carry ${reference}`);
  const invoiceKeys = [...oracle.invoices.values()].map(
    (doc) => `${doc.row.InvoiceNumber} of supplier ${doc.row.SupplierNumber ?? doc.row.Supplier}`,
  );
  for (const [key, count] of duplicates(invoiceKeys)) problems.push(`${count} Oracle invoices ${key}`);

  // Payments.
  const records = await prisma.ledgerRecord.findMany({
    where: { connectionId },
    select: {
      entity: true,
      sourceId: true,
      status: true,
      reason: true,
      errorCode: true,
      details: true,
    },
  });
  const invoicePayments = new Map(
    records
      .filter((record) => record.entity === 'invoice_payment')
      .map((record) => [record.sourceId, record]),
  );
  const paymentsAfter = paymentsByGroup(sims);
  const expectedNewPayments = new Map<number, number>();
  for (const entry of input.paid.values()) {
    const want = expectedPayment(
      {
        status: entry.billStatus,
        hasPayment: entry.billHadPayment,
        paidOn: entry.billPaidOn,
        oraclePaidOn: entry.paymentDate,
      },
      entry.plan,
    );
    const label = `invoice ${entry.invoiceId} (bill ${entry.billId}, status ${entry.billStatus}, paid ${entry.plan})`;
    const record = invoicePayments.get(entry.invoiceId);
    if (want.status === undefined) {
      if (record && record.status !== 'skipped')
        problems.push(`${label}: invoice_payment ${record.status} (${record.reason ?? ''}), expected none`);
    } else if (!record) {
      problems.push(`${label}: no invoice_payment record, expected ${want.status}`);
    } else {
      if (record.status !== want.status)
        problems.push(
          `${label}: invoice_payment ${record.status} (${record.reason ?? ''}), expected ${want.status}`,
        );
      if (want.reason && !want.reason.test(record.reason ?? ''))
        problems.push(`${label}: reason ${JSON.stringify(record.reason)} does not match ${want.reason}`);
      if (want.errorCode && record.errorCode !== want.errorCode)
        problems.push(`${label}: error code ${record.errorCode}, expected ${want.errorCode}`);
    }
    const bill = sims.procurify.store.findBillByUuid(entry.billUuid);
    if (!bill) {
      problems.push(`${label}: the Procurify bill is gone`);
      continue;
    }
    if (bill.status !== want.billStatus)
      problems.push(`${label}: Procurify bill status ${bill.status}, expected ${want.billStatus}`);
    if (want.newPayments === 1 && bill.payment?.paymentDate !== entry.paymentDate)
      problems.push(
        `${label}: paid in Procurify on ${bill.payment?.paymentDate}, Oracle paid on ${entry.paymentDate}`,
      );
    expectedNewPayments.set(bill.group, (expectedNewPayments.get(bill.group) ?? 0) + want.newPayments);
  }
  for (const [group, after] of paymentsAfter) {
    const added = after - (input.paymentsBefore.get(group) ?? 0);
    const expected = expectedNewPayments.get(group) ?? 0;
    if (added !== expected)
      problems.push(
        `bill group ${group}: ${added} Procurify payments added by the run, expected ${expected}`,
      );
  }
  for (const [invoiceId, record] of invoicePayments)
    if (!input.paid.has(invoiceId))
      problems.push(`invoice_payment ${invoiceId}: ${record.status} for an invoice the run never paid`);

  // The ledger: finished, and every record that is not synced explained.
  for (const record of records) {
    const label = `${record.entity} ${record.sourceId}`;
    if (!terminal.has(record.status)) {
      problems.push(`${label}: still ${record.status} (${record.reason ?? 'no reason'})`);
      continue;
    }
    if (record.status !== 'synced' && record.status !== 'superseded' && !record.reason?.trim())
      problems.push(`${label}: ${record.status} without a reason`);
    // The payment checks above say which invoice_payment failures are right.
    if (record.status === 'failed' && record.entity !== 'invoice_payment')
      problems.push(
        `${label}: failed ${record.errorCode}: ${record.reason ?? ''} (no failure is expected here)`,
      );
    const attention = (record.details as { attention?: string } | null)?.attention;
    if (record.entity === 'bill' && attention) problems.push(`${label}: flagged ${attention}`);
  }
  return problems;
}

/** Ledger records by entity and state, for the summary. */
export async function ledgerStates(
  prisma: PrismaClient,
  connectionId: string,
): Promise<Record<string, Record<string, number>>> {
  const groups = await prisma.ledgerRecord.groupBy({
    by: ['entity', 'status'],
    where: { connectionId },
    _count: true,
  });
  const states: Record<string, Record<string, number>> = {};
  for (const group of groups) (states[group.entity] ??= {})[group.status] = group._count;
  return states;
}
