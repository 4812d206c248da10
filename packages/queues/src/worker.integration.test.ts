import { QueueEvents, type Job } from 'bullmq';
import { PermanentError, RateLimitedError, TransientError } from '@mlc/errors';
import { createLogger } from '@mlc/logger';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { openQueue } from './queue-factory.ts';
import { mapQueue } from './queues.ts';
import { createRedis } from './redis.ts';
import { startWorker, type JobHandlers } from './worker.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const data = {
  connectionId: 'acme-mfg',
  ledgerId: '0b0c9a7e-4d5f-4f6b-9a52-8f2f6b1b7c11',
  entity: 'bill',
  sourceId: '624',
  contentHash: 'abcdef0123456789',
} as const;

async function harness(prefix: string, url: string, handlers: JobHandlers<typeof mapQueue>) {
  const connection = createRedis(url, 'worker');
  const queue = openQueue(mapQueue, { connection, prefix });
  const events = new QueueEvents(mapQueue.name, { connection: createRedis(url, 'worker'), prefix });
  await events.waitUntilReady();
  const managed = startWorker(mapQueue, handlers, { connection: createRedis(url, 'worker'), prefix, logger });
  return {
    queue,
    managed,
    async run(jobId: string, jobData: unknown = data, attempts = 3): Promise<{ job: Job; outcome: string }> {
      const job = await queue.add('map-record', jobData, {
        jobId,
        attempts,
        backoff: { type: 'fixed', delay: 10 },
      });
      const outcome = await job.waitUntilFinished(events).then(
        () => 'completed',
        (error: Error) => `failed: ${error.message}`,
      );
      return { job: (await queue.getJob(jobId))!, outcome };
    },
    async close() {
      await managed.close(5_000);
      await events.close();
      await queue.close();
      connection.disconnect();
    },
  };
}

describe('startWorker', () => {
  test('applies the failure taxonomy to each job', async ({ redis }) => {
    const calls = new Map<string, number>();
    const h = await harness(redis.prefix, redis.url, {
      'map-record': async (_data, { job }) => {
        const count = (calls.get(job.id!) ?? 0) + 1;
        calls.set(job.id!, count);
        if (job.id === 'permanent') throw new PermanentError('Supplier is inactive', { code: 'ORACLE_400' });
        if (job.id === 'transient' && count < 3)
          throw new TransientError('502 from Oracle', { code: 'UPSTREAM_5XX' });
        if (job.id === 'rate-limited' && count === 1)
          throw new RateLimitedError('429', { code: 'RATE_LIMITED', retryAfterMs: 300 });
        return 'ok';
      },
    });
    try {
      const permanent = await h.run('permanent');
      expect(permanent.outcome).toBe('failed: ORACLE_400: Supplier is inactive');
      expect(calls.get('permanent')).toBe(1);

      const transient = await h.run('transient');
      expect(transient.outcome).toBe('completed');
      expect(calls.get('transient')).toBe(3);

      const limited = await h.run('rate-limited', data, 1);
      expect(limited.outcome).toBe('completed');
      expect(calls.get('rate-limited')).toBe(2);
      // A 429 does not burn an attempt: one attempt was allowed and the job still completed.
      expect(limited.job.attemptsMade).toBe(1);

      const invalid = await h.run('invalid', { ...data, ledgerId: 'not-a-uuid' });
      expect(invalid.outcome).toMatch(/^failed: Invalid job data for map\/map-record/);
      expect(calls.has('invalid')).toBe(false);
    } finally {
      await h.close();
    }
  });

  test('close() waits for the active job, then cancels it after the deadline', async ({ redis }) => {
    let started: () => void = () => undefined;
    const jobStarted = new Promise<void>((resolve) => (started = resolve));
    let aborted = false;
    const h = await harness(`${redis.prefix}-close`, redis.url, {
      'map-record': async (_data, { signal }) => {
        started();
        await new Promise<void>((_resolve, reject) =>
          signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('cancelled'));
          }),
        );
      },
    });
    await h.queue.add('map-record', data, { jobId: 'slow' });
    await jobStarted;
    await h.managed.close(50);
    expect(aborted).toBe(true);
    expect(h.managed.worker.isRunning()).toBe(false);
    await h.close();
  });
});
