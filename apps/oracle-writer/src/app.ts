import { storeSettings } from '@mlc/config';
import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { ConnectionStore, type ConnectionSettings } from '@mlc/connections';
import { createDatabase } from '@mlc/db';
import { RateLimitedError } from '@mlc/errors';
import { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { postgresCheck, redisCheck, startOpsServer } from '@mlc/observability';
import { createOracleClient, type OracleClient } from '@mlc/oracle-client';
import {
  createRedis,
  decideByErrorClass,
  openAllQueues,
  oracleWriteQueue,
  OutboxRelay,
  startWorker,
  waitForRedis,
} from '@mlc/queues';
import { TokenServiceClient } from '@mlc/token-client';
import type { TokenProvider } from '@mlc/upstream';
import { ConnectionLimits, oracleWriters, writeRecord } from '@mlc/pipeline';
import type { Env } from './env.ts';

export interface OracleWriterConfig {
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
  concurrency: number;
  writeSlotRetryMs: number;
  pausedConnectionDelayMs: number;
}

const releaseLock =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
const renewLock =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

/** Wires oracle-writer: the write worker under per-connection limits, and its outbox relay. */
export async function startOracleWriter(
  config: OracleWriterConfig,
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
      applicationName: 'mlc-oracle-writer',
      onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
    });
    closers.push(() => database.close());
    const redis = createRedis(config.redisUrl, 'client', 'mlc-oracle-writer');
    closers.push(async () => redis.disconnect());
    if (config.ops) {
      const checks = { postgres: postgresCheck(database.prisma), redis: redisCheck(redis) };
      const ops = await startOpsServer({ ...config.ops, checks, logger });
      closers.push(() => ops.close());
    }
    await waitForRedis(redis);
    const connection = createRedis(config.redisUrl, 'worker', 'mlc-oracle-writer-queues');
    closers.push(async () => connection.disconnect());

    const relay = new OutboxRelay({
      prisma: database.prisma,
      queues: openAllQueues({ connection, prefix: config.redisPrefix }),
      logger,
      databaseUrl: config.databaseUrl,
    });
    relay.start();
    closers.push(() => relay.stop());

    const connections = new ConnectionStore(database.prisma, {
      allowInsecureUpstreams: config.allowInsecureUpstreams,
    });
    const ledger = new Ledger(database.prisma);
    const tokens = new TokenServiceClient({
      url: config.tokenServiceUrl,
      internalToken: config.internalToken,
      logger,
    });
    const limits = new ConnectionLimits(redis, config.redisPrefix);

    // One client per connection and settings version; every request waits for the connection's rate.
    const clients = new Map<string, { updatedAt: number; client: OracleClient }>();
    const clientFor = (settings: ConnectionSettings): OracleClient => {
      const cached = clients.get(settings.id);
      if (cached?.updatedAt === settings.updatedAt.getTime()) return cached.client;
      const inner = tokens.providerFor(settings.id, 'oracle');
      const throttled: TokenProvider = {
        getToken: async () => {
          await limits.throttle(settings.id, settings.options.oracleRequestsPerSecond);
          return inner.getToken();
        },
        invalidate: (token) => inner.invalidate(token),
        reportAuthFailure: (token, message) => inner.reportAuthFailure?.(token, message) ?? Promise.resolve(),
      };
      const client = createOracleClient({
        restBaseUrl: settings.oracle.restBaseUrl,
        restFrameworkVersion: settings.oracle.restFrameworkVersion,
        auth: throttled,
        logger: logger.child({ connectionId: settings.id }),
      });
      clients.set(settings.id, { updatedAt: settings.updatedAt.getTime(), client });
      return client;
    };

    const worker = startWorker(
      oracleWriteQueue,
      {
        'write-record': async (data, { job, logger: jobLogger }) => {
          const settings = await connections.settings(data.connectionId);
          const holder = job.id ?? randomBytes(8).toString('hex');
          const leaseMs = oracleWriteQueue.lockDurationMs;
          if (
            !(await limits.tryAcquireSlot(
              data.connectionId,
              holder,
              settings.options.maxInFlightWrites,
              leaseMs,
            ))
          ) {
            throw new RateLimitedError('the connection’s write slots are all in use', {
              code: 'WRITE_SLOT_BUSY',
              retryAfterMs: config.writeSlotRetryMs + Math.floor(Math.random() * config.writeSlotRetryMs),
            });
          }
          const lockKey = `${config.redisPrefix}:locks:write:${data.ledgerId}`;
          const lockValue = randomBytes(8).toString('hex');
          // Both leases are renewed while this write runs, as BullMQ renews the job's lock: a
          // SIGKILLed writer's slot and record lock lapse within one lease. (Unrenewed 180 s leases
          // left every slot taken by crashed writers, and the connection's writes stalled: found
          // by the chaos run, packages/chaos.)
          const renewal = setInterval(() => {
            void limits.renewSlot(data.connectionId, holder, leaseMs).catch(() => undefined);
            void redis.eval(renewLock, 1, lockKey, lockValue, leaseMs).catch(() => undefined);
          }, leaseMs / 3);
          try {
            if ((await redis.set(lockKey, lockValue, 'PX', leaseMs, 'NX')) !== 'OK') {
              throw new RateLimitedError('another worker is writing this record', {
                code: 'WRITE_IN_PROGRESS',
                retryAfterMs: 2_000,
              });
            }
            const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
            const result = await writeRecord(
              {
                system: 'oracle',
                ledger,
                prisma: database.prisma,
                connections,
                clientFor,
                writers: oracleWriters,
                logger: jobLogger,
              },
              data,
              {
                isLast,
              },
            );
            if (result.kind === 'paused') {
              throw new RateLimitedError(result.reason, {
                code: 'CONNECTION_PAUSED',
                retryAfterMs: config.pausedConnectionDelayMs,
              });
            }
            return result.message;
          } finally {
            clearInterval(renewal);
            await redis.eval(releaseLock, 1, lockKey, lockValue).catch(() => undefined);
            await limits.releaseSlot(data.connectionId, holder).catch(() => undefined);
          }
        },
      },
      {
        connection,
        prefix: config.redisPrefix,
        logger,
        concurrency: config.concurrency,
        decide: (error: unknown, _job: Job) => {
          const decision = decideByErrorClass(error);
          // A paused connection's jobs wait for new credentials instead of failing.
          if (decision.action === 'fail' && (error as { errorClass?: string }).errorClass === 'auth') {
            return { action: 'delay', delayMs: config.pausedConnectionDelayMs };
          }
          return decision;
        },
      },
    );
    closers.push((deadlineMs) => worker.close(deadlineMs));
    return { close };
  } catch (error) {
    await close(1_000);
    throw error;
  }
}

/** The settings main.ts and `mlc start` take from this app's parsed environment. */
export function oracleWriterConfig(env: Env): OracleWriterConfig {
  return {
    ...storeSettings(env),
    allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
    tokenServiceUrl: env.TOKEN_SERVICE_URL,
    internalToken: env.INTERNAL_TOKEN,
    concurrency: env.ORACLE_WRITE_CONCURRENCY,
    writeSlotRetryMs: env.WRITE_SLOT_RETRY_MS,
    pausedConnectionDelayMs: env.PAUSED_CONNECTION_DELAY_MS,
    ops: { host: env.OPS_HOST, port: env.OPS_PORT },
  };
}

/**
 * For `mlc start`: parses this app's environment (a bad one exits listing every problem, as
 * main.ts does) and starts the app.
 */
export async function startFromEnv(logger: Logger): Promise<{ close(deadlineMs: number): Promise<void> }> {
  const { env } = await import('./env.ts');
  return startOracleWriter(oracleWriterConfig(env), logger);
}
