import { ConnectionStore } from '@mlc/connections';
import { SimulatorControl, simulatorConnectionFile } from '@mlc/simulators';
import { test, testSecrets } from '@mlc/testing';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { afterAll, describe, expect } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline.ts';
import { expectedRequisitionPos } from './verify-requisitions.ts';

/**
 * A connection that ran with purchased POs switches to approved requisitions: what the PO flow
 * already put in Oracle is recognised (by the POs its lines went on) and not sent again; approved
 * requisitions nobody purchased yet are sent. Own file: its own database and Redis prefix.
 */

let pipeline: Pipeline | undefined;
afterAll(async () => {
  await pipeline?.close();
});

describe('switching poSource from purchase_orders to approved_requisitions', () => {
  test(
    'purchased requisitions already in Oracle are skipped; open approved ones are sent once',
    { timeout: 300_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 5, purchaseOrders: 15, bills: 0, openRequisitions: 20 },
      });
      const { sims } = pipeline;
      const oraclePos = () => [
        ...sims.oracle.store.purchaseOrders.values(),
        ...sims.oracle.store.draftPurchaseOrders.values(),
      ];
      const control = new SimulatorControl(sims.procurify.url);

      // Purchased-PO mode first, with one open requisition purchased in Procurify meanwhile.
      const open = (sims.scenario.openRequisitions ?? []).filter((requisition) => requisition.status === 1);
      const purchasedNow = open[0]!;
      await control.request('POST', `/procurify/requisitions/${purchasedNow.num}/purchase`);
      await pipeline.syncAndDrain();
      const poRecords = await database.prisma.ledgerRecord.findMany({ where: { entity: 'purchase_order' } });
      const syncedPos = poRecords.filter((record) => record.status === 'synced');
      expect(syncedPos.length).toBeGreaterThan(5);
      expect(oraclePos()).toHaveLength(syncedPos.length);
      expect(await database.prisma.ledgerRecord.count({ where: { entity: 'requisition' } })).toBe(0);

      const store = new ConnectionStore(database.prisma, { allowInsecureUpstreams: true });
      const vault = new CredentialVault(database.prisma, new KeyRing(testSecrets.MLC_MASTER_KEY));
      await store.save(
        simulatorConnectionFile(sims, {
          id: pipeline.connectionId,
          options: { oracleRequestsPerSecond: 500, maxInFlightWrites: 16, poSource: 'approved_requisitions' },
        }),
        vault,
      );
      await pipeline.syncAndDrain();

      const requisitions = await database.prisma.ledgerRecord.findMany({ where: { entity: 'requisition' } });
      const syncedPoIds = new Set(syncedPos.map((record) => record.sourceId));
      // Requisitions behind POs already in Oracle: skipped, saying where they are.
      const behindSyncedPos = requisitions.filter((record) =>
        ((record.sourceSnapshot as { lines: { purchase_order: number | null }[] }).lines ?? []).some((line) =>
          syncedPoIds.has(String(line.purchase_order)),
        ),
      );
      expect(behindSyncedPos.length).toBe(syncedPos.length);
      for (const record of behindSyncedPos)
        expect(record).toMatchObject({
          status: 'skipped',
          reason: expect.stringMatching(
            /^Already in Oracle through the purchased-PO flow: Procurify PO \d+ \(Oracle PO \S+\)/,
          ),
        });

      // Approved requisitions nobody purchased: one new Oracle PO per vendor each (or blocked, as in PO mode).
      const expectedOpen = expectedRequisitionPos(sims).filter((group) =>
        open.slice(1).some((requisition) => requisition.num === group.num),
      );
      const sent = expectedOpen.filter((group) => group.status === 'synced');
      expect(sent.length).toBeGreaterThan(5);
      for (const group of expectedOpen)
        expect(requisitions.find((record) => record.sourceId === group.sourceId)?.status).toBe(group.status);
      expect(oraclePos()).toHaveLength(syncedPos.length + sent.length);
      const references = oraclePos().map(
        (doc) => /\[PRC-(?:PO|REQ)-[\d-]+\]/.exec(doc.row.Description ?? '')?.[0],
      );
      expect(new Set(references).size).toBe(references.length);
    },
  );
});
