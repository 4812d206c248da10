import { Lifecycle } from '@mlc/lifecycle';
import { createLogger } from '@mlc/logger';
import { oracleWriterConfig, startOracleWriter } from './app.ts';
import { env } from './env.ts';

const logger = createLogger({ name: 'oracle-writer', level: env.LOG_LEVEL });
const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
lifecycle.installSignalHandlers();

try {
  const writer = await startOracleWriter(oracleWriterConfig(env), logger);
  lifecycle.onShutdown('oracle-writer', (remainingMs) => writer.close(remainingMs));
  logger.info('oracle-writer started');
} catch (error) {
  logger.fatal({ err: error }, 'startup failed');
  await lifecycle.shutdown('startup failed');
  process.exit(1);
}
