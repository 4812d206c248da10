import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { mapperConfig, startMapper } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'mapper', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const mapper = await startMapper(mapperConfig(env), logger);
  lifecycle.onShutdown('mapper', (remainingMs) => mapper.close(remainingMs));
  logger.info('mapper started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
