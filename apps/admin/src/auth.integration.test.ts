import { randomUUID } from 'node:crypto';
import { test, testSecrets } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import type { RunningAdmin } from './app.ts';
import { AdminClient, startTestAdmin, type Credential } from './test-harness.ts';

// One admin for the file, on the file's own database and Redis prefix. No pipeline is needed:
// authentication is decided before any route runs.
let admin: RunningAdmin | undefined;
let client: AdminClient;
let asset = '';

interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

/** A concrete URL for a route pattern (params filled with plausible values). */
function concrete(url: string): string {
  const values: Record<string, string> = {
    id: 'cascade-fab',
    recordId: randomUUID(),
    kind: 'vendor',
    procurifyKey: '57',
    procurifyVendorId: '57',
    queueName: 'poll',
    jobId: 'job-1',
    queueStatus: 'failed',
    schedulerId: 'sched-1',
  };
  return url.replace(/:(\w+)/g, (_match, name: string) => values[name] ?? 'x').replace('*', asset);
}

const isBoard = (url: string) => url.startsWith('/admin/queues');
const isPublic = (url: string) => url === '/healthz' || url === '/readyz';
const isRead = (method: string) => method === 'GET' || method === 'HEAD';

afterAll(async () => {
  await admin?.close(2_000);
});

describe('admin authentication and authorization', () => {
  test('serves the probes without credentials and everything else only with one', async ({
    database,
    redis,
  }) => {
    admin = await startTestAdmin({ database, redis });
    client = new AdminClient(admin.url);
    const page = await client.get('/admin/queues');
    asset = /href="(static\/[^"]+\.css)"/.exec(page.text)?.[1] ?? '';
    expect(asset).not.toBe('');

    expect((await client.get('/healthz', 'none')).status).toBe(200);
    const ready = await client.get('/readyz', 'none');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, checks: { postgres: { ok: true }, redis: { ok: true } } });
    // /metrics is not a probe: it needs a token (a viewer's will do).
    expect((await client.get('/metrics', 'none')).status).toBe(401);
    const metrics = await client.get('/metrics', 'viewer');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toContain('mlc_queue_jobs{queue="poll",state="waiting"} 0');
    expect(metrics.text).toContain('# TYPE mlc_ledger_records gauge');
    // Every route the server has, the board's included, is in this table.
    const routes = admin.routes.filter((route) => !isPublic(route.url));
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.some((route) => route.url === '/admin/queues/static/*')).toBe(true);
  });

  test('answers 401 with one error body and a challenge to every request without a valid token', async () => {
    const wrong: Credential[] = [
      'none',
      { bearer: 'not-the-admin-token-000000' },
      { basic: 'wrong-password-0000000' },
      // Near misses: the real token with a byte more or less, and in an empty Bearer.
      { bearer: `${testSecrets.ADMIN_TOKEN}x` },
      { bearer: testSecrets.ADMIN_TOKEN.slice(0, -1) },
      { basic: `${testSecrets.ADMIN_VIEWER_TOKEN}x` },
      { bearer: '' },
    ];
    const failures: string[] = [];
    for (const route of admin!.routes.filter((r) => !isPublic(r.url))) {
      for (const as of wrong) {
        const answer = await client.request<ErrorBody>(route.method, concrete(route.url), { as });
        const challenge = answer.headers.get('www-authenticate') ?? '';
        const ok =
          answer.status === 401 &&
          (route.method === 'HEAD' ||
            (answer.body.error.code === 'UNAUTHORIZED' &&
              answer.body.error.requestId === answer.headers.get('x-request-id'))) &&
          (isBoard(route.url)
            ? challenge.startsWith('Basic realm="ml-connector"')
            : challenge.startsWith('Bearer'));
        if (!ok)
          failures.push(
            `${route.method} ${route.url} as ${JSON.stringify(as)}: ${answer.status} ${challenge}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  test('the viewer reads but gets 403 on every mutation, Bull Board actions included', async () => {
    const failures: string[] = [];
    // The viewer token as a browser sends it (Basic) has the same role as its Bearer form.
    const viewerForms: Credential[] = ['viewer', { basic: testSecrets.ADMIN_VIEWER_TOKEN }];
    for (const route of admin!.routes.filter((r) => !isPublic(r.url))) {
      for (const as of viewerForms) {
        const answer = await client.request<ErrorBody>(route.method, concrete(route.url), { as });
        const ok = isRead(route.method)
          ? answer.status !== 401 && answer.status !== 403
          : answer.status === 403 && answer.body.error.code === 'FORBIDDEN';
        if (!ok) failures.push(`${route.method} ${route.url} as ${JSON.stringify(as)}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
    // Reads work: the connection list, the board's queue list.
    expect((await client.get('/api/connections', 'viewer')).body).toEqual({ connections: [] });
    const queues = await client.get<{ queues: { name: string }[] }>('/admin/queues/api/queues', 'viewer');
    expect(queues.body.queues.map((queue) => queue.name).sort()).toEqual(
      ['map', 'oracle-write', 'poll', 'procurify-write', 'token-refresh'].sort(),
    );
  });

  test('a browser opens Bull Board with Basic auth; viewers land on the read-only board', async () => {
    const operator = { basic: testSecrets.ADMIN_TOKEN };
    const viewer = { basic: testSecrets.ADMIN_VIEWER_TOKEN };
    const page = await client.get('/admin/queues/queue/poll', operator);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<base href="/admin/queues/" />');
    const css = await client.get(`/admin/queues/${asset}`, operator);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);

    const redirected = await client.get('/admin/queues/queue/poll?status=failed', viewer);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe('/admin/queues/read-only/queue/poll?status=failed');
    const readOnly = await client.get('/admin/queues/read-only/queue/poll', viewer);
    expect(readOnly.status).toBe(200);
    expect(readOnly.text).toContain('<base href="/admin/queues/read-only/" />');
    const readOnlyQueues = await client.get<{ queues: { readOnlyMode: boolean }[] }>(
      '/admin/queues/read-only/api/queues',
      viewer,
    );
    expect(readOnlyQueues.body.queues.every((queue) => queue.readOnlyMode)).toBe(true);
    expect((await client.get(`/admin/queues/read-only/${asset}`, viewer)).status).toBe(200);
  });

  test('the admin acts through the full board; the read-only board refuses even the admin', async ({
    redis,
  }) => {
    const pause = await client.put('/admin/queues/api/queues/map/pause');
    expect(pause.status).toBe(200);
    const paused = await client.get<{ queues: { name: string; isPaused: boolean }[] }>(
      '/admin/queues/api/queues',
    );
    expect(paused.body.queues.find((queue) => queue.name === 'map')?.isPaused).toBe(true);
    // The board works on the install's own key prefix.
    expect(await redis.client.exists(`${redis.prefix}:map:meta`)).toBe(1);
    expect((await client.put('/admin/queues/api/queues/map/resume')).status).toBe(200);
    expect((await client.put('/admin/queues/read-only/api/queues/map/pause')).status).toBe(405);
    const again = await client.get<{ queues: { name: string; isPaused: boolean }[] }>(
      '/admin/queues/api/queues',
    );
    expect(again.body.queues.find((queue) => queue.name === 'map')?.isPaused).toBe(false);
  });

  test('keeps the caller’s request id, validates every input and says what went wrong', async () => {
    const traced = await client.request<ErrorBody>('GET', '/api/connections/Not_An_Id', {
      headers: { 'x-request-id': 'trace-4711' },
    });
    expect(traced.status).toBe(400);
    expect(traced.headers.get('x-request-id')).toBe('trace-4711');
    expect(traced.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      requestId: 'trace-4711',
      details: [{ path: 'params.id', message: expect.any(String) }],
    });
    const badStatus = await client.get<ErrorBody>('/api/connections/acme/ledger?status=done');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.details).toEqual([expect.objectContaining({ path: 'query.status.0' })]);
    const unknownField = await client.post<ErrorBody>('/api/connections/acme/replay', { everything: true });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.code).toBe('VALIDATION_FAILED');
    const malformed = await client.request<ErrorBody>('POST', '/api/connections/acme/replay', {
      headers: { 'content-type': 'application/json' },
      body: undefined,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_BODY');
    const missing = await client.get<ErrorBody>('/api/connections/acme');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('CONNECTION_NOT_FOUND');
    const record = await client.get<ErrorBody>(`/api/ledger/${randomUUID()}`);
    expect(record.body.error.code).toBe('RECORD_NOT_FOUND');
    const noRoute = await client.get<ErrorBody>('/api/nothing-here');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.error.code).toBe('NOT_FOUND');
    // token-service is not running in this file: the answer says so.
    const unreachable = await client.post<ErrorBody>('/api/connections/acme/test');
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.error.code).toBe('TOKEN_SERVICE_UNAVAILABLE');
  });

  test('repeated authentication failures from one address get 429 with Retry-After, valid token or not', async ({
    database,
    redis,
  }) => {
    const strict = await startTestAdmin(
      { database, redis },
      { authFailureLimit: 3, authFailureWindowSeconds: 60 },
    );
    try {
      const call = (remoteAddress: string, token?: string) =>
        strict.server.inject({
          method: 'GET',
          url: '/api/connections',
          remoteAddress,
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        });
      for (let attempt = 0; attempt < 3; attempt += 1)
        expect((await call('10.9.0.1', `guess-number-${attempt}-0000000`)).statusCode).toBe(401);
      const limited = await call('10.9.0.1', 'guess-number-4-0000000');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(limited.json()).toMatchObject({ error: { code: 'TOO_MANY_AUTH_FAILURES' } });
      // Even the right token waits: otherwise a guesser would still learn which guess was right.
      expect((await call('10.9.0.1', testSecrets.ADMIN_TOKEN)).statusCode).toBe(429);
      // Other addresses are not affected, and requests without credentials do not count.
      expect((await call('10.9.0.2', testSecrets.ADMIN_TOKEN)).statusCode).toBe(200);
      for (let attempt = 0; attempt < 5; attempt += 1) expect((await call('10.9.0.3')).statusCode).toBe(401);
      expect((await call('10.9.0.3', testSecrets.ADMIN_VIEWER_TOKEN)).statusCode).toBe(200);
      // The counter lives in Redis under the install's prefix, so every admin replica shares it.
      expect(Number(await redis.client.get(`${redis.prefix}:admin:auth-failures:10.9.0.1`))).toBe(3);
    } finally {
      await strict.close(2_000);
    }
  });
});
