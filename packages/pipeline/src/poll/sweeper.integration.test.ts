import { Ledger } from '@mlc/ledger';
import { createLogger } from '@mlc/logger';
import { createRedis, jobIds, openAllQueues } from '@mlc/queues';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { sweepStaleRecords } from './sweeper.ts';

const connectionId = 'acme-mfg';

describe('sweepStaleRecords', () => {
  test('re-queues stale working records whose job Redis lost, with or without an error code, and nothing else', async ({
    database,
    redis,
  }) => {
    const { prisma } = database;
    await prisma.connection.create({
      data: {
        id: connectionId,
        name: 'Acme',
        procurifySubdomain: 'acme',
        oraclePodUrl: 'https://a.fa.us2.oraclecloud.com',
        oracleSettings: {},
        accounting: {},
        options: {},
      },
    });
    const ledger = new Ledger(prisma);
    const ids = ['fresh', 'no-code', 'transient', 'dry-run', 'queued', 'synced'];
    await ledger.recordSourceVersions(
      connectionId,
      'bill',
      ids.map((sourceId) => ({
        sourceId,
        sourceVersion: 'v1',
        contentHash: `hash-${sourceId}-aaaa`,
        snapshot: { id: sourceId },
      })),
    );
    // The relay delivered every map job, then Redis lost them all.
    await prisma.outboxMessage.deleteMany();
    const records = new Map(
      (await prisma.ledgerRecord.findMany({ where: { connectionId } })).map((record) => [
        record.sourceId,
        record,
      ]),
    );
    const record = (sourceId: string) => records.get(sourceId) as NonNullable<ReturnType<typeof records.get>>;
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const stale = async (
      sourceId: string,
      fields: { errorCode?: string; status?: 'writing' | 'synced' } = {},
    ) =>
      prisma.ledgerRecord.update({
        where: { id: record(sourceId).id },
        data: {
          status: fields.status ?? 'pending',
          errorCode: fields.errorCode ?? null,
          updatedAt: tenMinutesAgo,
        },
      });
    await stale('no-code');
    await stale('transient', { errorCode: 'HTTP_503', status: 'writing' });
    await stale('dry-run', { errorCode: 'DRY_RUN' });
    await stale('queued');
    await stale('synced', { status: 'synced' });

    const connection = createRedis(redis.url, 'client', 'sweeper-test');
    const queues = openAllQueues({ connection, prefix: redis.prefix });
    try {
      // This one's job survived: it is still waiting in the map queue.
      await queues.map.add('map-record', {}, { jobId: jobIds.map(record('queued')) });

      const recovered = await sweepStaleRecords({
        prisma,
        ledger,
        queues,
        staleAfterMs: 60_000,
        logger: createLogger({ name: 'sweeper-test', level: 'silent' }),
      });

      expect(recovered).toBe(2);
      const after = await prisma.ledgerRecord.findMany({
        where: { connectionId },
        orderBy: { sourceId: 'asc' },
      });
      expect(Object.fromEntries(after.map((row) => [row.sourceId, [row.status, row.replays]]))).toEqual({
        'dry-run': ['pending', 0],
        fresh: ['pending', 0],
        'no-code': ['pending', 1],
        queued: ['pending', 0],
        synced: ['synced', 0],
        transient: ['pending', 1],
      });
      // Each recovered record has a new map job on its way (the outbox), under a fresh job id.
      const outbox = await prisma.outboxMessage.findMany();
      expect(outbox.map((row) => row.jobId).toSorted()).toEqual(
        [
          jobIds.map({ ...record('no-code'), replays: 1 }),
          jobIds.map({ ...record('transient'), replays: 1 }),
        ].toSorted(),
      );
    } finally {
      await Promise.all(Object.values(queues).map((queue) => queue.close()));
      connection.disconnect();
    }
  });
});
