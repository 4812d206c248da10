import { availableParallelism, cpus, totalmem } from 'node:os';
import { Redis } from 'ioredis';
import type { BenchPostgres } from './postgres-server.ts';
import type { BenchRedis } from './redis-server.ts';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  redis: string;
}

/** What docs/benchmarks.md says the figures were taken on. */
export async function describeMachine(postgres: BenchPostgres, redis: BenchRedis): Promise<Machine> {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  try {
    const info = await client.info('server');
    return {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: postgres.version,
      redis: /^redis_version:(\S+)/m.exec(info)?.[1] ?? 'unknown',
    };
  } finally {
    client.disconnect();
  }
}
