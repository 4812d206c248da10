import { createSpecValidator } from '@mlc/procurify-api/validator';
import { test } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import {
  controls,
  invoicePaymentRecord,
  markAsPaidRequests,
  playPaymentStory,
  procurifyBill,
  verifyPaymentStory,
  type PaymentStory,
} from './payments-scenario.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';

let pipeline: Pipeline | undefined;
let story: PaymentStory | undefined;
afterAll(async () => {
  await pipeline?.close();
});

describe('payment status: Oracle → Procurify (paymentsSource "oracle")', () => {
  test(
    'after Oracle pays fully, partially, voids, cancels — the Procurify bills show exactly the right states and the ledger explains each',
    { timeout: 300_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 11, purchaseOrders: 10, bills: 60 },
      });
      await pipeline.syncAndDrain();
      story = await playPaymentStory(database.prisma, pipeline);
      await pipeline.syncAndDrain();

      expect(await verifyPaymentStory(database.prisma, pipeline, story)).toEqual([]);
      // Four bills marked paid (two dates), in at most four requests; the already-paid and the
      // denied bill were read and left alone.
      const requests = markAsPaidRequests(pipeline);
      expect(requests).toBeGreaterThanOrEqual(2);
      expect(requests).toBeLessThanOrEqual(4);
      // What was sent agrees with the official spec (each mapped payload is one mark-as-paid body).
      const validator = await createSpecValidator();
      const sent = await database.prisma.ledgerRecord.findMany({
        where: { entity: 'invoice_payment', status: 'synced' },
      });
      expect(sent.length).toBe(5);
      const problems = sent.flatMap(
        (record) =>
          validator.validateRequest({
            method: 'POST',
            path: '/api/v3/ap/bills/mark-as-paid/',
            headers: { 'content-type': 'application/json', 'x-procurify-client': 'api' },
            body: record.mappedPayload,
          }).errors,
      );
      expect(problems).toEqual([]);
      // The ledger keeps the amounts and dates next to the reason.
      const partial = await invoicePaymentRecord(database.prisma, pipeline, story.partial.invoiceId);
      expect(partial.details).toMatchObject({
        paymentState: 'partially_paid',
        invoiceAmount: story.partial.amount.toFixed(2),
        paidAmount: story.partial.paid.toFixed(2),
        payments: [{ date: '2026-11-20', voidDate: null }],
      });
    },
  );

  test('a payment voided after the bill was marked paid is failed loudly; paying the rest of a partial payment marks its bill paid', async ({
    database,
  }) => {
    const p = pipeline!;
    const s = story!;
    const { oracle } = controls(p);
    const [first] = s.fullyPaid;
    await oracle.request('POST', `/oracle/payments/${first!.checkId}/void`, { date: '2026-11-23' });
    // The payments stream alone catches a void (Oracle need not touch the invoice's own stamp).
    await p.syncAndDrain(120_000, ['oracle.payments']);
    expect(await invoicePaymentRecord(database.prisma, p, first!.invoiceId)).toMatchObject({
      status: 'failed',
      errorCode: 'PAID_IN_PROCURIFY_NOT_IN_ORACLE',
    });
    const rest = Math.round((s.partial.amount - s.partial.paid) * 100) / 100;
    await oracle.request('POST', `/oracle/invoices/${s.partial.invoiceId}/pay`, {
      amount: rest,
      date: '2026-11-24',
    });
    await p.syncAndDrain();

    const voided = await invoicePaymentRecord(database.prisma, p, first!.invoiceId);
    expect(voided).toMatchObject({
      status: 'failed',
      errorCode: 'PAID_IN_PROCURIFY_NOT_IN_ORACLE',
      reason: expect.stringMatching(
        /^Procurify bill \d+ is marked paid, but Oracle no longer shows invoice .+ as paid\. Unpaid in Oracle again: Payment \d+ .* was voided on 2026-11-23\..*cannot un-pay a bill/,
      ),
    });
    // Procurify cannot un-pay: the bill stays Paid, and the ledger says so.
    expect((await procurifyBill(p, first!.billId)).status).toBe(4);

    const paidOff = await invoicePaymentRecord(database.prisma, p, s.partial.invoiceId);
    expect(paidOff).toMatchObject({ status: 'synced', targetId: s.partial.uuid });
    const bill = await procurifyBill(p, s.partial.billId);
    expect({ status: bill.status, date: bill.bill_payment?.payment.payment_date }).toEqual({
      status: 4,
      date: '2026-11-24',
    });
    const history = await database.prisma.ledgerEvent.findMany({
      where: { ledgerId: paidOff.id },
      orderBy: { id: 'asc' },
    });
    expect(history.map((event) => `${event.action}:${event.toStatus}`)).toEqual(
      expect.arrayContaining(['map.skipped:skipped', 'source.changed:pending', 'write.created:synced']),
    );
  });

  test('replaying every payment record marks nothing twice: no second mark-as-paid, no second Procurify payment', async ({
    database,
  }) => {
    const p = pipeline!;
    const lastEventId = async () =>
      (await database.prisma.ledgerEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const replayedAfter = await lastEventId();
    const requestsBefore = markAsPaidRequests(p);
    const paymentsBefore = p.sims.procurify.store.payments.size;
    const before = await database.prisma.ledgerRecord.findMany({
      where: { connectionId: p.connectionId, entity: 'invoice_payment' },
      orderBy: { sourceId: 'asc' },
    });
    const requeued = await p.ledger.requeue(
      p.connectionId,
      { ids: before.map((record) => record.id) },
      ['synced', 'skipped', 'failed'],
      'replay test',
    );
    expect(requeued.length).toBe(before.length);
    await p.drain();

    const after = await database.prisma.ledgerRecord.findMany({
      where: { connectionId: p.connectionId, entity: 'invoice_payment' },
      orderBy: { sourceId: 'asc' },
    });
    expect(after.map((record) => `${record.sourceId}:${record.status}:${record.errorCode ?? ''}`)).toEqual(
      before.map((record) => `${record.sourceId}:${record.status}:${record.errorCode ?? ''}`),
    );
    expect(markAsPaidRequests(p)).toBe(requestsBefore);
    expect(p.sims.procurify.store.payments.size).toBe(paymentsBefore);
    // The re-written ones were found Paid by their look-up.
    const adopted = await database.prisma.ledgerEvent.count({
      where: { action: 'write.adopted', id: { gt: replayedAfter }, record: { entity: 'invoice_payment' } },
    });
    expect(adopted).toBe(after.filter((record) => record.status === 'synced').length);
    // A poll with nothing new records nothing.
    const polledAfter = await lastEventId();
    await p.syncAndDrain();
    expect(
      await database.prisma.ledgerEvent.count({
        where: { id: { gt: polledAfter }, record: { entity: 'invoice_payment' } },
      }),
    ).toBe(0);
  });
});
