import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { controls, payableInvoicedBills, procurifyBill } from './payments-scenario.ts';
import { startPipeline } from './pipeline.ts';
import { verifyProcurifyPayments } from './verify-procurify-payments.ts';

describe('payments made in Procurify → Oracle under faults', () => {
  test(
    'with 10% 5xx, 5% 429, a lost payment-create response and tokens expiring mid-run, each payment is in Oracle exactly once',
    { timeout: 600_000 },
    async ({ database, redis }) => {
      const pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 11, purchaseOrders: 10, bills: 60 },
        connection: { options: { paymentsSource: 'procurify' } },
      });
      try {
        const { sims } = pipeline;
        const noisy = { match: '*', serverErrorRate: 0.1, rateLimitRate: 0.05, retryAfterSeconds: 1 };
        sims.procurify.core.faults.configure([noisy], 101);
        sims.oracle.core.faults.configure(
          [
            // The first payment Oracle records answers nothing: only the look-up can tell.
            {
              match: 'POST /fscmRestApi/resources/11.13.18.05/payablesPayments',
              lostResponseRate: 1,
              times: 1,
            },
            noisy,
            { match: 'POST *', lostResponseRate: 0.02 },
          ],
          202,
        );
        await pipeline.syncAndDrain(540_000);

        const { procurify } = controls(pipeline);
        for (const bill of (await payableInvoicedBills(database.prisma, pipeline)).slice(0, 4)) {
          const { group } = await procurifyBill(pipeline, bill.billId);
          await procurify.request('POST', '/procurify/payments', {
            billGroupIds: [group],
            status: 'paid',
            sourceType: 'financial_account',
          });
        }
        sims.oracle.core.tokens.expireAll();
        sims.procurify.core.tokens.expireAll();
        await pipeline.syncAndDrain(540_000);

        expect(await verifyProcurifyPayments(database.prisma, pipeline)).toEqual([]);
        expect(sims.oracle.core.faults.injected.lost_response).toBeGreaterThanOrEqual(1);
        expect(sims.oracle.core.faults.injected.server_error).toBeGreaterThan(0);
        // The lost create was found by its reference and adopted, not paid twice.
        const adopted = await database.prisma.ledgerEvent.count({
          where: { action: 'write.adopted', record: { entity: 'procurify_payment' } },
        });
        expect(adopted).toBeGreaterThanOrEqual(1);
        expect(
          await database.prisma.ledgerRecord.count({
            where: { entity: 'procurify_payment', status: 'synced' },
          }),
        ).toBeGreaterThanOrEqual(4);
        expect(
          await database.prisma.ledgerRecord.count({
            where: { entity: { in: ['procurify_payment', 'bill'] }, status: { in: ['uncertain', 'failed'] } },
          }),
        ).toBe(0);
      } finally {
        await pipeline.close();
      }
    },
  );
});
