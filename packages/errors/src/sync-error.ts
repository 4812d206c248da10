/**
 * The failure taxonomy of design.md §2. Every error that crosses a package boundary is one of
 * these; its `errorClass` decides the retry policy and the ledger state, its `code` is stable
 * for operators and tests.
 */
export const errorClasses = [
  'transient',
  'rate_limited',
  'auth',
  'permanent',
  'mapping',
  'uncertain',
] as const;
export type ErrorClass = (typeof errorClasses)[number];

export type UpstreamSystem = 'procurify' | 'oracle';

export interface SyncErrorOptions {
  code: string;
  cause?: unknown;
  system?: UpstreamSystem;
  httpStatus?: number;
  /** The upstream's own words (plain text, JSON detail or a summary of an HTML page). */
  upstreamMessage?: string;
  requestId?: string;
}

export abstract class SyncError extends Error {
  abstract readonly errorClass: ErrorClass;
  readonly code: string;
  readonly system: UpstreamSystem | undefined;
  readonly httpStatus: number | undefined;
  readonly upstreamMessage: string | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, options: SyncErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.system = options.system;
    this.httpStatus = options.httpStatus;
    this.upstreamMessage = options.upstreamMessage;
    this.requestId = options.requestId;
  }
}

/** Network error, timeout on a read, 5xx, 408: retried with backoff and jitter. */
export class TransientError extends SyncError {
  readonly errorClass = 'transient';
}

/** 429: wait `retryAfterMs` (or back off) without burning an attempt. */
export class RateLimitedError extends SyncError {
  readonly errorClass = 'rate_limited';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: SyncErrorOptions & { retryAfterMs?: number | undefined }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** 401 that survived one token refresh, or credentials the token endpoint refused. */
export class AuthError extends SyncError {
  readonly errorClass = 'auth';
}

/** 400/403/404/409/422 and upstream validation text: no retry; replay once the cause is fixed. */
export class PermanentError extends SyncError {
  readonly errorClass = 'permanent';
}

export interface MissingMapping {
  /** What is missing: a vendor link, a GL account, a department, a location… */
  kind: string;
  /** The Procurify-side key that has no counterpart (vendor id, account code, department id). */
  key: string;
  label?: string;
}

/** Something needs a person (unmapped vendor, account, department): the record is `blocked`. */
export class MappingError extends SyncError {
  readonly errorClass = 'mapping';
  readonly missing: readonly MissingMapping[];
  constructor(
    message: string,
    options: Omit<SyncErrorOptions, 'code'> & { code?: string; missing: MissingMapping[] },
  ) {
    super(message, { ...options, code: options.code ?? 'MAPPING_MISSING' });
    this.missing = options.missing;
  }
}

/** A create whose outcome is unknown (timeout, reset): resolved by a lookup before any retry. */
export class UncertainError extends SyncError {
  readonly errorClass = 'uncertain';
}
