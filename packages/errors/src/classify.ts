import { type ErrorClass, SyncError } from './sync-error.ts';

/** The class of any thrown value; errors outside the taxonomy (bugs, driver errors) count as transient. */
export function classifyError(error: unknown): ErrorClass {
  return error instanceof SyncError ? error.errorClass : 'transient';
}

export interface ErrorSummary {
  errorClass: ErrorClass;
  code: string;
  message: string;
  httpStatus?: number;
  system?: string;
}

const maxMessageLength = 2000;

/**
 * What the ledger and the logs keep of an error: class, stable code and a bounded message.
 * Only the message is kept, never the error object, whose request options may hold headers.
 */
export function summarizeError(error: unknown): ErrorSummary {
  if (error instanceof SyncError) {
    const detail =
      error.upstreamMessage && !error.message.includes(error.upstreamMessage)
        ? `${error.message}: ${error.upstreamMessage}`
        : error.message;
    return {
      errorClass: error.errorClass,
      code: error.code,
      message: truncate(detail),
      ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
      ...(error.system === undefined ? {} : { system: error.system }),
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { errorClass: 'transient', code: 'UNEXPECTED', message: truncate(message) };
}

function truncate(text: string): string {
  return text.length > maxMessageLength ? `${text.slice(0, maxMessageLength - 1)}…` : text;
}
