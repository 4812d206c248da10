import { ConnectionNotFoundError } from '@mlc/connections';
import { SyncError } from '@mlc/errors';
import { scrubText } from '@mlc/logger';
import { ConflictError, InvalidRequestError, NotFoundError } from '@mlc/operations';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** An error the API answers with as is: status, stable code, message and optional details. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options: { details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** The one error body of the admin API. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      requestId: reply.request.id,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(body);
}

/** Problems of a zod validation, as `details`: where and what. */
export function validationDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Codes token-service answers for a connection file it refuses (the caller's mistake). */
const badInputCodes = new Set(['INVALID_CONNECTION_FILE', 'UNSAFE_UPSTREAM_URL', 'INVALID_REQUEST']);

/**
 * Error → HTTP answer (house-style rule 6): our typed errors keep their code; trouble reaching
 * token-service or an upstream is 502; Fastify's own 4xx (bad JSON, body too large) keep their
 * status; anything else is a 500 whose details stay in the log.
 */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof z.ZodError)
    return new HttpError(400, 'VALIDATION_FAILED', z.prettifyError(error), {
      details: validationDetails(error),
    });
  if (error instanceof NotFoundError || error instanceof ConnectionNotFoundError)
    return new HttpError(404, error.code, error.message);
  if (error instanceof InvalidRequestError) return new HttpError(400, error.code, error.message);
  if (error instanceof ConflictError) return new HttpError(409, error.code, error.message);
  if (error instanceof SyncError) {
    const message = scrubText(error.message);
    // An upstream (Procurify, Oracle) failed us: not the caller's fault, not ours.
    if (error.system !== undefined) return new HttpError(502, error.code, message);
    if (error.code.endsWith('_NOT_FOUND')) return new HttpError(404, error.code, message);
    // token-service refused admin's INTERNAL_TOKEN: a deployment mistake, not the caller's.
    if (error.code === 'UNAUTHORIZED')
      return new HttpError(502, 'TOKEN_SERVICE_REFUSED', 'token-service refused admin’s INTERNAL_TOKEN');
    switch (error.errorClass) {
      case 'permanent':
      case 'mapping':
        return new HttpError(badInputCodes.has(error.code) ? 400 : 422, error.code, message);
      case 'auth':
        return new HttpError(409, error.code, message);
      case 'transient':
      case 'rate_limited':
      case 'uncertain':
        return new HttpError(
          502,
          error.code === 'TOKEN_SERVICE_UNREACHABLE' ? 'TOKEN_SERVICE_UNAVAILABLE' : error.code,
          message,
        );
    }
  }
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const stable: Record<number, string> = {
      400: 'INVALID_BODY',
      404: 'NOT_FOUND',
      413: 'BODY_TOO_LARGE',
      415: 'UNSUPPORTED_MEDIA_TYPE',
    };
    const message = error instanceof Error ? error.message : 'bad request';
    return new HttpError(
      statusCode,
      stable[statusCode] ?? (typeof code === 'string' ? code : 'BAD_REQUEST'),
      message,
    );
  }
  return undefined;
}
