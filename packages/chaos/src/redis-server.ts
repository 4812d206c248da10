import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@mlc/demo/processes';
import { Redis } from 'ioredis';

export interface ChaosRedis {
  url: string;
  port: number;
  /** How many times the server was restarted. */
  restarts: number;
  /**
   * Kills the server (SIGKILL, as a crash or an evicted container would) and starts a new one on
   * the same port after `downMs`: without persistence, everything it held is gone.
   */
  restart(downMs: number): Promise<void>;
  close(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * A `redis-server` of the run's own on a free loopback port, with no persistence (`--save ""
 * --appendonly no`), so a restart loses every queue, job, scheduler, lock and cached token: the
 * shared Redis other agents and tests use is never restarted.
 */
export async function startChaosRedis(): Promise<ChaosRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const launch = async () => {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await Promise.race([
      once(server, 'spawn'),
      once(server, 'error').then(([error]) => {
        throw new Error(`cannot start redis-server (${(error as Error).message}): install it`, {
          cause: error,
        });
      }),
    ]);
    child = server;
    for (let attempt = 0; !(await answers(url)); attempt += 1) {
      if (server.exitCode !== null || attempt > 100)
        throw new Error(`redis-server on port ${port} did not answer`);
      await delay(50);
    }
  };
  const stop = async (signal: NodeJS.Signals) => {
    const server = child;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = once(server, 'exit');
    server.kill(signal);
    await exited;
  };

  await launch();
  const redis: ChaosRedis = {
    url,
    port,
    restarts: 0,
    async restart(downMs) {
      await stop('SIGKILL');
      await delay(downMs);
      await launch();
      redis.restarts += 1;
    },
    close: () => stop('SIGTERM'),
  };
  return redis;
}
