import { QueueEvents } from 'bullmq';
import { PermanentError, RateLimitedError, TransientError } from '@mlc/errors';
import { createLogger } from '@mlc/logger';
import { metricsRegistry } from '@mlc/observability';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { openQueue } from './queue-factory.ts';
import { mapQueue } from './queues.ts';
import { createRedis } from './redis.ts';
import { startWorker } from './worker.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const data = {
  connectionId: 'acme-mfg',
  ledgerId: '0b0c9a7e-4d5f-4f6b-9a52-8f2f6b1b7c11',
  entity: 'bill',
  sourceId: '624',
  contentHash: 'abcdef0123456789',
} as const;

async function counts(): Promise<Record<string, number>> {
  const metric = await metricsRegistry.getSingleMetric('mlc_jobs_total')?.get();
  return Object.fromEntries(
    (metric?.values ?? [])
      .filter((value) => value.labels['queue'] === 'map' && value.labels['job'] === 'map-record')
      .map((value) => [String(value.labels['outcome']), value.value]),
  );
}

describe('startWorker metrics', () => {
  test('each attempt counts once in mlc_jobs_total and mlc_job_duration_seconds, by outcome', async ({
    redis,
  }) => {
    const connection = createRedis(redis.url, 'worker');
    const queue = openQueue(mapQueue, { connection, prefix: redis.prefix });
    const events = new QueueEvents(mapQueue.name, {
      connection: createRedis(redis.url, 'worker'),
      prefix: redis.prefix,
    });
    await events.waitUntilReady();
    const calls = new Map<string, number>();
    const managed = startWorker(
      mapQueue,
      {
        'map-record': async (_data, { job }) => {
          const count = (calls.get(job.id!) ?? 0) + 1;
          calls.set(job.id!, count);
          if (job.id === 'permanent')
            throw new PermanentError('Supplier is inactive', { code: 'ORACLE_400' });
          if (job.id === 'transient' && count < 3) throw new TransientError('502', { code: 'UPSTREAM_5XX' });
          if (job.id === 'exhausted') throw new TransientError('502', { code: 'UPSTREAM_5XX' });
          if (job.id === 'rate-limited' && count === 1)
            throw new RateLimitedError('429', { code: 'RATE_LIMITED', retryAfterMs: 250 });
          return 'ok';
        },
      },
      { connection: createRedis(redis.url, 'worker'), prefix: redis.prefix, logger },
    );
    try {
      for (const [jobId, attempts] of [
        ['ok', 3],
        ['transient', 3],
        ['permanent', 3],
        ['rate-limited', 1],
        ['exhausted', 2],
      ] as const) {
        const job = await queue.add('map-record', data, {
          jobId,
          attempts,
          backoff: { type: 'fixed', delay: 10 },
        });
        await job.waitUntilFinished(events).catch(() => undefined);
      }
      // transient: 2 retried + completed; rate-limited: delayed + completed; exhausted: retried + failed.
      expect(await counts()).toEqual({ completed: 3, retried: 3, failed: 2, delayed: 1 });
      const text = await metricsRegistry.metrics();
      expect(text).toContain(
        'mlc_job_duration_seconds_count{queue="map",job="map-record",outcome="completed"} 3',
      );
      expect(text).toContain(
        'mlc_job_duration_seconds_count{queue="map",job="map-record",outcome="retried"} 3',
      );
    } finally {
      await managed.close(5_000);
      await events.close();
      await queue.close();
      connection.disconnect();
    }
  });
});
