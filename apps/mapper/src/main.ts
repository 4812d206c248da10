import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { startMapper } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'mapper', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const mapper = await startMapper(
    {
      databaseUrl: env.DATABASE_URL,
      databasePoolSize: env.DATABASE_POOL_SIZE,
      databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      databaseStatementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      redisUrl: env.REDIS_URL,
      redisPrefix: env.MLC_REDIS_PREFIX,
      allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
      concurrency: env.MAP_CONCURRENCY,
      settingsCacheMs: env.SETTINGS_CACHE_MS,
    },
    logger,
  );
  lifecycle.onShutdown('mapper', (remainingMs) => mapper.close(remainingMs));
  logger.info('mapper started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
