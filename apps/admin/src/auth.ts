import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@mlc/logger';
import type { Redis } from 'ioredis';

/** admin: everything; viewer: reads only (GET/HEAD), Bull Board without actions. */
export type Role = 'admin' | 'viewer';

/**
 * The token a request presents: `Authorization: Bearer <token>`, or HTTP Basic with the token as
 * password (any user name), so a browser can open Bull Board and load its assets.
 */
export function presentedToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!scheme || !value) return undefined;
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return value;
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) : undefined;
    }
    default:
      return undefined;
  }
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Compares a presented token with both configured ones in constant time: equal-length digests
 * through timingSafeEqual, and always both comparisons, so timing tells nothing about either.
 */
export class TokenChecker {
  private readonly admin: Buffer;
  private readonly viewer: Buffer | undefined;

  constructor(tokens: { adminToken: string; viewerToken?: string | undefined }) {
    if (tokens.viewerToken !== undefined && tokens.viewerToken === tokens.adminToken)
      throw new Error('ADMIN_VIEWER_TOKEN must differ from ADMIN_TOKEN');
    this.admin = digest(tokens.adminToken);
    this.viewer = tokens.viewerToken === undefined ? undefined : digest(tokens.viewerToken);
  }

  roleOf(token: string | undefined): Role | undefined {
    const given = digest(token ?? '');
    const isAdmin = timingSafeEqual(given, this.admin);
    const isViewer = this.viewer ? timingSafeEqual(given, this.viewer) : false;
    if (token === undefined) return undefined;
    return isAdmin ? 'admin' : isViewer ? 'viewer' : undefined;
  }
}

/**
 * Counts failed authentications per client IP in Redis (shared by every admin replica). After
 * `limit` failures within the window, the IP gets 429 on every request, valid token or not,
 * until the window ends: otherwise a guesser would still learn which guess was right.
 */
export class AuthFailureLimiter {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly limit: number;
  private readonly windowSeconds: number;
  private readonly logger: Logger;

  constructor(options: {
    redis: Redis;
    prefix: string;
    limit: number;
    windowSeconds: number;
    logger: Logger;
  }) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.limit = options.limit;
    this.windowSeconds = options.windowSeconds;
    this.logger = options.logger;
  }

  private key(ip: string): string {
    return `${this.prefix}:admin:auth-failures:${ip}`;
  }

  /** Seconds this IP must still wait, or 0. Fails open (0) when Redis does not answer. */
  async blockedForSeconds(ip: string): Promise<number> {
    try {
      const [count, ttl] = await Promise.all([this.redis.get(this.key(ip)), this.redis.ttl(this.key(ip))]);
      return Number(count ?? 0) >= this.limit ? Math.max(ttl, 1) : 0;
    } catch (error) {
      this.logger.warn({ err: error }, 'auth failure counter unavailable');
      return 0;
    }
  }

  /** Counts one failure (the request itself still gets its 401). */
  async recordFailure(ip: string): Promise<void> {
    try {
      const key = this.key(ip);
      const results = await this.redis.multi().set(key, 0, 'EX', this.windowSeconds, 'NX').incr(key).exec();
      const count = Number(results?.[1]?.[1] ?? 0);
      if (count === this.limit)
        this.logger.warn(
          { ip, failures: count, windowSeconds: this.windowSeconds },
          'auth failure limit reached',
        );
    } catch (error) {
      this.logger.warn({ err: error }, 'auth failure counter unavailable');
    }
  }
}
