import type { PrismaClient } from '@mlc/db';
import type { Logger } from '@mlc/logger';
import { Counter, Gauge } from 'prom-client';
import { withTimeout } from './timeout.ts';
import { metricsRegistry } from './registry.ts';

const collectErrorsTotal = new Counter({
  name: 'mlc_metrics_collect_errors_total',
  help: 'Scrapes in which a collector could not read its source (its gauge is then empty), by collector',
  labelNames: ['collector'] as const,
  registers: [metricsRegistry],
});

/** A BullMQ Queue, structurally: all the collector needs. */
export interface CountableQueue {
  name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

export interface CollectorOptions {
  logger: Logger;
  /** A scrape never waits longer than this for the source. Default 5 s. */
  timeoutMs?: number;
}

/** BullMQ job states counted by `mlc_queue_jobs`. */
export const queueJobStates = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'paused',
  'completed',
  'failed',
] as const;

function replace(name: string): void {
  // Registering again (a test, a restarted server in one process) replaces the previous source.
  if (metricsRegistry.getSingleMetric(name)) metricsRegistry.removeSingleMetric(name);
}

/**
 * `mlc_ledger_records{connection, entity, status}`: ledger records by state, counted in Postgres
 * (one GROUP BY) at each scrape. Registered by the admin app, which owns the operator view.
 */
export function registerLedgerRecordsCollector(
  prisma: PrismaClient,
  options: CollectorOptions,
): Gauge<'connection' | 'entity' | 'status'> {
  const name = 'mlc_ledger_records';
  replace(name);
  const logger = options.logger.child({ module: 'metrics', collector: name });
  return new Gauge({
    name,
    help: 'Ledger records by connection, entity and status (read from Postgres at scrape time)',
    labelNames: ['connection', 'entity', 'status'] as const,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      try {
        const groups = await withTimeout(
          prisma.ledgerRecord.groupBy({ by: ['connectionId', 'entity', 'status'], _count: true }),
          options.timeoutMs ?? 5_000,
          'counting ledger records',
        );
        for (const group of groups) {
          this.set(
            { connection: group.connectionId, entity: group.entity, status: group.status },
            group._count,
          );
        }
      } catch (error) {
        collectErrorsTotal.inc({ collector: name });
        logger.warn({ err: error }, 'ledger records could not be counted for /metrics');
      }
    },
  });
}

/**
 * `mlc_queue_jobs{queue, state}`: BullMQ job counts per queue and state (`getJobCounts`) at each
 * scrape. Pass one Queue per queue contract.
 */
export function registerQueueJobsCollector(
  queues: readonly CountableQueue[],
  options: CollectorOptions,
): Gauge<'queue' | 'state'> {
  const name = 'mlc_queue_jobs';
  replace(name);
  const logger = options.logger.child({ module: 'metrics', collector: name });
  return new Gauge({
    name,
    help: 'BullMQ jobs by queue and state (read from Redis at scrape time)',
    labelNames: ['queue', 'state'] as const,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      try {
        const counts = await withTimeout(
          Promise.all(
            queues.map(async (queue) => ({
              queue: queue.name,
              counts: await queue.getJobCounts(...queueJobStates),
            })),
          ),
          options.timeoutMs ?? 5_000,
          'counting queue jobs',
        );
        for (const { queue, counts: byState } of counts) {
          for (const state of queueJobStates) this.set({ queue, state }, byState[state] ?? 0);
        }
      } catch (error) {
        collectErrorsTotal.inc({ collector: name });
        logger.warn({ err: error }, 'queue jobs could not be counted for /metrics');
      }
    },
  });
}
