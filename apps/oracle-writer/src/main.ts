import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { startOracleWriter } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'oracle-writer', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const writer = await startOracleWriter(
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
      concurrency: env.ORACLE_WRITE_CONCURRENCY,
      writeSlotRetryMs: env.WRITE_SLOT_RETRY_MS,
      pausedConnectionDelayMs: env.PAUSED_CONNECTION_DELAY_MS,
    },
    logger,
  );
  lifecycle.onShutdown('oracle-writer', (remainingMs) => writer.close(remainingMs));
  logger.info('oracle-writer started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
