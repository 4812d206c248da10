import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { UpstreamSystem } from '@mlc/db';
import { AuthError, TransientError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import type { TokenRefreshTrigger } from '@mlc/observability';
import { tokenFingerprint } from '@mlc/upstream';
import type { AuthFailureTracker } from './auth-failures.ts';
import type { CachedToken, TokenCache } from './token-cache.ts';

export interface FetchedToken {
  authorization: string;
  /** undefined: does not expire (Basic credentials). */
  expiresInSeconds: number | undefined;
}

export interface TokenBrokerOptions {
  cache: TokenCache;
  redis: Redis;
  prefix: string;
  /** Calls the upstream's token endpoint for a connection (after checking its status). */
  fetch: (connectionId: string, system: UpstreamSystem) => Promise<FetchedToken>;
  failures: AuthFailureTracker;
  logger: Logger;
  /** A token with less than this left is refreshed rather than handed out. */
  expiryMarginMs: number;
  lockTtlMs: number;
  /** Called after every fetch: Procurify tokens get a proactive refresh job. */
  onIssued?: (
    connectionId: string,
    system: UpstreamSystem,
    token: CachedToken,
    lifetimeMs: number,
  ) => Promise<void>;
  /** Counts upstream token requests (metrics), with what asked for them. */
  onFetched?: (system: UpstreamSystem, outcome: 'ok' | 'error', trigger: TokenRefreshTrigger) => void;
}

const releaseLock =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/**
 * Hands out tokens: memory, then Redis, then one refresh per connection and system at a time —
 * single-flight inside the process and a Redis lock across replicas, with the cache checked
 * again after the lock is won, so scaled writers never stampede a token endpoint.
 */
export class TokenBroker {
  private readonly options: TokenBrokerOptions;
  private readonly logger: Logger;
  private readonly memory = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();
  /** Keys whose token a caller reported rejected since the last fetch (the metric's trigger). */
  private readonly rejected = new Set<string>();

  constructor(options: TokenBrokerOptions) {
    this.options = options;
    this.logger = options.logger.child({ module: 'token-broker' });
  }

  private usable(token: CachedToken | undefined): token is CachedToken {
    return token !== undefined && token.expiresAt - this.options.expiryMarginMs > Date.now();
  }

  async get(connectionId: string, system: UpstreamSystem): Promise<CachedToken> {
    const key = `${connectionId}:${system}`;
    const remembered = this.memory.get(key);
    if (this.usable(remembered)) return remembered;
    const cached = await this.options.cache.read(connectionId, system);
    if (this.usable(cached)) {
      this.memory.set(key, cached);
      return cached;
    }
    return this.singleFlight(key, () => this.refreshUnderLock(connectionId, system, { force: false }));
  }

  /** A proactive refresh: a new token even if the cached one is still good. */
  refresh(connectionId: string, system: UpstreamSystem): Promise<CachedToken> {
    return this.singleFlight(`${connectionId}:${system}`, () =>
      this.refreshUnderLock(connectionId, system, { force: true }),
    );
  }

  /** Drops the token named by `fingerprint` (memory and Redis); a newer token is left alone. */
  async invalidate(connectionId: string, system: UpstreamSystem, fingerprint: string): Promise<boolean> {
    const key = `${connectionId}:${system}`;
    if (this.memory.get(key)?.fingerprint === fingerprint) this.memory.delete(key);
    const dropped = await this.options.cache.invalidate(connectionId, system, fingerprint);
    if (dropped) this.rejected.add(key);
    return dropped;
  }

  /** A freshly issued token was rejected by the API itself (user deactivated, say). */
  reportRejectedToken(connectionId: string, system: UpstreamSystem, message: string): Promise<boolean> {
    return this.options.failures.recordFailure(connectionId, system, message);
  }

  private singleFlight(key: string, run: () => Promise<CachedToken>): Promise<CachedToken> {
    const running = this.inflight.get(key);
    if (running) return running;
    const promise = run().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  private async refreshUnderLock(
    connectionId: string,
    system: UpstreamSystem,
    options: { force: boolean },
  ): Promise<CachedToken> {
    const lockKey = `${this.options.prefix}:locks:token:${connectionId}:${system}`;
    const lockValue = randomBytes(12).toString('hex');
    const before = await this.options.cache.read(connectionId, system);
    const deadline = Date.now() + this.options.lockTtlMs * 2;
    for (;;) {
      const acquired = await this.options.redis.set(lockKey, lockValue, 'PX', this.options.lockTtlMs, 'NX');
      if (acquired === 'OK') break;
      // Another replica is refreshing: wait for its token to land, then use it.
      await delay(50);
      const landed = await this.options.cache.read(connectionId, system);
      if (this.usable(landed) && (!options.force || landed.fingerprint !== before?.fingerprint)) {
        this.memory.set(`${connectionId}:${system}`, landed);
        return landed;
      }
      if (Date.now() > deadline) {
        throw new TransientError(`Timed out waiting for another process to refresh the ${system} token`, {
          code: 'TOKEN_REFRESH_BUSY',
          system,
        });
      }
    }
    try {
      // Re-check after winning the lock: the previous holder may have just refreshed.
      const current = await this.options.cache.read(connectionId, system);
      if (this.usable(current) && (!options.force || current.fingerprint !== before?.fingerprint)) {
        this.memory.set(`${connectionId}:${system}`, current);
        return current;
      }
      const key = `${connectionId}:${system}`;
      const trigger = options.force ? 'proactive' : this.rejected.has(key) ? 'rejected' : 'on_demand';
      this.rejected.delete(key);
      return await this.fetchAndStore(connectionId, system, trigger);
    } finally {
      await this.options.redis.eval(releaseLock, 1, lockKey, lockValue).catch(() => undefined);
    }
  }

  private async fetchAndStore(
    connectionId: string,
    system: UpstreamSystem,
    trigger: TokenRefreshTrigger,
  ): Promise<CachedToken> {
    let fetched: FetchedToken;
    try {
      fetched = await this.options.fetch(connectionId, system);
      this.options.onFetched?.(system, 'ok', trigger);
    } catch (error) {
      this.options.onFetched?.(system, 'error', trigger);
      if (error instanceof AuthError && error.code === 'CREDENTIALS_REJECTED') {
        await this.options.failures.recordFailure(
          connectionId,
          system,
          error.upstreamMessage ?? error.message,
        );
      }
      throw error;
    }
    await this.options.failures.recordSuccess(connectionId, system);
    const lifetimeMs =
      fetched.expiresInSeconds === undefined ? Number.POSITIVE_INFINITY : fetched.expiresInSeconds * 1000;
    const token: CachedToken = {
      authorization: fetched.authorization,
      fingerprint: tokenFingerprint(fetched.authorization),
      expiresAt: Date.now() + lifetimeMs,
    };
    const ttlMs = Number.isFinite(lifetimeMs) ? lifetimeMs : 3_600_000;
    await this.options.cache.write(connectionId, system, token, ttlMs);
    this.memory.set(`${connectionId}:${system}`, token);
    this.logger.info(
      { connectionId, system, fingerprint: token.fingerprint, expiresInSeconds: fetched.expiresInSeconds },
      'token issued',
    );
    await this.options.onIssued?.(connectionId, system, token, lifetimeMs);
    return token;
  }
}
