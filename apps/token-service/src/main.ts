import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { startTokenService } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'token-service', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const service = await startTokenService(
    {
      databaseUrl: env.DATABASE_URL,
      databasePoolSize: env.DATABASE_POOL_SIZE,
      databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      databaseStatementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      redisUrl: env.REDIS_URL,
      redisPrefix: env.MLC_REDIS_PREFIX,
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
    },
    logger,
  );
  lifecycle.onShutdown('token-service', (remainingMs) => service.close(remainingMs));
  logger.info({ url: service.url }, 'token-service started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
