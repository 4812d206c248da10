import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { procurifyWriterConfig, startProcurifyWriter } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'procurify-writer', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const writer = await startProcurifyWriter(procurifyWriterConfig(env), logger);
  lifecycle.onShutdown('procurify-writer', (remainingMs) => writer.close(remainingMs));
  logger.info('procurify-writer started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
