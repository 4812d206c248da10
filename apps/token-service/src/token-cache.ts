import type { Redis } from 'ioredis';
import { open, seal } from '@mlc/vault';

export interface CachedToken {
  /** The whole Authorization header value. */
  authorization: string;
  fingerprint: string;
  /** Epoch ms; Infinity for credentials that do not expire (Basic). */
  expiresAt: number;
}

/**
 * Tokens shared by every token-service replica: a Redis hash per connection and system holding
 * the token encrypted (AES-256-GCM, key derived from the master key) and its fingerprint in
 * clear, so an invalidation can compare fingerprints atomically without decrypting.
 */
export class TokenCache {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly key: Buffer;

  constructor(redis: Redis, options: { prefix: string; encryptionKey: Buffer }) {
    this.redis = redis;
    this.prefix = options.prefix;
    this.key = options.encryptionKey;
  }

  keyOf(connectionId: string, system: string): string {
    return `${this.prefix}:tokens:${connectionId}:${system}`;
  }

  async read(connectionId: string, system: string): Promise<CachedToken | undefined> {
    const fields = await this.redis.hmget(this.keyOf(connectionId, system), 'fp', 'exp', 'ct', 'iv', 'tag');
    const [fingerprint, expiresAt, ciphertext, iv, authTag] = fields;
    if (!fingerprint || !expiresAt || !ciphertext || !iv || !authTag) return undefined;
    try {
      const authorization = open(
        this.key,
        {
          ciphertext: Buffer.from(ciphertext, 'base64'),
          iv: Buffer.from(iv, 'base64'),
          authTag: Buffer.from(authTag, 'base64'),
        },
        `${connectionId}:${system}`,
      );
      return { authorization, fingerprint, expiresAt: Number(expiresAt) };
    } catch {
      // Sealed under another master key (mid-rotation): treat as a miss.
      return undefined;
    }
  }

  async write(connectionId: string, system: string, token: CachedToken, ttlMs: number): Promise<void> {
    const sealed = seal(this.key, token.authorization, `${connectionId}:${system}`);
    const key = this.keyOf(connectionId, system);
    await this.redis
      .multi()
      .del(key)
      .hset(key, {
        fp: token.fingerprint,
        exp: String(token.expiresAt),
        ct: Buffer.from(sealed.ciphertext).toString('base64'),
        iv: Buffer.from(sealed.iv).toString('base64'),
        tag: Buffer.from(sealed.authTag).toString('base64'),
      })
      .pexpire(key, Math.max(1, Math.floor(ttlMs)))
      .exec();
  }

  /** Deletes the cached token only if it is the one named; a newer token survives a late call. */
  async invalidate(connectionId: string, system: string, fingerprint: string): Promise<boolean> {
    const deleted = await this.redis.eval(
      "if redis.call('HGET', KEYS[1], 'fp') == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end",
      1,
      this.keyOf(connectionId, system),
      fingerprint,
    );
    return deleted === 1;
  }
}
