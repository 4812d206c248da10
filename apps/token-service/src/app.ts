import { storeSettings } from '@mlc/config';
import { ConnectionStore } from '@mlc/connections';
import { createDatabase, type Database } from '@mlc/db';
import type { Logger } from '@mlc/logger';
import { recordTokenRefresh } from '@mlc/observability';
import {
  addJob,
  createRedis,
  jobIds,
  openQueue,
  startWorker,
  tokenRefreshQueue,
  waitForRedis,
  type ManagedWorker,
} from '@mlc/queues';
import { CredentialVault, KeyRing } from '@mlc/vault';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AuthFailureTracker } from './auth-failures.ts';
import { buildServer } from './server.ts';
import { TokenBroker } from './token-broker.ts';
import { TokenCache } from './token-cache.ts';
import { createTokenFetcher } from './token-fetcher.ts';
import type { Env } from './env.ts';

export interface TokenServiceConfig {
  databaseUrl: string;
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  redisUrl: string;
  redisPrefix: string;
  host: string;
  port: number;
  masterKey: string;
  previousMasterKeys: string | undefined;
  internalToken: string;
  allowInsecureUpstreams: boolean;
  refreshAheadSeconds: number;
  expiryMarginSeconds: number;
  authFailureThreshold: number;
  lockTtlMs: number;
  tokenRequestTimeoutMs: number;
}

export interface RunningTokenService {
  url: string;
  broker: TokenBroker;
  server: FastifyInstance;
  /** Closes in reverse order of start, waiting for refresh jobs up to `deadlineMs`. */
  close(deadlineMs: number): Promise<void>;
}

/** Wires token-service: vault, token cache and broker, refresh worker, internal API. */
export async function startTokenService(
  config: TokenServiceConfig,
  logger: Logger,
): Promise<RunningTokenService> {
  const closers: ((deadlineMs: number) => Promise<unknown>)[] = [];
  const close = async (deadlineMs: number) => {
    for (const closer of closers.toReversed()) await closer(deadlineMs).catch(() => undefined);
  };
  try {
    const database: Database = createDatabase({
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      applicationName: 'mlc-token-service',
      onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
    });
    closers.push(() => database.close());

    const redis: Redis = createRedis(config.redisUrl, 'client', 'mlc-token-service');
    closers.push(async () => redis.disconnect());
    await waitForRedis(redis);

    const keys = KeyRing.fromEnv(config.masterKey, config.previousMasterKeys);
    const vault = new CredentialVault(database.prisma, keys);
    await vault.ensureCurrentKey();
    const connections = new ConnectionStore(database.prisma, {
      allowInsecureUpstreams: config.allowInsecureUpstreams,
    });

    const workerConnection = createRedis(config.redisUrl, 'worker', 'mlc-token-service-worker');
    closers.push(async () => workerConnection.disconnect());
    const refreshQueue: Queue = openQueue(tokenRefreshQueue, {
      connection: workerConnection,
      prefix: config.redisPrefix,
    });
    closers.push(() => refreshQueue.close());

    const broker = new TokenBroker({
      cache: new TokenCache(redis, { prefix: config.redisPrefix, encryptionKey: keys.derive('token-cache') }),
      redis,
      prefix: config.redisPrefix,
      fetch: createTokenFetcher({ connections, vault, logger, timeoutMs: config.tokenRequestTimeoutMs }),
      failures: new AuthFailureTracker({
        prisma: database.prisma,
        redis,
        prefix: config.redisPrefix,
        threshold: config.authFailureThreshold,
        logger,
        credentialsChangedAt: (connectionId, system) => vault.updatedAt(connectionId, system),
      }),
      logger,
      expiryMarginMs: config.expiryMarginSeconds * 1000,
      lockTtlMs: config.lockTtlMs,
      onFetched: (system, outcome, trigger) => recordTokenRefresh({ system, outcome, trigger }),
      // Procurify tokens are refreshed ahead of expiry by a job; Oracle ones on 401 or expiry.
      onIssued: async (connectionId, system, token, lifetimeMs) => {
        if (system !== 'procurify' || !Number.isFinite(lifetimeMs)) return;
        const aheadMs = Math.min(config.refreshAheadSeconds * 1000, lifetimeMs / 10);
        await addJob(
          refreshQueue,
          tokenRefreshQueue,
          'refresh-token',
          { connectionId, system },
          {
            jobId: jobIds.tokenRefresh({ connectionId, system, expiresAtMs: token.expiresAt }),
            delayMs: Math.max(0, token.expiresAt - aheadMs - Date.now()),
          },
        );
      },
    });

    const worker: ManagedWorker = startWorker(
      tokenRefreshQueue,
      {
        'refresh-token': async ({ connectionId, system }, { logger: jobLogger }) => {
          const token = await broker.refresh(connectionId, system);
          jobLogger.info(
            { connectionId, system, fingerprint: token.fingerprint },
            'token refreshed ahead of expiry',
          );
        },
      },
      { connection: workerConnection, prefix: config.redisPrefix, logger, concurrency: 4 },
    );
    closers.push((deadlineMs) => worker.close(deadlineMs));

    const server = buildServer({
      broker,
      connections,
      vault,
      internalToken: config.internalToken,
      logger,
      checkReady: async () => {
        await database.prisma.$queryRaw`SELECT 1`;
        await redis.ping();
      },
    });
    closers.push(() => server.close());
    const url = await server.listen({ host: config.host, port: config.port });
    return { url, broker, server, close };
  } catch (error) {
    await close(1_000);
    throw error;
  }
}

/** The settings main.ts and `mlc start` take from this app's parsed environment. */
export function tokenServiceConfig(env: Env): TokenServiceConfig {
  return {
    ...storeSettings(env),
    host: env.TOKEN_SERVICE_HOST,
    port: env.TOKEN_SERVICE_PORT,
    masterKey: env.MLC_MASTER_KEY,
    previousMasterKeys: env.MLC_MASTER_KEY_PREVIOUS,
    internalToken: env.INTERNAL_TOKEN,
    allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
    refreshAheadSeconds: env.TOKEN_REFRESH_AHEAD_SECONDS,
    expiryMarginSeconds: env.TOKEN_EXPIRY_MARGIN_SECONDS,
    authFailureThreshold: env.AUTH_FAILURE_THRESHOLD,
    lockTtlMs: env.TOKEN_LOCK_TTL_MS,
    tokenRequestTimeoutMs: env.TOKEN_REQUEST_TIMEOUT_MS,
  };
}

/**
 * For `mlc start`: parses this app's environment (a bad one exits listing every problem, as
 * main.ts does) and starts the app.
 */
export async function startFromEnv(logger: Logger): Promise<{ close(deadlineMs: number): Promise<void> }> {
  const { env } = await import('./env.ts');
  return startTokenService(tokenServiceConfig(env), logger);
}
