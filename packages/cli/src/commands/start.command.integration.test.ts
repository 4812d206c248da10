import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runCli } from '@mlc/e2e';
import { simulatorConnectionFile, startSimulators, type RunningSimulators } from '@mlc/simulators';
import { inheritedEnv, test, testSecrets, until } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin.ts');
const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.toReversed()) await cleanup();
});

interface LogLine {
  app?: string;
  msg?: string;
  url?: string;
  [key: string]: unknown;
}

/** `mlc start …` as a child process, its JSON log lines collected. */
function startMlc(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'start', ...args], {
    env: { ...inheritedEnv(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as LogLine);
    } catch {
      lines.push({ msg: text });
    }
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, lines, exited, stderr: () => stderr };
}

/** A TCP proxy to Redis that the test can cut (every connection dropped and refused) and restore. */
async function redisProxy(target: URL) {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The value of one sample in Prometheus text, e.g. sample(text, 'mlc_jobs_total', {queue: 'poll'}). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { checks: Record<string, { ok: boolean }> },
  };
};

describe('mlc start', () => {
  test(
    'runs every app in one process: probes and metrics on each, the pipeline works, Redis loss shows in /readyz, SIGTERM stops all cleanly',
    { timeout: 240_000 },
    async ({ database, redis }) => {
      const sims: RunningSimulators = await startSimulators({ seed: 3, purchaseOrders: 10, bills: 15 });
      cleanups.push(() => sims.close());
      const proxy = await redisProxy(new URL(redis.url));
      const tokenPort = await freePort();
      const shared = {
        ...testSecrets,
        DATABASE_URL: database.url,
        MLC_REDIS_PREFIX: redis.prefix,
        MLC_ALLOW_INSECURE_UPSTREAMS: '1',
        TOKEN_SERVICE_URL: `http://127.0.0.1:${tokenPort}`,
      };
      const mlc = startMlc([], {
        ...shared,
        REDIS_URL: proxy.url,
        TOKEN_SERVICE_PORT: String(tokenPort),
        OPS_PORT: '0',
        ADMIN_PORT: '0',
        SHUTDOWN_TIMEOUT_MS: '20000',
      });
      await until(
        'every app started',
        // Each app logs through its own logger, so its line may land after mlc's own.
        () =>
          mlc.lines.some((line) => line.msg === 'all apps started; Ctrl-C stops them') &&
          mlc.lines.filter((line) => line.msg?.endsWith(' started')).length >= 6,
        {
          timeoutMs: 60_000,
          intervalMs: 100,
        },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; stderr: ${mlc.stderr()}`);
      });
      const started = mlc.lines.filter((line) => line.msg?.endsWith(' started')).map((line) => line.app);
      expect(started).toEqual([
        'token-service',
        'poller',
        'mapper',
        'oracle-writer',
        'procurify-writer',
        'admin',
      ]);
      const ops = new Map(
        mlc.lines
          .filter((line) => line.msg === 'ops server listening')
          .map((line) => [line.app, line.url ?? '']),
      );
      expect([...ops.keys()].sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
        'mapper',
        'oracle-writer',
        'poller',
        'procurify-writer',
      ]);
      // admin serves its probes on its own port (logged as it starts).
      const admin = mlc.lines.find((line) => line.app === 'admin' && line.msg === 'admin started')?.url ?? '';
      expect(admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const probes = [...ops.values(), shared.TOKEN_SERVICE_URL, admin];
      for (const url of probes) {
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        expect((await readyz(url)).status).toBe(200);
      }

      // Activity: a connection and a sync, run by the apps inside `mlc start`.
      const dir = await mkdtemp(join(tmpdir(), 'mlc-start-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const file = join(dir, 'connection.json');
      const connection = simulatorConnectionFile(sims, { schedule: { intervalMinutes: 60 } });
      await writeFile(file, JSON.stringify(connection));
      const cliEnv = { ...shared, REDIS_URL: redis.url };
      expect((await runCli(['connection', 'add', '--file', file], cliEnv)).code).toBe(0);
      const sync = await runCli(
        ['sync', connection.id, '--wait', '--json', '--timeout-seconds', '120'],
        cliEnv,
      );
      expect(sync.code).toBe(0);
      expect((JSON.parse(sync.stdout) as { drained: boolean }).drained).toBe(true);

      for (const [app, url] of ops) {
        const text = await (await fetch(`${url}/metrics`)).text();
        expect({
          app,
          polls: sample(text, 'mlc_jobs_total', { queue: 'poll', job: 'poll-stream', outcome: 'completed' }),
        }).toEqual({
          app,
          polls: expect.any(Number),
        });
      }
      const text = await (await fetch(`${ops.get('poller')}/metrics`)).text();
      expect(
        sample(text, 'mlc_jobs_total', { queue: 'map', job: 'map-record', outcome: 'completed' }),
      ).toBeGreaterThan(0);
      expect(
        sample(text, 'mlc_job_duration_seconds_count', {
          queue: 'poll',
          job: 'poll-stream',
          outcome: 'completed',
        }),
      ).toBeGreaterThan(0);
      expect(
        sample(text, 'mlc_upstream_requests_total', {
          system: 'procurify',
          route: 'ap/bills',
          method: 'GET',
          status: '200',
        }),
      ).toBeGreaterThan(0);
      expect(
        sample(text, 'mlc_upstream_request_duration_seconds_count', {
          system: 'oracle',
          route: 'suppliers',
          method: 'GET',
        }),
      ).toBeGreaterThan(0);
      expect(text).not.toMatch(/route="[^"]*\d{3,}/); // ids never become label values
      const tokenMetrics = await (await fetch(`${shared.TOKEN_SERVICE_URL}/metrics`)).text();
      for (const system of ['procurify', 'oracle'])
        expect(
          sample(tokenMetrics, 'mlc_token_refreshes_total', { system, outcome: 'ok', trigger: 'on_demand' }),
        ).toBeGreaterThan(0);

      // Redis goes away: every app's /readyz says so (Postgres still fine); it comes back: ready again.
      proxy.cut();
      for (const url of ops.values()) {
        const ready = await until('/readyz reports Redis down', async () => {
          const result = await readyz(url);
          return result.status === 503 ? result : undefined;
        });
        expect(ready.body.checks).toMatchObject({ postgres: { ok: true }, redis: { ok: false } });
      }
      proxy.restore();
      for (const url of probes)
        await until('/readyz is ready again', async () => (await readyz(url)).status === 200, {
          timeoutMs: 30_000,
        });

      mlc.child.kill('SIGTERM');
      expect(await mlc.exited).toBe(0);
      expect(mlc.lines.filter((line) => line.msg === 'shutdown complete')).toEqual([
        expect.objectContaining({ clean: true }),
      ]);
    },
  );

  test('refuses a fixed OPS_PORT shared by several apps, and unknown apps, in one line', async () => {
    const shared = { ...testSecrets, OPS_PORT: '3999' };
    expect(await runCli(['start', 'poller', 'mapper'], shared)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'mlc: OPS_PORT=3999 would be shared by poller, mapper: leave it unset (each app its default port) or set it to 0\n',
    });
    expect(await runCli(['start', 'pollster'], shared)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^mlc: unknown app pollster; choose from token-service, poller, /),
    });
  });
});
