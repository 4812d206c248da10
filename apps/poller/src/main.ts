import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { pollerConfig, startPoller } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'poller', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const poller = await startPoller(pollerConfig(env), logger);
  lifecycle.onShutdown('poller', (remainingMs) => poller.close(remainingMs));
  logger.info('poller started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
