import { setTimeout as delay } from 'node:timers/promises';
import got, { RequestError, type Got, type Response } from 'got';
import type { z } from 'zod';
import {
  AuthError,
  PermanentError,
  RateLimitedError,
  TransientError,
  UncertainError,
  type UpstreamSystem,
} from '@mlc/errors';
import type { SyncError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { recordUpstreamRequest } from '@mlc/observability';
import { describeUpstreamBody, parseBody } from './response-body.ts';

/** What a request does; it picks the timeout and whether a failure can be retried blindly. */
export type RequestKind = 'read' | 'create' | 'update' | 'action' | 'token';

export const defaultTimeoutsMs: Readonly<Record<RequestKind, number>> = {
  read: 30_000,
  create: 60_000,
  update: 60_000,
  action: 60_000,
  token: 15_000,
};

export interface AccessToken {
  /** The whole Authorization header value, e.g. "Bearer eyJ…" or "Basic dXNlcjpw…". */
  authorization: string;
  /** A non-secret identifier of this token (a hash), to invalidate exactly this one. */
  fingerprint: string;
}

/** Where a client gets its credentials: token-service in the apps, a stub in some tests. */
export interface TokenProvider {
  getToken(): Promise<AccessToken>;
  /** The upstream rejected `token` (401): drop it so the next getToken() refreshes. */
  invalidate(token: AccessToken): Promise<void>;
  /** A freshly issued token was rejected too: the credentials or the user's access are broken. */
  reportAuthFailure?(token: AccessToken, message: string): Promise<void>;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the client's base URL (no leading slash), or an absolute URL on the same origin. */
  path: string;
  /** Stable label for logs and metrics, e.g. "GET invoices"; defaults to method + path without ids. */
  route?: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  kind: RequestKind;
  /** Statuses handed back instead of thrown (a lookup's 404, say). */
  acceptStatuses?: readonly number[];
  /**
   * A 2xx without a JSON body (empty, an HTML page from a proxy) is a bad response, not an
   * answer: retried like a 5xx (a create's outcome becomes uncertain). Set by `requestJson`.
   */
  expectJson?: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
  requestId: string | undefined;
  url: string;
}

export interface UpstreamRequestEvent {
  system: UpstreamSystem;
  method: string;
  route: string;
  url: string;
  /** Headers as sent, without Authorization. */
  headers: Record<string, string>;
  body: unknown;
  status: number | undefined;
  errorCode: string | undefined;
  durationMs: number;
  requestId: string | undefined;
  attempt: number;
}

export interface UpstreamClientOptions {
  system: UpstreamSystem;
  /** Validated base URL; requests resolve against it. */
  baseUrl: string;
  headers?: Record<string, string>;
  /** Omitted for token endpoints and other unauthenticated calls. */
  auth?: TokenProvider;
  logger: Logger;
  timeoutsMs?: Partial<Record<RequestKind, number>>;
  /** Retries of reads on transient failures (network, 5xx, 408, short 429) inside one call. */
  readRetries?: number;
  /** A 429 whose Retry-After is at most this is waited out inline on reads; longer ones are thrown. */
  maxInlineRetryAfterMs?: number;
  /** Called after every HTTP exchange (metrics; tests check requests against the official spec). */
  observer?: (event: UpstreamRequestEvent) => void;
}

const requestIdHeaders = ['x-request-id', 'x-oracle-dms-ecid', 'x-correlation-id'];

function headerValue(headers: Response['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in seconds or as an HTTP date → milliseconds. */
export function parseRetryAfter(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function defaultRoute(method: string, path: string): string {
  const pathname = path.split('?', 1)[0] ?? path;
  return `${method} ${pathname.replace(/\/(\d+|[0-9a-f]{8}-?[0-9a-f-]{20,}|[0-9a-f]{32})(?=\/|$)/gi, '/:id')}`;
}

/**
 * One upstream's HTTP transport: a private got instance, authentication with one refresh on 401,
 * bounded inline retries for reads, and every failure turned into the design's taxonomy with the
 * upstream's own message. Clients build their typed functions on `request`/`requestJson`.
 */
export class UpstreamHttp {
  private readonly got: Got;
  private readonly options: UpstreamClientOptions;
  private readonly base: URL;
  private readonly logger: Logger;

  constructor(options: UpstreamClientOptions) {
    this.options = options;
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.logger = options.logger.child({ module: `${options.system}-http` });
    this.got = got.extend({
      headers: { 'user-agent': 'ml-connector', accept: 'application/json', ...options.headers },
      responseType: 'text',
      throwHttpErrors: false,
      followRedirect: false,
      retry: { limit: 0 },
      decompress: true,
    });
  }

  /** Resolves `path` against the base URL; absolute URLs must stay on the base URL's origin. */
  resolve(path: string): URL {
    const url = new URL(path, this.base);
    if (url.origin !== this.base.origin) {
      throw new PermanentError(
        `Refusing to follow ${url.origin}: it is not the connection's ${this.base.origin}`,
        {
          code: 'UPSTREAM_FOREIGN_URL',
          system: this.options.system,
        },
      );
    }
    return url;
  }

  async requestJson<T>(request: UpstreamRequest, schema: z.ZodType<T>): Promise<T> {
    const response = await this.request({ ...request, expectJson: true });
    const parsed = schema.safeParse(response.body);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    const message = `${this.options.system} answered ${this.routeOf(request)} with an unexpected shape: ${problems}`;
    // A create that returned an unreadable body did happen: only a lookup can tell its id.
    if (request.kind === 'create') {
      throw new UncertainError(message, {
        code: 'UPSTREAM_UNEXPECTED_SHAPE',
        system: this.options.system,
        httpStatus: response.status,
      });
    }
    throw new PermanentError(message, {
      code: 'UPSTREAM_UNEXPECTED_SHAPE',
      system: this.options.system,
      httpStatus: response.status,
    });
  }

  async request(request: UpstreamRequest): Promise<UpstreamResponse> {
    const maxAttempts = request.kind === 'read' ? 1 + (this.options.readRetries ?? 2) : 1;
    let refreshedAuth = false;
    for (let attempt = 1; ; attempt += 1) {
      const token = this.options.auth ? await this.options.auth.getToken() : undefined;
      let response: UpstreamResponse;
      try {
        response = await this.send(request, token, attempt);
      } catch (error) {
        if (error instanceof TransientError && attempt < maxAttempts) {
          await delay(this.backoffMs(attempt));
          continue;
        }
        throw error;
      }
      if (response.status === 401 && token && this.options.auth) {
        const upstreamMessage = describeUpstreamBody(response);
        if (!refreshedAuth) {
          // Token expired or revoked: drop exactly this one and try once with a fresh token.
          refreshedAuth = true;
          await this.options.auth.invalidate(token);
          continue;
        }
        await this.options.auth.reportAuthFailure?.(token, upstreamMessage);
        throw new AuthError(`${this.options.system} rejected a freshly issued token: ${upstreamMessage}`, {
          code: 'UPSTREAM_UNAUTHORIZED',
          system: this.options.system,
          httpStatus: 401,
          upstreamMessage,
          ...(response.requestId ? { requestId: response.requestId } : {}),
        });
      }
      if (response.status === 429) {
        const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'));
        const inlineLimit = this.options.maxInlineRetryAfterMs ?? 2_000;
        if (request.kind === 'read' && attempt < maxAttempts && (retryAfterMs ?? 1_000) <= inlineLimit) {
          await delay(retryAfterMs ?? this.backoffMs(attempt));
          continue;
        }
        throw new RateLimitedError(`${this.options.system} asked us to slow down (429)`, {
          code: 'UPSTREAM_RATE_LIMITED',
          system: this.options.system,
          httpStatus: 429,
          retryAfterMs,
          upstreamMessage: describeUpstreamBody(response),
        });
      }
      if (response.status >= 500 || response.status === 408) {
        // The upstream's words go in the message too: logs keep an error's message, not its fields.
        const upstreamMessage = describeUpstreamBody(response);
        const error = new TransientError(
          `${this.options.system} failed with ${response.status}: ${upstreamMessage}`,
          {
            code: 'UPSTREAM_UNAVAILABLE',
            system: this.options.system,
            httpStatus: response.status,
            upstreamMessage,
            ...(response.requestId ? { requestId: response.requestId } : {}),
          },
        );
        if (attempt < maxAttempts) {
          await delay(this.backoffMs(attempt));
          continue;
        }
        throw error;
      }
      if (
        (response.status >= 200 && response.status < 300) ||
        request.acceptStatuses?.includes(response.status)
      ) {
        return response;
      }
      throw this.permanentFailure(request, response);
    }
  }

  private backoffMs(attempt: number): number {
    return Math.min(250 * 2 ** (attempt - 1), 4_000) + Math.floor(Math.random() * 200);
  }

  private routeOf(request: UpstreamRequest): string {
    return request.route ?? defaultRoute(request.method, request.path);
  }

  private permanentFailure(request: UpstreamRequest, response: UpstreamResponse): SyncError {
    const upstreamMessage = describeUpstreamBody(response);
    const status = response.status;
    const what =
      status === 403
        ? `${this.options.system} refused ${this.routeOf(request)} (403): the integration user lacks a permission`
        : status === 404
          ? `${this.options.system} has no ${this.routeOf(request)} (404)`
          : status >= 300 && status < 400
            ? `${this.options.system} redirected ${this.routeOf(request)} (${status}) to ${String(response.headers['location'] ?? '?')}`
            : `${this.options.system} rejected ${this.routeOf(request)} (${status})`;
    return new PermanentError(`${what}: ${upstreamMessage}`, {
      code:
        status === 403 ? 'UPSTREAM_FORBIDDEN' : status === 404 ? 'UPSTREAM_NOT_FOUND' : 'UPSTREAM_REJECTED',
      system: this.options.system,
      httpStatus: status,
      upstreamMessage,
      ...(response.requestId ? { requestId: response.requestId } : {}),
    });
  }

  private async send(
    request: UpstreamRequest,
    token: AccessToken | undefined,
    attempt: number,
  ): Promise<UpstreamResponse> {
    const url = this.resolve(request.path);
    for (const [key, value] of Object.entries(request.searchParams ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { ...request.headers };
    if (token) headers['authorization'] = token.authorization;
    const route = this.routeOf(request);
    const started = performance.now();
    const timeout = this.options.timeoutsMs?.[request.kind] ?? defaultTimeoutsMs[request.kind];
    const event = (
      status: number | undefined,
      errorCode: string | undefined,
      requestId: string | undefined,
    ) => {
      const elapsedMs = performance.now() - started;
      const durationMs = Math.round(elapsedMs);
      // mlc_upstream_requests_total / mlc_upstream_request_duration_seconds, per attempt.
      recordUpstreamRequest({
        system: this.options.system,
        method: request.method,
        route,
        status,
        errorCode,
        durationSeconds: elapsedMs / 1000,
      });
      const { authorization: _omitted, ...visibleHeaders } = headers;
      this.options.observer?.({
        system: this.options.system,
        method: request.method,
        route,
        url: url.toString(),
        headers: { ...this.options.headers, ...visibleHeaders },
        body: request.json ?? request.form,
        status,
        errorCode,
        durationMs,
        requestId,
        attempt,
      });
      const fields = { method: request.method, route, status, durationMs, requestId, attempt };
      if (status === undefined || status >= 400)
        this.logger.warn({ ...fields, errorCode }, 'upstream request failed');
      else if (request.method === 'GET') this.logger.debug(fields, 'upstream request');
      else this.logger.info(fields, 'upstream request');
    };
    let response: Response<string>;
    try {
      response = await this.got(url, {
        method: request.method,
        headers,
        timeout: { request: timeout },
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.form === undefined ? {} : { form: request.form }),
      });
    } catch (error) {
      const code = error instanceof RequestError ? error.code : 'UNKNOWN';
      event(undefined, code, undefined);
      throw this.networkFailure(request, route, code, error);
    }
    const requestId = requestIdHeaders.map((name) => headerValue(response.headers, name)).find(Boolean);
    event(response.statusCode, undefined, requestId);
    const contentType = headerValue(response.headers, 'content-type') ?? '';
    const parsed = parseBody(contentType, response.body);
    const isSuccess = response.statusCode >= 200 && response.statusCode < 300;
    const notJson = request.expectJson === true && typeof parsed.value === 'string';
    if (isSuccess && (parsed.malformedJson || notJson)) {
      // A load balancer's page or a cut-off body: the request may well have worked, the answer did not arrive.
      const what = parsed.malformedJson
        ? `malformed JSON (${response.body.length} bytes)`
        : response.body.trim() === ''
          ? 'an empty body'
          : `no JSON (${describeUpstreamBody({ status: response.statusCode, text: response.body, body: parsed.value, headers: response.headers })})`;
      const message = `${this.options.system} answered ${route} (${response.statusCode}) with ${what}`;
      const options = {
        code: 'UPSTREAM_BAD_RESPONSE',
        system: this.options.system,
        httpStatus: response.statusCode,
      };
      throw request.kind === 'create'
        ? new UncertainError(message, options)
        : new TransientError(message, options);
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      text: response.body,
      body: parsed.value,
      requestId,
      url: url.toString(),
    };
  }

  // The got error is not kept as `cause`: its options carry the request headers (the token).
  private networkFailure(request: UpstreamRequest, route: string, code: string, cause: unknown): SyncError {
    const system = this.options.system;
    const reason = cause instanceof Error ? cause.message : String(cause);
    // Nothing reached the server: safe to retry even a create.
    const notSent = [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ERR_INVALID_URL',
      'CERT_HAS_EXPIRED',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    ].includes(code);
    if (!notSent && (request.kind === 'create' || request.kind === 'action')) {
      return new UncertainError(`${route} to ${system} may or may not have happened (${code}): ${reason}`, {
        code: 'UPSTREAM_OUTCOME_UNKNOWN',
        system,
      });
    }
    return new TransientError(`${route} to ${system} failed (${code}): ${reason}`, {
      code: code === 'ETIMEDOUT' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_NETWORK',
      system,
    });
  }
}
