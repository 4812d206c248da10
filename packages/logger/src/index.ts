export { createLogger, type CreateLoggerOptions, type Logger } from './logger.ts';
export { redactPaths, scrubText, secretKeys } from './redaction.ts';
export { serializeError } from './serializers.ts';
