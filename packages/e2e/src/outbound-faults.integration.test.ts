import { test, until } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { startPipeline } from './pipeline.ts';
import { verifyOutbound } from './verify-outbound.ts';

describe('outbound sync under faults', () => {
  test(
    'with 10% 5xx, 5% 429, 2% lost create responses and tokens expiring mid-run, the end state is the same: zero duplicates, zero missing',
    { timeout: 600_000 },
    async ({ database, redis }) => {
      const pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 11, purchaseOrders: 200, bills: 200 },
      });
      try {
        const { sims } = pipeline;
        const noisy = { match: '*', serverErrorRate: 0.1, rateLimitRate: 0.05, retryAfterSeconds: 1 };
        sims.procurify.core.faults.configure([noisy], 101);
        sims.oracle.core.faults.configure([noisy, { match: 'POST *', lostResponseRate: 0.02 }], 202);

        const done = pipeline.syncAndDrain(540_000);
        // Both systems' tokens expire while writes are in flight.
        await until(
          'a third of the POs are in Oracle',
          async () =>
            (await database.prisma.ledgerRecord.count({
              where: { entity: 'purchase_order', status: 'synced' },
            })) >= 60,
          { timeoutMs: 300_000, intervalMs: 100 },
        );
        sims.oracle.core.tokens.expireAll();
        sims.procurify.core.tokens.expireAll();
        await done;

        expect(await verifyOutbound(database.prisma, sims, pipeline.connectionId)).toEqual([]);
        // The faults really happened, and were recovered from.
        const injected = sims.oracle.core.faults.injected;
        expect(injected.server_error).toBeGreaterThan(20);
        expect(injected.rate_limited).toBeGreaterThan(5);
        expect(injected.lost_response).toBeGreaterThan(0);
        expect(sims.procurify.core.faults.injected.server_error).toBeGreaterThan(10);
        const adopted = await database.prisma.ledgerEvent.count({ where: { action: 'write.adopted' } });
        expect(adopted).toBeGreaterThan(0);
        expect(
          await database.prisma.ledgerRecord.count({ where: { status: { in: ['failed', 'uncertain'] } } }),
        ).toBe(0);
      } finally {
        await pipeline.close();
      }
    },
  );
});
