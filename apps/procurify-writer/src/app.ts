import { storeSettings } from '@mlc/config';
import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { ConnectionStore, type ConnectionSettings } from '@mlc/connections';
import { createDatabase } from '@mlc/db';
import { RateLimitedError } from '@mlc/errors';
import { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { postgresCheck, redisCheck, startOpsServer } from '@mlc/observability';
import {
  createInvoicePaymentWriter,
  MarkPaidBatcher,
  procurifyWriters,
  writeRecord,
  type MarkPaidBatchOptions,
} from '@mlc/pipeline';
import type { ProcurifyClient } from '@mlc/procurify-client';
import {
  createRedis,
  decideByErrorClass,
  openAllQueues,
  OutboxRelay,
  procurifyWriteQueue,
  startWorker,
  waitForRedis,
} from '@mlc/queues';
import { connectionClients, TokenServiceClient } from '@mlc/token-client';
import type { Env } from './env.ts';

export interface ProcurifyWriterConfig {
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
  pausedConnectionDelayMs: number;
  /**
   * mark-as-paid batching (see MarkPaidBatcher): bills per request, and how long a batch waits
   * for more. A batch only gathers jobs in flight together, so `concurrency` bounds it too.
   */
  markPaidBatch?: Partial<MarkPaidBatchOptions>;
}

const releaseLock =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
const renewLock =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

/** Wires procurify-writer: the procurify-write worker (one writer per entity) and its outbox relay. */
export async function startProcurifyWriter(
  config: ProcurifyWriterConfig,
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
      applicationName: 'mlc-procurify-writer',
      onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
    });
    closers.push(() => database.close());
    const redis = createRedis(config.redisUrl, 'client', 'mlc-procurify-writer');
    closers.push(async () => redis.disconnect());
    if (config.ops) {
      const checks = { postgres: postgresCheck(database.prisma), redis: redisCheck(redis) };
      const ops = await startOpsServer({ ...config.ops, checks, logger });
      closers.push(() => ops.close());
    }
    await waitForRedis(redis);
    const connection = createRedis(config.redisUrl, 'worker', 'mlc-procurify-writer-queues');
    closers.push(async () => connection.disconnect());

    // Writers may enqueue follow-up work (a supplier created in Oracle unblocks documents).
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

    // One batcher per process: jobs in flight together share their mark-as-paid requests.
    const batcher = new MarkPaidBatcher(config.markPaidBatch ?? {}, logger);
    const writers = { ...procurifyWriters, invoice_payment: createInvoicePaymentWriter(batcher) };

    const clients = new Map<string, { updatedAt: number; client: ProcurifyClient }>();
    const clientFor = (settings: ConnectionSettings): ProcurifyClient => {
      const cached = clients.get(settings.id);
      if (cached?.updatedAt === settings.updatedAt.getTime()) return cached.client;
      const client = connectionClients(settings, tokens, logger).procurify;
      clients.set(settings.id, { updatedAt: settings.updatedAt.getTime(), client });
      return client;
    };

    const worker = startWorker(
      procurifyWriteQueue,
      {
        'write-record': async (data, { job, logger: jobLogger }) => {
          const lockKey = `${config.redisPrefix}:locks:write:${data.ledgerId}`;
          const lockValue = randomBytes(8).toString('hex');
          if (
            (await redis.set(lockKey, lockValue, 'PX', procurifyWriteQueue.lockDurationMs, 'NX')) !== 'OK'
          ) {
            throw new RateLimitedError('another worker is writing this record', {
              code: 'WRITE_IN_PROGRESS',
              retryAfterMs: 2_000,
            });
          }
          // Renewed while the write runs: a SIGKILLed writer's lock lapses within one lease.
          const renewal = setInterval(() => {
            void redis
              .eval(renewLock, 1, lockKey, lockValue, procurifyWriteQueue.lockDurationMs)
              .catch(() => undefined);
          }, procurifyWriteQueue.lockDurationMs / 3);
          try {
            const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
            const result = await writeRecord(
              {
                system: 'procurify',
                ledger,
                prisma: database.prisma,
                connections,
                clientFor,
                writers,
                logger: jobLogger,
              },
              data,
              { isLast },
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
    closers.push(async (deadlineMs) => {
      // Jobs waiting in a batch are in flight: send their request so the worker can finish them.
      const closing = worker.close(deadlineMs);
      await batcher.flushAll();
      await closing;
    });
    return { close };
  } catch (error) {
    await close(1_000);
    throw error;
  }
}

/** The settings main.ts and `mlc start` take from this app's parsed environment. */
export function procurifyWriterConfig(env: Env): ProcurifyWriterConfig {
  return {
    ...storeSettings(env),
    allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
    tokenServiceUrl: env.TOKEN_SERVICE_URL,
    internalToken: env.INTERNAL_TOKEN,
    concurrency: env.PROCURIFY_WRITE_CONCURRENCY,
    pausedConnectionDelayMs: env.PAUSED_CONNECTION_DELAY_MS,
    markPaidBatch: { maxBills: env.MARK_PAID_BATCH_MAX_BILLS, lingerMs: env.MARK_PAID_BATCH_LINGER_MS },
    ops: { host: env.OPS_HOST, port: env.OPS_PORT },
  };
}

/**
 * For `mlc start`: parses this app's environment (a bad one exits listing every problem, as
 * main.ts does) and starts the app.
 */
export async function startFromEnv(logger: Logger): Promise<{ close(deadlineMs: number): Promise<void> }> {
  const { env } = await import('./env.ts');
  return startProcurifyWriter(procurifyWriterConfig(env), logger);
}
