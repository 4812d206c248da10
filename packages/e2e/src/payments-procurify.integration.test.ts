import { paymentReference } from '@mlc/mapping';
import { test } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import { expectedOutbound } from './expectations.ts';
import { controls, payableInvoicedBills, procurifyBill } from './payments-scenario.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';
import { verifyProcurifyPayments } from './verify-procurify-payments.ts';

let pipeline: Pipeline | undefined;
const made: {
  good?: number;
  mismatch?: number;
  external?: number;
  waiting?: number;
  waitingBillId?: number;
} = {};
afterAll(async () => {
  await pipeline?.close();
});

interface CreatedPayment {
  record: { id: number; amount: string };
}

describe('payments made in Procurify → Oracle (paymentsSource "procurify")', () => {
  test(
    'a payment made in Procurify appears once against the right Oracle invoice; a mismatch is failed with both amounts; external payments stay home',
    { timeout: 300_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 11, purchaseOrders: 10, bills: 60 },
        connection: { options: { paymentsSource: 'procurify' } },
      });
      const p = pipeline;
      await p.syncAndDrain();
      // The scenario's own Procurify Pay payments are already in Oracle (their bills synced first).
      expect(await verifyProcurifyPayments(database.prisma, p)).toEqual([]);
      expect(
        await database.prisma.ledgerRecord.count({
          where: { entity: 'procurify_payment', status: 'synced' },
        }),
      ).toBeGreaterThan(0);
      // The other direction is off: no invoice payment status is read.
      expect(await database.prisma.ledgerRecord.count({ where: { entity: 'invoice_payment' } })).toBe(0);
      const oracleRoutes = Object.keys(p.sims.oracle.core.counters.snapshot().routes);
      expect(
        oracleRoutes.some((route) => route.startsWith('GET /fscmRestApi/resources/11.13.18.05/invoices')),
      ).toBe(false);

      const { procurify } = controls(p);
      const [good, mismatch, external] = await payableInvoicedBills(database.prisma, p);
      const pay = async (billId: number, body: Record<string, unknown>) => {
        const { group } = await procurifyBill(p, billId);
        const created = await procurify.request<CreatedPayment>('POST', '/procurify/payments', {
          billGroupIds: [group],
          status: 'paid',
          ...body,
        });
        return created.record;
      };
      made.good = (await pay(good!.billId, { sourceType: 'financial_account' })).id;
      const short = (Math.round(mismatch!.amount * 100) - 1000) / 100;
      made.mismatch = (
        await pay(mismatch!.billId, { sourceType: 'direct_debit', amount: short.toFixed(2) })
      ).id;
      made.external = (await pay(external!.billId, { sourceType: 'external' })).id;
      const oracleBefore = p.sims.oracle.store.payments.size;
      await p.syncAndDrain();

      expect(await verifyProcurifyPayments(database.prisma, p)).toEqual([]);
      // Exactly one new Oracle payment: the good one, against the good bill's invoice.
      expect(p.sims.oracle.store.payments.size).toBe(oracleBefore + 1);
      const oracle = [...p.sims.oracle.store.payments.values()].find((payment) =>
        (payment.row.PaymentDescription ?? '').includes(paymentReference(made.good!)),
      )!;
      expect(oracle.related.map((row) => String(row.row.InvoiceId))).toEqual([good!.invoiceId]);
      expect(p.sims.oracle.store.invoices.get(Number(good!.invoiceId))!.row.PaidStatus).toBe('Paid');

      const record = (sourceId: number) =>
        database.prisma.ledgerRecord.findFirstOrThrow({
          where: { entity: 'procurify_payment', sourceId: String(sourceId) },
        });
      expect(await record(made.good)).toMatchObject({
        status: 'synced',
        targetId: String(oracle.row.CheckId),
      });
      expect(await record(made.mismatch)).toMatchObject({
        status: 'failed',
        errorCode: 'PAYMENT_AMOUNT_MISMATCH',
        reason: expect.stringContaining(
          `but the Oracle invoice(s) it pays (${p.sims.oracle.store.invoices.get(Number(mismatch!.invoiceId))!.row.InvoiceNumber}) total`,
        ),
      });
      expect(await record(made.external)).toMatchObject({
        status: 'skipped',
        reason: expect.stringMatching(/^Paid outside Procurify/),
      });
      // The bills Procurify paid are not flagged for review on their own records.
      const goodBill = await database.prisma.ledgerRecord.findFirstOrThrow({
        where: { entity: 'bill', sourceId: good!.uuid },
      });
      expect((goodBill.details as { attention?: string } | null)?.attention).toBeUndefined();
    },
  );

  test('a payment of a bill that has not reached Oracle waits for it, and is recorded once the bill syncs', async ({
    database,
  }) => {
    const p = pipeline!;
    // A draft bill of a vendor Oracle knows in both business units: it syncs once approved.
    const [sourceId, { bill }] = [...expectedOutbound(p.sims.scenario).bills.entries()].find(
      ([, entry]) =>
        entry.bill.status === 0 &&
        p.sims.scenario.vendors.find((vendor) => vendor.key === entry.bill.vendorKey)?.oracle?.sites
          .length === 2,
    )!;
    const { procurify } = controls(p);
    const created = await procurify.request<CreatedPayment>('POST', '/procurify/payments', {
      billGroupIds: [bill.group],
      status: 'paid',
      sourceType: 'financial_account',
    });
    made.waiting = created.record.id;
    made.waitingBillId = bill.id;
    await p.syncAndDrain();
    const waiting = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { entity: 'procurify_payment', sourceId: String(made.waiting) },
    });
    expect(waiting).toMatchObject({
      status: 'blocked',
      blockedOn: [`bill:${sourceId}`],
      reason: expect.stringMatching(
        new RegExp(`bill ${bill.id} is skipped \\(bill ${bill.id} has status 0 \\(Draft\\)`),
      ),
    });

    await procurify.request('POST', `/procurify/bills/${bill.id}/approve`, {});
    await p.syncAndDrain();
    const recorded = await database.prisma.ledgerRecord.findFirstOrThrow({ where: { id: waiting.id } });
    expect(recorded).toMatchObject({ status: 'synced' });
    const events = await database.prisma.ledgerEvent.findMany({
      where: { ledgerId: waiting.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => event.action)).toEqual(
      expect.arrayContaining(['map.blocked', 'requeued', 'write.created']),
    );
    expect(events.find((event) => event.action === 'requeued')?.message).toMatch(/^bill .* reached Oracle$/);
    expect(await verifyProcurifyPayments(database.prisma, p)).toEqual([]);
  });

  test('replaying every payment record pays nothing twice', async ({ database }) => {
    const p = pipeline!;
    const oracleBefore = p.sims.oracle.store.payments.size;
    const records = await database.prisma.ledgerRecord.findMany({
      where: { connectionId: p.connectionId, entity: 'procurify_payment' },
    });
    const requeued = await p.ledger.requeue(
      p.connectionId,
      { ids: records.map((record) => record.id) },
      ['synced', 'skipped', 'failed', 'blocked'],
      'replay test',
    );
    expect(requeued.length).toBe(records.length);
    await p.drain();
    expect(p.sims.oracle.store.payments.size).toBe(oracleBefore);
    expect(await verifyProcurifyPayments(database.prisma, p)).toEqual([]);
    const after = await database.prisma.ledgerRecord.findMany({
      where: { connectionId: p.connectionId, entity: 'procurify_payment' },
    });
    expect(after.map((record) => `${record.sourceId}:${record.status}`).sort()).toEqual(
      records.map((record) => `${record.sourceId}:${record.status}`).sort(),
    );
  });
});
