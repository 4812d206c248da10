import type { PrismaClient } from '@mlc/db';
import { scrubText } from '@mlc/logger';
import { withTimeout } from './timeout.ts';

/** Resolves when a dependency answers; rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: true } | { ok: false; error: string }>;
}

/** `SELECT 1` through the app's own pool. */
export function postgresCheck(prisma: PrismaClient): ReadinessCheck {
  return async () => {
    await prisma.$queryRaw`SELECT 1`;
  };
}

/** An ioredis client, structurally. */
export interface PingableRedis {
  status: string;
  ping(): Promise<string>;
}

/**
 * `PING` on one of the app's connections. A connection that is not ready fails at once: worker
 * connections queue commands while Redis is away, so a PING would only wait.
 */
export function redisCheck(redis: PingableRedis): ReadinessCheck {
  return async () => {
    if (redis.status !== 'ready') throw new Error(`the connection is ${redis.status}`);
    await redis.ping();
  };
}

// Errors may quote a URL; its user:password part never leaves the process.
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return scrubText(text.replace(/(\w+:\/\/)[^@/\s]+@/g, '$1[redacted]@')).slice(0, 500);
}

/** Runs every check at once, each under `timeoutMs`; ready when all pass. */
export async function checkReadiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), timeoutMs, name);
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error: describe(error) }] as const;
      }
    }),
  );
  return { ready: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
}
