import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactPaths } from './redaction.ts';
import { serializeError } from './serializers.ts';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** The app or tool name, on every line as `app`. */
  name: string;
  level?: LoggerOptions['level'];
  /** Where lines go; stdout by default. Tests pass a stream to read lines back. */
  destination?: DestinationStream;
}

/** The one root logger of a process: JSON lines, secrets redacted, errors serialized safely. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      err: (value: unknown) => serializeError(value),
      error: (value: unknown) => serializeError(value),
    },
  };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}
