import { storeSettings } from '@mlc/config';
import { ConnectionStore } from '@mlc/connections';
import { createDatabase } from '@mlc/db';
import type { Logger } from '@mlc/logger';
import {
  enableDefaultMetrics,
  postgresCheck,
  redisCheck,
  registerLedgerRecordsCollector,
  registerQueueJobsCollector,
} from '@mlc/observability';
import { createRedis, openQueue, queueContracts, waitForRedis } from '@mlc/queues';
import { TokenServiceClient } from '@mlc/token-client';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { AuthFailureLimiter, TokenChecker } from './auth.ts';
import type { Env } from './env.ts';
import { buildServer, type RouteInfo } from './server.ts';

export interface AdminConfig {
  databaseUrl: string;
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  redisUrl: string;
  redisPrefix: string;
  host: string;
  port: number;
  adminToken: string;
  viewerToken: string | undefined;
  authFailureLimit: number;
  authFailureWindowSeconds: number;
  trustProxy: boolean;
  tokenServiceUrl: string;
  internalToken: string;
  allowInsecureUpstreams: boolean;
}

export interface RunningAdmin {
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  url: string;
  server: FastifyInstance;
  /** Every route it serves. */
  routes: RouteInfo[];
  /** Closes in reverse order of start: HTTP server, queues, Redis, Postgres. */
  close(deadlineMs: number): Promise<void>;
}

/** Wires admin: Postgres, Redis, the five queues (for Bull Board and "sync now"), the HTTP server. */
export async function startAdmin(config: AdminConfig, logger: Logger): Promise<RunningAdmin> {
  const closers: ((deadlineMs: number) => Promise<unknown>)[] = [];
  const close = async (deadlineMs: number) => {
    for (const closer of closers.toReversed()) await closer(deadlineMs).catch(() => undefined);
  };
  try {
    const checker = new TokenChecker({ adminToken: config.adminToken, viewerToken: config.viewerToken });
    const database = createDatabase({
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      applicationName: 'mlc-admin',
      onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
    });
    closers.push(() => database.close());
    await database.prisma.$queryRaw`SELECT 1`;

    // Request paths fail fast while Redis is away instead of queueing commands (BullMQ's advice
    // for producers); the board and "sync now" then answer 500/502 rather than hang.
    const redis = createRedis(config.redisUrl, 'producer', 'mlc-admin');
    closers.push(async () => redis.disconnect());
    await waitForRedis(redis);
    const queues: Record<string, Queue> = Object.fromEntries(
      Object.values(queueContracts).map((contract) => [
        contract.name,
        openQueue(contract, { connection: redis, prefix: config.redisPrefix }),
      ]),
    );
    closers.push(() => Promise.all(Object.values(queues).map((queue) => queue.close())));

    // admin owns the operator view in /metrics: records by state and queue depths, read at
    // scrape time, beside the process metrics and whatever else this process records.
    enableDefaultMetrics();
    registerLedgerRecordsCollector(database.prisma, { logger });
    registerQueueJobsCollector(Object.values(queues), { logger });

    const { server, routes } = await buildServer({
      prisma: database.prisma,
      connections: new ConnectionStore(database.prisma, {
        allowInsecureUpstreams: config.allowInsecureUpstreams,
      }),
      tokens: new TokenServiceClient({
        url: config.tokenServiceUrl,
        internalToken: config.internalToken,
        logger,
        // A connection test checks both systems end to end; give it time.
        timeoutMs: 120_000,
        // A request path: when token-service is down, say so soon (workers wait longer for it).
        refusedRetryMs: 2_000,
      }),
      queues,
      checker,
      limiter: new AuthFailureLimiter({
        redis,
        prefix: config.redisPrefix,
        limit: config.authFailureLimit,
        windowSeconds: config.authFailureWindowSeconds,
        logger: logger.child({ module: 'auth' }),
      }),
      readiness: { postgres: postgresCheck(database.prisma), redis: redisCheck(redis) },
      logger,
      trustProxy: config.trustProxy,
    });
    closers.push(() => server.close());
    const url = await server.listen({ host: config.host, port: config.port });
    return { url, server, routes, close };
  } catch (error) {
    await close(1_000);
    throw error;
  }
}

/** The settings main.ts and `mlc start` take from this app's parsed environment. */
export function adminConfig(env: Env): AdminConfig {
  return {
    ...storeSettings(env),
    host: env.ADMIN_HOST,
    port: env.ADMIN_PORT,
    adminToken: env.ADMIN_TOKEN,
    viewerToken: env.ADMIN_VIEWER_TOKEN,
    authFailureLimit: env.ADMIN_AUTH_FAILURE_LIMIT,
    authFailureWindowSeconds: env.ADMIN_AUTH_FAILURE_WINDOW_SECONDS,
    trustProxy: env.ADMIN_TRUST_PROXY,
    tokenServiceUrl: env.TOKEN_SERVICE_URL,
    internalToken: env.INTERNAL_TOKEN,
    allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
  };
}

/**
 * For `mlc start`: parses this app's environment (a bad one exits listing every problem, as
 * main.ts does) and starts the app.
 */
export async function startFromEnv(logger: Logger): Promise<RunningAdmin> {
  const { env } = await import('./env.ts');
  return startAdmin(adminConfig(env), logger);
}
