import { SimulatorControl } from '@mlc/simulators';
import { test } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline.ts';

/**
 * poSource approved_requisitions on a connection that starts today: requisitions approved (and
 * purchased) before its initial lookback are never sent, even when they change later (received,
 * a note): they were ordered before the connection watched. Own file: its own database and
 * Redis prefix, since the poller schedules every connection it finds.
 */

let pipeline: Pipeline | undefined;
afterAll(async () => {
  await pipeline?.close();
});

describe('approved requisitions: the initial lookback', () => {
  test(
    'a requisition approved before the connection started watching is not sent when it changes later',
    { timeout: 120_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 3, purchaseOrders: 30, bills: 0, spreadDays: 60 },
        connection: {
          id: 'late-start',
          options: { poSource: 'approved_requisitions' },
          schedule: { initialLookbackDays: 30 },
        },
      });
      await pipeline.syncAndDrain();
      const dayMs = 86_400_000;
      const ageDays = (iso: string) => (Date.now() - Date.parse(iso)) / dayMs;
      const pos = pipeline.sims.scenario.purchaseOrders;
      const old = pos.find((po) => ageDays(po.requisition.approvedAt) > 33 && ageDays(po.createdAt) > 32)!;
      const recent = pos.find((po) => ageDays(po.createdAt) < 28)!;
      const recordsIn = (num: number) =>
        database.prisma.ledgerRecord.findMany({
          where: { connectionId: 'late-start', entity: 'requisition', sourceId: { startsWith: `${num}-v` } },
        });
      // Inside the initial lookback: recorded (purchased since, but approved within it).
      expect(await recordsIn(recent.requisition.num)).toHaveLength(1);
      expect(await recordsIn(old.requisition.num)).toEqual([]);

      // Someone touches the old requisition (receiving, a note): its stamp moves into the window.
      await new SimulatorControl(pipeline.sims.procurify.url).request(
        'POST',
        `/procurify/purchase-orders/${old.id}/modify`,
        {
          requisitionDescription: 'Received at dock 2',
        },
      );
      await pipeline.syncAndDrain();
      expect(await recordsIn(old.requisition.num)).toEqual([]);
      const inOracle = [...pipeline.sims.oracle.store.purchaseOrders.values()].filter((doc) =>
        doc.row.Description?.includes(`[PRC-REQ-${old.requisition.num}-`),
      );
      expect(inOracle).toEqual([]);
    },
  );
});
