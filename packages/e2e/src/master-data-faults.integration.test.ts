import { test, until } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { verifyMasterData, writeRoutes } from './master-data-verify.ts';
import { startPipeline } from './pipeline.ts';

const masterEntities = ['supplier', 'vendor', 'gl_account', 'cost_center'] as const;

describe('master data under faults and replay', () => {
  test(
    'with the outbound fault mix (and lost create responses on both sides), everything is created once; a replay writes nothing',
    { timeout: 600_000 },
    async ({ database, redis }) => {
      const pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 11, purchaseOrders: 30, bills: 30 },
        connection: {
          options: {
            createSuppliersInOracle: true,
            masterData: {
              glAccounts: { valueSet: 'CASCADE_ACCOUNT' },
              costCenters: { valueSet: 'CASCADE_COST_CENTER' },
            },
          },
        },
      });
      try {
        const { sims, connectionId } = pipeline;
        const suppliersBefore = sims.oracle.store.suppliers.size;
        // outbound-faults' mix; creates lose their response more often here, since master data
        // makes only a handful of them and each must be found, not made again.
        const noisy = { match: '*', serverErrorRate: 0.1, rateLimitRate: 0.05, retryAfterSeconds: 1 };
        const lost = { match: 'POST *', lostResponseRate: 0.25 };
        // Procurify gets only a handful of creates here (a vendor, an account code, a department…):
        // at 25% none may be lost, so the first two that get through lose their response for sure.
        const firstLost = { match: 'POST /api/v3/*', lostResponseRate: 1, times: 2 };
        sims.procurify.core.faults.configure([noisy, firstLost, lost], 303);
        sims.oracle.core.faults.configure([noisy, lost], 404);

        const done = pipeline.syncAndDrain(540_000);
        await until(
          'some master data reached the other side',
          async () =>
            (await database.prisma.ledgerRecord.count({
              where: { connectionId, entity: { in: [...masterEntities] }, status: 'synced' },
            })) >= 10,
          { timeoutMs: 300_000, intervalMs: 100 },
        );
        sims.oracle.core.tokens.expireAll();
        sims.procurify.core.tokens.expireAll();
        await done;

        expect(await verifyMasterData(database.prisma, sims, connectionId)).toEqual([]);
        const unmatched = sims.scenario.vendors.filter((vendor) => vendor.relation === 'procurify_only');
        expect(sims.oracle.store.suppliers.size).toBe(suppliersBefore + unmatched.length);
        for (const { oracle } of sims.scenario.vendors.filter((vendor) => vendor.relation === 'oracle_only'))
          expect(
            [...sims.procurify.store.vendors.values()].filter(
              (vendor) => vendor.external_id === oracle!.supplierNumber,
            ),
          ).toHaveLength(1);
        for (const value of sims.scenario.oracle.costCenters)
          expect(
            [...sims.procurify.store.departments.values()].filter(
              (department) => department.externalId === value.value,
            ),
          ).toHaveLength(1);
        for (const value of sims.scenario.oracle.accounts)
          expect(
            [...sims.procurify.store.accountCodes.values()].filter((code) => code.code === value.value),
          ).toHaveLength(1);
        // The faults happened, and lost creates were found by their natural keys, not made twice.
        expect(sims.procurify.core.faults.injected.lost_response).toBeGreaterThanOrEqual(2);
        expect(sims.oracle.core.faults.injected.server_error).toBeGreaterThan(0);
        expect(
          await database.prisma.ledgerEvent.count({
            where: { action: 'write.adopted', record: { entity: { in: [...masterEntities] } } },
          }),
        ).toBeGreaterThan(0);

        // Replay every master-data record: each maps again, is found in sync, and nothing is written.
        sims.procurify.core.faults.configure([], 1);
        sims.oracle.core.faults.configure([], 1);
        const records = await database.prisma.ledgerRecord.findMany({
          where: { connectionId, entity: { in: [...masterEntities] } },
          select: { id: true },
        });
        const requeued = await pipeline.ledger.requeue(
          connectionId,
          { ids: records.map((record) => record.id) },
          ['synced', 'skipped'],
          'replayed by the test',
        );
        expect(requeued.length).toBe(records.length);
        sims.procurify.core.counters.reset();
        sims.oracle.core.counters.reset();
        await pipeline.drain();
        expect(writeRoutes(sims)).toEqual([]);
        expect(await verifyMasterData(database.prisma, sims, connectionId)).toEqual([]);
        expect(
          await database.prisma.ledgerRecord.count({
            where: { connectionId, entity: { in: [...masterEntities] }, status: 'synced' },
          }),
        ).toBeGreaterThan(50);
      } finally {
        await pipeline.close();
      }
    },
  );
});
