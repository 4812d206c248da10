import { randomUUID } from 'node:crypto';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { InvalidRequestError } from './errors.ts';
import { getLedgerRecord, queryLedger } from './ledger.ts';
import { replayRecords } from './replay.ts';
import { createTestConnection, plantRecords } from './test-support.ts';

describe('ledger queries and replay', () => {
  test('pages follow (updatedAt desc, id desc): no record twice or missed, even when timestamps tie', async ({
    database,
  }) => {
    const { prisma } = database;
    await createTestConnection(prisma, 'pages');
    await plantRecords(
      prisma,
      'pages',
      Array.from({ length: 11 }, (_, index) => ({ sourceId: `p${index}`, status: 'synced' as const })),
    );
    // Seven share one timestamp: only the id can order them.
    const tied = new Date('2026-01-02T03:04:05.678Z');
    await prisma.ledgerRecord.updateMany({
      where: { connectionId: 'pages', sourceId: { in: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'] } },
      data: { updatedAt: tied },
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await queryLedger({ prisma }, 'pages', { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(result.total).toBe(11);
      seen.push(...result.items.map((item) => `${item.updatedAt}|${item.id}`));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    expect(seen).toEqual(seen.toSorted().toReversed());
  });

  test('filters by status, entity, date range and text in the numbers and the reason', async ({
    database,
  }) => {
    const { prisma } = database;
    await createTestConnection(prisma, 'filters');
    await plantRecords(prisma, 'filters', [
      {
        sourceId: 'f1',
        sourceNumber: 'INV-100',
        status: 'failed',
        reason: 'Oracle rejected: Account 6100 disabled',
      },
      { sourceId: 'f2', sourceNumber: 'INV-200', status: 'blocked', reason: 'No Oracle supplier' },
      { entity: 'purchase_order', sourceId: 'f3', sourceNumber: 'PO-300', status: 'synced' },
    ]);
    const ids = async (query: Parameters<typeof queryLedger>[2]) =>
      (await queryLedger({ prisma }, 'filters', query)).items.map((item) => item.sourceId).sort();
    expect(await ids({ limit: 10, status: ['failed', 'blocked'] })).toEqual(['f1', 'f2']);
    expect(await ids({ limit: 10, entity: ['purchase_order'] })).toEqual(['f3']);
    expect(await ids({ limit: 10, text: 'account 6100' })).toEqual(['f1']);
    expect(await ids({ limit: 10, text: 'inv-2' })).toEqual(['f2']);
    expect(await ids({ limit: 10, from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(
      await ids({ limit: 10, to: new Date(Date.now() + 60_000), dateField: 'firstSeenAt' }),
    ).toHaveLength(3);
    await expect(queryLedger({ prisma }, 'filters', { limit: 1, cursor: 'garbage' })).rejects.toThrow(
      InvalidRequestError,
    );
    await expect(queryLedger({ prisma }, 'nobody', { limit: 1 })).rejects.toMatchObject({
      code: 'CONNECTION_NOT_FOUND',
    });
  });

  test('a record comes with its source snapshot and every event, oldest first', async ({ database }) => {
    const { prisma } = database;
    await createTestConnection(prisma, 'detail');
    const ids = await plantRecords(prisma, 'detail', [
      { sourceId: 'd1', status: 'failed', reason: 'rejected' },
    ]);
    const detail = await getLedgerRecord({ prisma }, ids.get('d1')!);
    expect(detail).toMatchObject({ sourceId: 'd1', status: 'failed', sourceSnapshot: { id: 'd1' } });
    expect(detail.events.map((event) => [event.action, event.fromStatus, event.toStatus])).toEqual([
      ['source.recorded', null, 'pending'],
      ['test.planted', 'pending', 'failed'],
    ]);
    await expect(getLedgerRecord({ prisma }, randomUUID())).rejects.toMatchObject({
      code: 'RECORD_NOT_FOUND',
    });
  });

  test('replay moves only the chosen replayable records and gives a reason for every other one', async ({
    database,
  }) => {
    const { prisma } = database;
    await createTestConnection(prisma, 'replay');
    await createTestConnection(prisma, 'elsewhere');
    const ids = await plantRecords(prisma, 'replay', [
      { sourceId: 'failed', status: 'failed' },
      { sourceId: 'blocked', status: 'blocked', blockedOn: ['vendor:57'] },
      { sourceId: 'uncertain', status: 'uncertain' },
      { sourceId: 'pending', status: 'pending' },
      { sourceId: 'synced', status: 'synced' },
      { entity: 'purchase_order', sourceId: 'po-failed', status: 'failed' },
    ]);
    const foreign = await plantRecords(prisma, 'elsewhere', [{ sourceId: 'x', status: 'failed' }]);
    const id = (sourceId: string) => ids.get(sourceId)!;
    const outboxBefore = await prisma.outboxMessage.count();

    const result = await replayRecords({ prisma }, 'replay', {
      statuses: ['failed', 'uncertain'],
      filter: { entity: ['bill'] },
      recordIds: [
        id('failed'),
        id('uncertain'),
        id('blocked'),
        id('pending'),
        id('synced'),
        id('po-failed'),
        foreign.get('x')!,
        'not-a-record-id',
      ],
      actor: 'replayed by the test',
    });
    expect(new Set(result.requeuedIds)).toEqual(new Set([id('failed'), id('uncertain')]));
    expect(result.requeued).toBe(2);
    const codes = Object.fromEntries(result.notRequeued.map((entry) => [entry.id, entry.code]));
    expect(codes).toEqual({
      [id('blocked')]: 'STATUS_NOT_SELECTED',
      [id('pending')]: 'IN_FLIGHT',
      [id('synced')]: 'NOT_REPLAYABLE',
      [id('po-failed')]: 'FILTERED_OUT',
      [foreign.get('x')!]: 'NOT_FOUND',
      'not-a-record-id': 'NOT_FOUND',
    });
    expect(result.notRequeued.every((entry) => entry.reason.length > 0)).toBe(true);
    // Each moved record got its event and a fresh map job (a new job id: the replay counter).
    expect(await prisma.outboxMessage.count()).toBe(outboxBefore + 2);
    const replayed = await getLedgerRecord({ prisma }, id('failed'));
    expect(replayed).toMatchObject({ status: 'pending', replays: 1 });
    expect(replayed.events.at(-1)).toMatchObject({
      action: 'requeued',
      fromStatus: 'failed',
      message: 'replayed by the test',
    });
    const jobs = await prisma.outboxMessage.findMany({ orderBy: { id: 'desc' }, take: 2 });
    expect(jobs.map((job) => job.jobId.split('.').at(-1))).toEqual(['r1', 'r1']);

    // Everything replayable that is left: the blocked bill and the failed PO; the foreign record stays.
    const rest = await replayRecords({ prisma }, 'replay');
    expect(new Set(rest.requeuedIds)).toEqual(new Set([id('blocked'), id('po-failed')]));
    expect(rest.notRequeued).toEqual([]);
    expect((await getLedgerRecord({ prisma }, foreign.get('x')!)).status).toBe('failed');
    await expect(replayRecords({ prisma }, 'replay', { recordIds: [] })).rejects.toThrow(InvalidRequestError);
  });
});
