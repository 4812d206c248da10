import { createDatabase } from '@mlc/db';
import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { createRedis, waitForRedis } from '@mlc/queues';
import { env } from './env.ts';

const logger = createLogger({ name: 'token-service', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const database = createDatabase({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    applicationName: 'mlc-token-service',
    onPoolError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
  });
  lifecycle.onShutdown('database', () => database.close());
  await database.prisma.$queryRaw`SELECT 1`;

  const redis = createRedis(env.REDIS_URL, 'client', 'mlc-token-service');
  lifecycle.onShutdown('redis', () => redis.disconnect());
  await waitForRedis(redis);

  // Skeleton: the token-service's work arrives with its own issue; it already boots, checks its
  // dependencies and shuts down cleanly.
  logger.info('token-service started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
