import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import {
  AuthError,
  PermanentError,
  RateLimitedError,
  TransientError,
  type UpstreamSystem,
} from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import type { AccessToken, TokenProvider } from '@mlc/upstream';

export interface TokenServiceClientOptions {
  /** TOKEN_SERVICE_URL */
  url: string;
  /** INTERNAL_TOKEN */
  internalToken: string;
  logger: Logger;
  timeoutMs?: number;
  /** A token is reused locally until this long before its expiry. */
  localMarginMs?: number;
  /** How long a refused connection (token-service restarting) is retried before the call fails (default 20 s). */
  refusedRetryMs?: number;
}

const tokenBody = z.object({
  authorization: z.string(),
  fingerprint: z.string(),
  expiresAt: z.string().nullable(),
});
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

interface LocalToken extends AccessToken {
  expiresAt: number;
}

/**
 * How the other apps reach token-service's internal API. `providerFor(connection, system)` is
 * the TokenProvider the upstream clients use: it keeps the token in memory until shortly before
 * expiry, asks token-service once per refresh (single-flight), and names the exact token it
 * invalidates after a 401.
 */
export class TokenServiceClient {
  private readonly options: TokenServiceClientOptions;
  private readonly local = new Map<string, LocalToken>();
  private readonly inflight = new Map<string, Promise<LocalToken>>();
  private readonly logger: Logger;

  constructor(options: TokenServiceClientOptions) {
    this.options = options;
    this.logger = options.logger.child({ module: 'token-client' });
  }

  private async call(path: string, method: 'POST' | 'PUT', body: unknown): Promise<unknown> {
    let response: Response;
    // A restarting token-service refuses connections for a few seconds: wait for it instead of
    // failing every job that needs a token meanwhile (the chaos run, packages/chaos, saw polls fail
    // over and over). Only refused connections are retried: nothing reached the service.
    const retryUntil = Date.now() + (this.options.refusedRetryMs ?? 20_000);
    for (let attempt = 0; ; attempt += 1) {
      try {
        response = await fetch(new URL(path, this.options.url), {
          method,
          headers: {
            authorization: `Bearer ${this.options.internalToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
        });
        break;
      } catch (error) {
        const refused = (error as { cause?: { code?: unknown } }).cause?.code === 'ECONNREFUSED';
        if (refused && Date.now() < retryUntil) {
          await delay(Math.min(100 * 2 ** attempt, 2_000));
          continue;
        }
        throw new TransientError(
          `token-service at ${this.options.url} is unreachable: ${error instanceof Error ? error.message : String(error)}`,
          {
            code: 'TOKEN_SERVICE_UNREACHABLE',
          },
        );
      }
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    if (response.ok) return json;
    const parsed = errorBody.safeParse(json);
    const code = parsed.success ? parsed.data.error.code : `HTTP_${response.status}`;
    const message = parsed.success ? parsed.data.error.message : `token-service answered ${response.status}`;
    if (response.status === 409) throw new AuthError(message, { code });
    if (response.status === 429) throw new RateLimitedError(message, { code });
    if (response.status >= 500) throw new TransientError(message, { code });
    throw new PermanentError(message, { code });
  }

  async getToken(connectionId: string, system: UpstreamSystem): Promise<AccessToken> {
    const key = `${connectionId}:${system}`;
    const cached = this.local.get(key);
    if (cached && cached.expiresAt - (this.options.localMarginMs ?? 30_000) > Date.now()) return cached;
    const running = this.inflight.get(key);
    if (running) return running;
    const request = (async () => {
      const body = tokenBody.parse(await this.call('/internal/tokens/get', 'POST', { connectionId, system }));
      const token: LocalToken = {
        authorization: body.authorization,
        fingerprint: body.fingerprint,
        expiresAt: body.expiresAt ? Date.parse(body.expiresAt) : Number.POSITIVE_INFINITY,
      };
      this.local.set(key, token);
      return token;
    })().finally(() => this.inflight.delete(key));
    this.inflight.set(key, request);
    return request;
  }

  async invalidate(connectionId: string, system: UpstreamSystem, fingerprint: string): Promise<void> {
    const key = `${connectionId}:${system}`;
    if (this.local.get(key)?.fingerprint === fingerprint) this.local.delete(key);
    await this.call('/internal/tokens/invalidate', 'POST', { connectionId, system, fingerprint });
  }

  async reportAuthFailure(
    connectionId: string,
    system: UpstreamSystem,
    fingerprint: string,
    message: string,
  ): Promise<void> {
    this.local.delete(`${connectionId}:${system}`);
    const result = z.object({ paused: z.boolean() }).parse(
      await this.call('/internal/tokens/auth-failure', 'POST', {
        connectionId,
        system,
        fingerprint,
        message,
      }),
    );
    if (result.paused)
      this.logger.error({ connectionId, system }, 'connection paused after repeated auth failures');
  }

  /** The TokenProvider an upstream client of this connection and system uses. */
  providerFor(connectionId: string, system: UpstreamSystem): TokenProvider {
    return {
      getToken: () => this.getToken(connectionId, system),
      invalidate: (token) => this.invalidate(connectionId, system, token.fingerprint),
      reportAuthFailure: (token, message) =>
        this.reportAuthFailure(connectionId, system, token.fingerprint, message),
    };
  }

  testConnection(connectionId: string): Promise<unknown> {
    return this.call('/internal/connections/test', 'POST', { connectionId });
  }

  saveConnection(file: unknown): Promise<unknown> {
    return this.call('/internal/connections', 'PUT', file);
  }
}
