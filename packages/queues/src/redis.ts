import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'worker' | 'producer' | 'client';

/**
 * Redis connections by role, as BullMQ's docs require:
 * - `worker`: `maxRetriesPerRequest: null` so blocking commands wait out a Redis restart;
 * - `producer`: on request paths (admin API, CLI) fail fast instead of queueing commands
 *   while Redis is away (`enableOfflineQueue: false`);
 * - `client`: caches and locks: a few retries, then an error the caller handles.
 */
export function createRedis(url: string, role: RedisRole, connectionName?: string): Redis {
  const base: RedisOptions = {
    connectionName: connectionName ?? `mlc-${role}`,
    // Reconnect forever with a capped, jittered delay: a Redis restart must not kill workers.
    retryStrategy: (times) =>
      Math.min(200 * 2 ** Math.min(times, 6), 5_000) + Math.floor(Math.random() * 250),
  };
  switch (role) {
    case 'worker':
      return new Redis(url, { ...base, maxRetriesPerRequest: null, enableReadyCheck: true });
    case 'producer':
      return new Redis(url, { ...base, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    case 'client':
      return new Redis(url, { ...base, maxRetriesPerRequest: 3 });
  }
}

/** Resolves once the connection is ready (producers cannot queue commands before that). */
export async function waitForRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      redis.off('error', onError);
      resolve();
    };
    const onError = (error: Error) => {
      redis.off('ready', onReady);
      reject(error);
    };
    redis.once('ready', onReady);
    redis.once('error', onError);
  });
}
