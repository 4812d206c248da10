import { storeSettings } from '@mlc/config';
import { ConnectionStore } from '@mlc/connections';
import { createDatabase } from '@mlc/db';
import { Ledger, MasterData } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { postgresCheck, redisCheck, startOpsServer } from '@mlc/observability';
import { createRedis, openAllQueues, OutboxRelay, pollQueue, startWorker, waitForRedis } from '@mlc/queues';
import { TokenServiceClient } from '@mlc/token-client';
import { pollStream } from '@mlc/pipeline';
import { reconcileSchedules } from '@mlc/pipeline';
import { sweepStaleRecords } from '@mlc/pipeline';
import type { Env } from './env.ts';

export interface PollerConfig {
  /** Where /healthz, /readyz and /metrics listen; omitted in in-process tests (no ops server). */
  ops?: { host: string; port: number };
  databaseUrl: string;
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  redisUrl: string;
  redisPrefix: string;
  allowInsecureUpstreams: boolean;
  tokenServiceUrl: string;
  internalToken: string;
  pollConcurrency: number;
  detailConcurrency: number;
  scheduleReconcileMs: number;
  sweepIntervalMs: number;
  staleRecordMs: number;
}

export interface RunningPoller {
  close(deadlineMs: number): Promise<void>;
  relay: OutboxRelay;
}

/** Wires the poller: poll worker, job schedulers, the outbox relay and the lost-job sweeper. */
export async function startPoller(config: PollerConfig, logger: Logger): Promise<RunningPoller> {
  const closers: ((deadlineMs: number) => Promise<unknown>)[] = [];
  const close = async (deadlineMs: number) => {
    for (const closer of closers.toReversed()) await closer(deadlineMs).catch(() => undefined);
  };
  try {
    const database = createDatabase({
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      applicationName: 'mlc-poller',
      onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
    });
    closers.push(() => database.close());
    const redis = createRedis(config.redisUrl, 'client', 'mlc-poller');
    closers.push(async () => redis.disconnect());
    if (config.ops) {
      const checks = { postgres: postgresCheck(database.prisma), redis: redisCheck(redis) };
      const ops = await startOpsServer({ ...config.ops, checks, logger });
      closers.push(() => ops.close());
    }
    await waitForRedis(redis);
    const connection = createRedis(config.redisUrl, 'worker', 'mlc-poller-queues');
    closers.push(async () => connection.disconnect());

    const queues = openAllQueues({ connection, prefix: config.redisPrefix });
    closers.push(() => Promise.all(Object.values(queues).map((queue) => queue.close())));

    const connections = new ConnectionStore(database.prisma, {
      allowInsecureUpstreams: config.allowInsecureUpstreams,
    });
    const ledger = new Ledger(database.prisma);
    const masterData = new MasterData(database.prisma);
    const tokens = new TokenServiceClient({
      url: config.tokenServiceUrl,
      internalToken: config.internalToken,
      logger,
    });

    const relay = new OutboxRelay({
      prisma: database.prisma,
      queues,
      logger,
      databaseUrl: config.databaseUrl,
    });
    relay.start();
    closers.push(() => relay.stop());

    const worker = startWorker(
      pollQueue,
      {
        'poll-stream': async (data, { logger: jobLogger }) => {
          const outcome = await pollStream(
            {
              prisma: database.prisma,
              redis,
              prefix: config.redisPrefix,
              connections,
              ledger,
              masterData,
              tokens,
              logger: jobLogger,
              detailConcurrency: config.detailConcurrency,
            },
            data,
          );
          relay.wake();
          return outcome.kind === 'done'
            ? { read: outcome.result.read, ...outcome.result.recorded }
            : outcome;
        },
      },
      { connection, prefix: config.redisPrefix, logger, concurrency: config.pollConcurrency },
    );
    closers.push((deadlineMs) => worker.close(deadlineMs));

    const timers: NodeJS.Timeout[] = [];
    closers.push(async () => timers.forEach((timer) => clearInterval(timer)));
    const reconcile = () =>
      reconcileSchedules(queues.poll, connections, logger).catch((error: unknown) =>
        logger.warn({ err: error }, 'schedule reconcile failed'),
      );
    await reconcile();
    timers.push(setInterval(() => void reconcile(), config.scheduleReconcileMs));
    timers.push(
      setInterval(() => {
        void sweepStaleRecords({
          prisma: database.prisma,
          ledger,
          queues,
          staleAfterMs: config.staleRecordMs,
          logger,
        })
          .then((recovered) => {
            if (recovered > 0) relay.wake();
          })
          .catch((error: unknown) => logger.warn({ err: error }, 'sweep failed'));
      }, config.sweepIntervalMs),
    );
    return { close, relay };
  } catch (error) {
    await close(1_000);
    throw error;
  }
}

/** The settings main.ts and `mlc start` take from this app's parsed environment. */
export function pollerConfig(env: Env): PollerConfig {
  return {
    ...storeSettings(env),
    allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
    tokenServiceUrl: env.TOKEN_SERVICE_URL,
    internalToken: env.INTERNAL_TOKEN,
    pollConcurrency: env.POLL_CONCURRENCY,
    detailConcurrency: env.DETAIL_FETCH_CONCURRENCY,
    scheduleReconcileMs: env.SCHEDULE_RECONCILE_SECONDS * 1000,
    sweepIntervalMs: env.SWEEP_INTERVAL_SECONDS * 1000,
    staleRecordMs: env.STALE_RECORD_MINUTES * 60_000,
    ops: { host: env.OPS_HOST, port: env.OPS_PORT },
  };
}

/**
 * For `mlc start`: parses this app's environment (a bad one exits listing every problem, as
 * main.ts does) and starts the app.
 */
export async function startFromEnv(logger: Logger): Promise<{ close(deadlineMs: number): Promise<void> }> {
  const { env } = await import('./env.ts');
  return startPoller(pollerConfig(env), logger);
}
