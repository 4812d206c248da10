import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLogger } from '@mlc/logger';
import { test, until } from '@mlc/testing';
import { Worker } from 'bullmq';
import { describe, expect } from 'vitest';
import { OutboxRelay } from './outbox-relay.ts';
import { outboxEntry, writeOutbox } from './outbox.ts';
import { openQueue } from './queue-factory.ts';
import { jobIds, mapQueue, masterDataPriority } from './queues.ts';
import { createRedis } from './redis.ts';

const logger = createLogger({ name: 'test', level: 'silent' });

function entries(count: number, offset = 0) {
  return Array.from({ length: count }, (_, index) => {
    const key = {
      connectionId: 'acme-mfg',
      entity: 'bill' as const,
      sourceId: `bill-${offset + index}`,
      contentHash: `hash${String(offset + index).padStart(12, '0')}`,
    };
    return outboxEntry(
      mapQueue,
      'map-record',
      { ...key, ledgerId: randomUUID() },
      { jobId: jobIds.map(key) },
    );
  });
}

describe('outbox relay', () => {
  test('delivers every row exactly once with two relays racing and one killed mid-batch', async ({
    database,
    redis,
  }) => {
    const total = 1_000;
    for (let offset = 0; offset < total; offset += 250) {
      await database.prisma.$transaction((tx) => writeOutbox(tx, entries(250, offset)));
    }
    const connection = createRedis(redis.url, 'worker');
    const queue = openQueue(mapQueue, { connection, prefix: redis.prefix });

    // The victim takes the first batch, adds it to Redis and is killed before it commits.
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, '..', 'test', 'relay-child.ts'), database.url, redis.url, redis.prefix],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout });
    const [firstLine] = (await once(lines, 'line')) as [string];
    expect(firstLine).toBe('added 50');

    const relayA = new OutboxRelay({
      prisma: database.prisma,
      queues: { map: queue },
      logger,
      batchSize: 50,
    });
    const relayB = new OutboxRelay({
      prisma: database.prisma,
      queues: { map: queue },
      logger,
      batchSize: 50,
    });
    await Promise.all([relayA.drain(), relayB.drain()]);
    // The victim's 50 rows are still locked by its open transaction.
    expect(await database.prisma.outboxMessage.count()).toBe(50);

    child.kill('SIGKILL');
    await once(child, 'exit');
    await until('Postgres has ended the killed relay’s transaction', async () => {
      const rows = await database.pool.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = 'mlc-relay-child' AND datname = current_database()",
      );
      return rows.rowCount === 0;
    });
    await Promise.all([relayA.drain(), relayB.drain()]);

    expect(await database.prisma.outboxMessage.count()).toBe(0);
    // The victim's batch reached Redis and was delivered again by a survivor…
    expect(relayA.delivered + relayB.delivered).toBe(total);
    // …yet Redis holds exactly one job per row.
    const counts = await queue.getJobCounts(
      'waiting',
      'delayed',
      'prioritized',
      'active',
      'completed',
      'failed',
    );
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(total);
    const jobs = await queue.getJobs(['waiting'], 0, total);
    const expectedIds = new Set(entries(total).map((entry) => entry.jobId));
    expect(new Set(jobs.map((job) => job.id))).toEqual(expectedIds);

    await queue.close();
    connection.disconnect();
  });

  test('a running relay delivers a committed row without waiting for its poll interval', async ({
    database,
    redis,
  }) => {
    const connection = createRedis(redis.url, 'worker');
    const queue = openQueue(mapQueue, { connection, prefix: `${redis.prefix}-live` });
    const relay = new OutboxRelay({
      prisma: database.prisma,
      queues: { map: queue },
      logger,
      databaseUrl: database.url,
      pollIntervalMs: 3_600_000,
    });
    relay.start();
    try {
      const [entry] = entries(1, 5_000);
      await until('the relay is listening', async () => {
        const rows = await database.pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE application_name = 'mlc-outbox-listener' AND datname = current_database() AND query LIKE 'LISTEN%'",
        );
        return rows.rowCount === 1;
      });
      await database.prisma.$transaction((tx) => writeOutbox(tx, [entry!]));
      const job = await until('the job is in Redis', () => queue.getJob(entry!.jobId));
      expect(job.data).toMatchObject({ sourceId: 'bill-5000' });
    } finally {
      await relay.stop();
      await queue.close();
      connection.disconnect();
    }
  });

  test('an outbox row with a job id already waiting is not written twice', async ({ database }) => {
    const [entry] = entries(1, 9_000);
    const first = await database.prisma.$transaction((tx) => writeOutbox(tx, [entry!]));
    const second = await database.prisma.$transaction((tx) => writeOutbox(tx, [entry!]));
    expect([first, second]).toEqual([1, 0]);
    await database.prisma.outboxMessage.deleteMany();
  });

  test('master-data jobs get a priority, so a worker takes documents first', async ({ database, redis }) => {
    const job = (entity: 'bill' | 'supplier', sourceId: string) => {
      const key = { connectionId: 'acme-mfg', entity, sourceId, contentHash: `hash-${sourceId}-000000` };
      return outboxEntry(
        mapQueue,
        'map-record',
        { ...key, ledgerId: randomUUID() },
        { jobId: jobIds.map(key) },
      );
    };
    // Two suppliers are recorded before the bill…
    const rows = [job('supplier', 's1'), job('supplier', 's2'), job('bill', 'b1')];
    await database.prisma.$transaction((tx) => writeOutbox(tx, rows));
    const connection = createRedis(redis.url, 'worker');
    // Its own prefix: the queue of the tests above still holds their jobs.
    const prefix = `${redis.prefix}:priority`;
    const queue = openQueue(mapQueue, { connection, prefix });
    try {
      await new OutboxRelay({ prisma: database.prisma, queues: { map: queue }, logger }).drain();
      const priorities = await Promise.all(
        rows.map(async (row) => (await queue.getJob(row.jobId))?.opts.priority),
      );
      expect(priorities).toEqual([masterDataPriority, masterDataPriority, undefined]);
      // …and the bill is still the first job a worker takes.
      const worker = new Worker(mapQueue.name, null, { connection, prefix });
      try {
        const first = await worker.getNextJob('test-token');
        expect(first?.data).toMatchObject({ entity: 'bill', sourceId: 'b1' });
      } finally {
        await worker.close();
      }
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
