import { scrubText } from './redaction.ts';

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: unknown;
  errorClass?: unknown;
  httpStatus?: unknown;
  system?: unknown;
  requestId?: unknown;
  cause?: SerializedError;
}

const safeFields = ['code', 'errorClass', 'httpStatus', 'system', 'requestId'] as const;

/**
 * pino's default error serializer copies every enumerable property; got's errors carry the
 * request options (headers with the bearer token) and the response. This one keeps an allowlist.
 */
export function serializeError(value: unknown, depth = 0): SerializedError {
  if (!(value instanceof Error)) return { type: typeof value, message: scrubText(String(value)) };
  const out: SerializedError = { type: value.name, message: scrubText(value.message) };
  if (value.stack) out.stack = scrubText(value.stack);
  const record = value as unknown as Record<string, unknown>;
  for (const field of safeFields) {
    if (record[field] !== undefined) out[field] = record[field];
  }
  if (value.cause !== undefined && depth < 3) out.cause = serializeError(value.cause, depth + 1);
  return out;
}
