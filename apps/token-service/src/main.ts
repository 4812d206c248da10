import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { tokenServiceConfig, startTokenService } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'token-service', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const service = await startTokenService(tokenServiceConfig(env), logger);
  lifecycle.onShutdown('token-service', (remainingMs) => service.close(remainingMs));
  logger.info({ url: service.url }, 'token-service started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
