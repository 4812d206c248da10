import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { startPoller } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'poller', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const poller = await startPoller(
    {
      databaseUrl: env.DATABASE_URL,
      databasePoolSize: env.DATABASE_POOL_SIZE,
      databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      databaseStatementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      redisUrl: env.REDIS_URL,
      redisPrefix: env.MLC_REDIS_PREFIX,
      allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
      tokenServiceUrl: env.TOKEN_SERVICE_URL,
      internalToken: env.INTERNAL_TOKEN,
      pollConcurrency: env.POLL_CONCURRENCY,
      detailConcurrency: env.DETAIL_FETCH_CONCURRENCY,
      scheduleReconcileMs: env.SCHEDULE_RECONCILE_SECONDS * 1000,
      sweepIntervalMs: env.SWEEP_INTERVAL_SECONDS * 1000,
      staleRecordMs: env.STALE_RECORD_MINUTES * 60_000,
    },
    logger,
  );
  lifecycle.onShutdown('poller', (remainingMs) => poller.close(remainingMs));
  logger.info('poller started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
