import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { adminConfig, startAdmin } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'admin', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const admin = await startAdmin(adminConfig(env), logger);
  lifecycle.onShutdown('admin', (remainingMs) => admin.close(remainingMs));
  logger.info({ url: admin.url }, 'admin started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
