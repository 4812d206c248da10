import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@mlc/demo/processes';
import { Redis } from 'ioredis';

export interface BenchRedis {
  url: string;
  /** True when the benchmarks started this server: its counters then see only the benchmark. */
  isPrivate: boolean;
  pid: number | undefined;
  close(): Promise<void>;
}

/**
 * A Redis of the benchmark's own: `redis-server` on a free loopback port, no persistence. Other
 * agents' tests on the shared Redis would otherwise show up in INFO commandstats. With
 * `externalUrl` (BENCH_REDIS_URL) that Redis is used as it is.
 */
export async function startBenchRedis(externalUrl: string | undefined): Promise<BenchRedis> {
  if (externalUrl) return { url: externalUrl, isPrivate: false, pid: undefined, close: async () => {} };
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await Promise.race([
      once(child, 'spawn'),
      once(child, 'error').then(([error]) => {
        throw error as Error;
      }),
    ]);
  } catch (error) {
    throw new Error(
      `cannot start redis-server (${(error as Error).message}): install it, or set BENCH_REDIS_URL to a Redis the benchmark may use`,
      { cause: error },
    );
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (attempt > 50) throw new Error(`redis-server on port ${port} did not answer`, { cause: error });
      await delay(100);
    } finally {
      probe.disconnect();
    }
  }
  return {
    url,
    isPrivate: true,
    pid: child.pid,
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
