import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { markAsPaidRequests, playPaymentStory, verifyPaymentStory } from './payments-scenario.ts';
import { startPipeline } from './pipeline.ts';

describe('payment status under faults', () => {
  test(
    'with 10% 5xx, 5% 429, lost responses (mark-as-paid included) and tokens expiring mid-run, the payment story ends the same: each bill paid once',
    { timeout: 600_000 },
    async ({ database, redis }) => {
      const pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 11, purchaseOrders: 10, bills: 60 },
      });
      try {
        const { sims } = pipeline;
        const noisy = { match: '*', serverErrorRate: 0.1, rateLimitRate: 0.05, retryAfterSeconds: 1 };
        sims.procurify.core.faults.configure(
          [
            // The first mark-as-paid happens, but its answer never arrives.
            { match: 'POST /api/v3/ap/bills/mark-as-paid/', lostResponseRate: 1, times: 1 },
            noisy,
          ],
          101,
        );
        sims.oracle.core.faults.configure([noisy, { match: 'POST *', lostResponseRate: 0.02 }], 202);

        await pipeline.syncAndDrain(540_000);
        const story = await playPaymentStory(database.prisma, pipeline);
        sims.oracle.core.tokens.expireAll();
        sims.procurify.core.tokens.expireAll();
        await pipeline.syncAndDrain(540_000);

        expect(await verifyPaymentStory(database.prisma, pipeline, story)).toEqual([]);
        expect(sims.procurify.core.faults.injected.lost_response).toBe(1);
        expect(sims.procurify.core.faults.injected.server_error).toBeGreaterThan(0);
        expect(sims.oracle.core.faults.injected.server_error).toBeGreaterThan(0);
        // The lost call was settled by reading the bill back, not by a blind second call for it.
        const adopted = await database.prisma.ledgerEvent.count({
          where: { action: 'write.adopted', record: { entity: 'invoice_payment' } },
        });
        expect(adopted).toBeGreaterThanOrEqual(2);
        expect(markAsPaidRequests(pipeline)).toBeLessThanOrEqual(story.fullyPaid.length);
        expect(
          await database.prisma.ledgerRecord.count({
            where: {
              entity: 'invoice_payment',
              status: { in: ['uncertain', 'pending', 'mapped', 'writing'] },
            },
          }),
        ).toBe(0);
      } finally {
        await pipeline.close();
      }
    },
  );
});
