import { test } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import { expectedOutbound } from './expectations.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';

let pipeline: Pipeline | undefined;
afterAll(async () => {
  await pipeline?.close();
});

async function control(p: Pipeline, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${p.sims.procurify.url}/_sim/procurify${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

describe('a document changed in Procurify after it reached Oracle', () => {
  test(
    'a PO is flagged for attention with the difference, never created twice',
    { timeout: 180_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 5, purchaseOrders: 20, bills: 10 },
      });
      const p = pipeline;
      await p.syncAndDrain();
      const [sourceId, { po }] = [...expectedOutbound(p.sims.scenario).purchaseOrders.entries()].find(
        ([, entry]) => entry.status === 'synced',
      )!;
      const before = await database.prisma.ledgerRecord.findFirstOrThrow({
        where: { entity: 'purchase_order', sourceId },
      });
      expect(before.status).toBe('synced');
      const ordersBefore = p.sims.oracle.store.purchaseOrders.size;
      const line = po.lines[0]!;
      const quantity = Number(line.quantity) + 3;

      await control(p, `/purchase-orders/${po.id}/modify`, {
        lines: [{ id: line.id, quantity: String(quantity) }],
      });
      await p.syncAndDrain();

      const after = await database.prisma.ledgerRecord.findFirstOrThrow({
        where: { entity: 'purchase_order', sourceId },
        include: { events: { orderBy: { id: 'asc' } } },
      });
      expect(after.status).toBe('synced');
      expect(after.targetId).toBe(before.targetId);
      expect(after.contentHash).not.toBe(before.contentHash);
      expect(after.reason).toMatch(/change order/);
      expect(after.reason).toContain(`lines[1].Quantity ${Number(line.quantity)} → ${quantity}`);
      expect(after.details).toMatchObject({ attention: 'changed_after_sync' });
      // What was written stays on the record; the changed payload sits next to it for review.
      expect(after.mappedPayload).toEqual(before.mappedPayload);
      expect(after.events.map((event) => event.action)).toContain('write.changed_after_sync');
      expect(p.sims.oracle.store.purchaseOrders.size).toBe(ordersBefore);
    },
  );
});
