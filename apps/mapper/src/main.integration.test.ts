import { join } from 'node:path';
import { spawnApp, test, testSecrets } from '@mlc/testing';
import { describe, expect } from 'vitest';

describe('mapper main', () => {
  test('boots against Postgres and Redis, serves /healthz, /readyz and /metrics, and stops cleanly on SIGTERM', async ({
    database,
    redis,
  }) => {
    const app = spawnApp(join(import.meta.dirname, 'main.ts'), {
      ...testSecrets,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      MLC_REDIS_PREFIX: redis.prefix,
      OPS_PORT: '0',
    });
    await app.waitForLog((line) => line.msg === 'mapper started');
    const { url } = (await app.waitForLog((line) => line.msg === 'ops server listening')) as { url: string };
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 200,
      body: { ok: true, checks: { postgres: { ok: true }, redis: { ok: true } } },
    });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('# TYPE mlc_job_duration_seconds histogram');
    expect(metrics).toContain('process_resident_memory_bytes');
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(app.lines.map((line) => line.msg)).toContain('shutdown complete');
  });
});
