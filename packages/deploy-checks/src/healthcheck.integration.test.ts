import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulators, type RunningSimulators } from '@mlc/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './repo.ts';

/** Runs infra/healthcheck.ts as compose does (`node infra/healthcheck.ts URL…` from the app root). */
function probe(urls: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['infra/healthcheck.ts', ...urls],
      { cwd: repoRoot, env: { ...process.env, ...env } },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
    );
  });
}

describe('infra/healthcheck.ts', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/readyz') response.writeHead(200).end('{"ok":true}');
      else if (request.url === '/unready') response.writeHead(503).end('{"ok":false}');
      // '/hang' never answers: the probe's own timeout must end it.
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('exits 0 when every URL answers 2xx', async () => {
    expect(await probe([`${base}/readyz`, `${base}/readyz`])).toEqual({ code: 0, stderr: '' });
  });

  it('exits 1 naming the URL that answered an error status', async () => {
    const result = await probe([`${base}/readyz`, `${base}/unready`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${base}/unready: HTTP 503\n`);
  });

  it('exits 1 when nothing listens', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/readyz`;
    closed.close();
    await once(closed, 'close');
    const result = await probe([url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ECONNREFUSED');
  });

  it('exits 1 when an answer does not come within HEALTHCHECK_TIMEOUT_MS', async () => {
    const result = await probe([`${base}/hang`], { HEALTHCHECK_TIMEOUT_MS: '200' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/hang: .*(timeout|aborted)/i);
  });

  it('exits 2 with its usage when given no URL', async () => {
    const result = await probe([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: node infra/healthcheck.ts URL');
  });
});

describe('the simulators healthcheck of docker-compose.yml', () => {
  let sims: RunningSimulators;
  beforeAll(async () => {
    sims = await startSimulators({ purchaseOrders: 1 });
  });
  afterAll(async () => {
    await sims.close();
  });

  it('passes against both running simulators', async () => {
    const result = await probe([`${sims.procurify.url}/_sim/health`, `${sims.oracle.url}/_sim/health`]);
    expect(result).toEqual({ code: 0, stderr: '' });
  });
});
