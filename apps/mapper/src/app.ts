import type { Queue } from 'bullmq';
import { ConnectionStore } from '@mlc/connections';
import { createDatabase } from '@mlc/db';
import { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import {
  createRedis,
  mapQueue,
  OutboxRelay,
  openQueue,
  oracleWriteQueue,
  startWorker,
  waitForRedis,
} from '@mlc/queues';
import { mapRecord } from '@mlc/pipeline';
import { MappingContextCache } from '@mlc/pipeline';

export interface MapperConfig {
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
    await waitForRedis(connection);
    const writeQueue: Queue = openQueue(oracleWriteQueue, { connection, prefix: config.redisPrefix });
    closers.push(() => writeQueue.close());

    const relay = new OutboxRelay({
      prisma: database.prisma,
      queues: {
        [oracleWriteQueue.name]: writeQueue,
        [mapQueue.name]: openQueue(mapQueue, { connection, prefix: config.redisPrefix }),
      },
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
