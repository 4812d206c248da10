import { storeSettings } from '@mlc/config';
import { ConnectionStore } from '@mlc/connections';
import { createDatabase } from '@mlc/db';
import { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { postgresCheck, redisCheck, startOpsServer } from '@mlc/observability';
import { createRedis, mapQueue, openAllQueues, OutboxRelay, startWorker, waitForRedis } from '@mlc/queues';
import { mapRecord } from '@mlc/pipeline';
import { MappingContextCache } from '@mlc/pipeline';
import type { Env } from './env.ts';

export interface MapperConfig {
  /** Where /healthz, /readyz and /metrics listen; omitted in in-process tests (no ops server). */
  ops?: { host: string; port: number };
  databaseUrl: string;
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  redisUrl: string;
  redisPrefix: string;
  allowInsecureUpstreams: boolean;
  concurrency: number;
  settingsCacheMs: number;
}

/** Wires the mapper: map worker (thin: parse, map, record) and its outbox relay. */
export async function startMapper(
  config: MapperConfig,
  logger: Logger,
): Promise<{ close(deadlineMs: number): Promise<void> }> {
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
      applicationName: 'mlc-mapper',
      onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
    });
    closers.push(() => database.close());
    const connection = createRedis(config.redisUrl, 'worker', 'mlc-mapper');
    closers.push(async () => connection.disconnect());
    if (config.ops) {
      const checks = { postgres: postgresCheck(database.prisma), redis: redisCheck(connection) };
      const ops = await startOpsServer({ ...config.ops, checks, logger });
      closers.push(() => ops.close());
    }
    await waitForRedis(connection);
    const queues = openAllQueues({ connection, prefix: config.redisPrefix });
    closers.push(() => Promise.all(Object.values(queues).map((queue) => queue.close())));

    const relay = new OutboxRelay({
      prisma: database.prisma,
      queues,
      logger,
      databaseUrl: config.databaseUrl,
    });
    relay.start();
    closers.push(() => relay.stop());

    const deps = {
      prisma: database.prisma,
      ledger: new Ledger(database.prisma),
      cache: new MappingContextCache(
        database.prisma,
        new ConnectionStore(database.prisma, { allowInsecureUpstreams: config.allowInsecureUpstreams }),
        config.settingsCacheMs,
      ),
      logger,
    };
    const worker = startWorker(
      mapQueue,
      {
        'map-record': async (data) => {
          const outcome = await mapRecord(deps, data);
          relay.wake();
          return outcome;
        },
      },
      { connection, prefix: config.redisPrefix, logger, concurrency: config.concurrency },
    );
    closers.push((deadlineMs) => worker.close(deadlineMs));
    return { close };
  } catch (error) {
    await close(1_000);
    throw error;
  }
}

/** The settings main.ts and `mlc start` take from this app's parsed environment. */
export function mapperConfig(env: Env): MapperConfig {
  return {
    ...storeSettings(env),
    allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
    concurrency: env.MAP_CONCURRENCY,
    settingsCacheMs: env.SETTINGS_CACHE_MS,
    ops: { host: env.OPS_HOST, port: env.OPS_PORT },
  };
}

/**
 * For `mlc start`: parses this app's environment (a bad one exits listing every problem, as
 * main.ts does) and starts the app.
 */
export async function startFromEnv(logger: Logger): Promise<{ close(deadlineMs: number): Promise<void> }> {
  const { env } = await import('./env.ts');
  return startMapper(mapperConfig(env), logger);
}
