import { PermanentError } from '@mlc/errors';

/**
 * What an operation refuses, by cause. The admin API turns each class into its HTTP status
 * (404, 400, 409); the CLI prints the message. Codes are stable for scripts and tests.
 */

/** The record, mapping or connection named does not exist. */
export class NotFoundError extends PermanentError {}

/** The request itself is wrong (bad filter, unknown kind, option that does not apply). */
export class InvalidRequestError extends PermanentError {
  constructor(message: string, code = 'INVALID_REQUEST') {
    super(message, { code });
  }
}

/** The request is fine but the connection's state forbids it now (paused, auth failed). */
export class ConflictError extends PermanentError {}

export function recordNotFound(id: string): NotFoundError {
  return new NotFoundError(`No ledger record "${id}"`, { code: 'RECORD_NOT_FOUND' });
}
