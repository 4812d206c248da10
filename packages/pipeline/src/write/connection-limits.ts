import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/**
 * Per-connection limits shared by every oracle-writer process (design: "a large backlog never
 * floods a pod"): at most N writes in flight (a Redis sorted set of leases that expire if a
 * process dies) and at most R requests per second (GCRA in Redis).
 */
const acquireSlot = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
  return 1
end
return 0`;

// Generic cell rate algorithm: returns how many ms to wait before this request may go.
const rateLimit = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allowAt = tat - interval * burst
if allowAt > now then return allowAt - now end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(interval * (burst + 1)) + 1000)
return 0`;

export class ConnectionLimits {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /** Takes one of `limit` write slots for `leaseMs`; false when all are taken. */
  async tryAcquireSlot(
    connectionId: string,
    holder: string,
    limit: number,
    leaseMs: number,
  ): Promise<boolean> {
    const taken = await this.redis.eval(
      acquireSlot,
      1,
      `${this.prefix}:limits:slots:${connectionId}`,
      Date.now(),
      limit,
      leaseMs,
      holder,
    );
    return taken === 1;
  }

  /**
   * Extends a held slot's lease; a running write calls it every third of the lease, so the slot
   * of a process that died (SIGKILL, OOM) lapses within one lease instead of staying taken.
   */
  async renewSlot(connectionId: string, holder: string, leaseMs: number): Promise<void> {
    await this.redis.zadd(`${this.prefix}:limits:slots:${connectionId}`, 'XX', Date.now() + leaseMs, holder);
  }

  async releaseSlot(connectionId: string, holder: string): Promise<void> {
    await this.redis.zrem(`${this.prefix}:limits:slots:${connectionId}`, holder);
  }

  /** Waits until the connection may send one more request (at most `perSecond`, small bursts). */
  async throttle(connectionId: string, perSecond: number): Promise<void> {
    const interval = 1000 / perSecond;
    const burst = Math.max(1, Math.floor(perSecond / 2));
    for (;;) {
      const waitMs = Number(
        await this.redis.eval(
          rateLimit,
          1,
          `${this.prefix}:limits:rate:${connectionId}`,
          Date.now(),
          interval,
          burst,
        ),
      );
      if (waitMs <= 0) return;
      await delay(Math.min(waitMs, 1_000));
    }
  }
}
