import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createDatabase } from '@mlc/db';
import { createLogger } from '@mlc/logger';
import { test } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import { registerLedgerRecordsCollector, registerQueueJobsCollector } from './collectors.ts';
import { startOpsServer, type OpsServer } from './ops-server.ts';
import { postgresCheck, redisCheck } from './readiness.ts';
import { metricsRegistry } from './registry.ts';

const logger = createLogger({ name: 'observability-test', level: 'silent' });
const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.toReversed()) await cleanup();
});

/** A loopback port nothing listens on (bound, then released). */
async function refusingPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function get(server: OpsServer, path: string, method = 'GET') {
  const response = await fetch(`${server.url}${path}`, { method });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text };
}

describe('ops server', () => {
  test('serves /healthz, /readyz and /metrics when Postgres and Redis answer', async ({
    database,
    redis,
  }) => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    cleanups.push(() => client.disconnect());
    const server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      checks: { postgres: postgresCheck(database.prisma), redis: redisCheck(client) },
    });
    cleanups.push(() => server.close());
    await new Promise<void>((resolve) =>
      client.status === 'ready' ? resolve() : client.once('ready', resolve),
    );

    expect(await get(server, '/healthz')).toMatchObject({ status: 200, text: '{"ok":true}' });
    const ready = await get(server, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({
      ok: true,
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
    const metrics = await get(server, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
      'mlc_jobs_total',
      'mlc_job_duration_seconds',
      'mlc_upstream_requests_total',
      'mlc_upstream_request_duration_seconds',
      'mlc_token_refreshes_total',
    ]) {
      expect(metrics.text).toContain(`# TYPE ${name} `);
    }
    expect((await get(server, '/nope')).status).toBe(404);
    expect((await get(server, '/metrics', 'POST')).status).toBe(405);
  });

  test('/readyz answers 503 naming each dependency that does not answer, without its credentials', async ({
    database,
  }) => {
    const port = await refusingPort();
    const deadRedis = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
    deadRedis.on('error', () => undefined);
    cleanups.push(() => deadRedis.disconnect());
    const deadPostgres = createDatabase({
      url: `postgresql://postgres:hunter2-not-a-secret@127.0.0.1:${port}/nowhere`,
      poolSize: 1,
      connectTimeoutMs: 1_000,
      statementTimeoutMs: 1_000,
      applicationName: 'observability-test',
    });
    cleanups.push(() => deadPostgres.close());
    const never = new Promise<void>(() => undefined);

    const server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      checkTimeoutMs: 1_500,
      checks: {
        live: postgresCheck(database.prisma),
        postgres: postgresCheck(deadPostgres.prisma),
        redis: redisCheck(deadRedis),
        hangs: () => never,
      },
    });
    cleanups.push(() => server.close());

    const ready = await get(server, '/readyz');
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.text) as {
      ok: boolean;
      checks: Record<string, { ok: boolean; error?: string }>;
    };
    expect(body.ok).toBe(false);
    expect(body.checks['live']).toEqual({ ok: true });
    expect(body.checks['postgres']).toEqual({ ok: false, error: expect.any(String) });
    expect(body.checks['redis']).toEqual({
      ok: false,
      error: expect.stringMatching(/connection is (connecting|reconnecting|close)/),
    });
    expect(body.checks['hangs']).toEqual({ ok: false, error: 'hangs took longer than 1500 ms' });
    expect(ready.text).not.toContain('hunter2');
    // The process itself is fine: liveness does not depend on the dependencies.
    expect((await get(server, '/healthz')).status).toBe(200);
  });

  test('a port already in use fails the start with one clear message', async () => {
    const first = await startOpsServer({ host: '127.0.0.1', port: 0, logger, checks: {} });
    cleanups.push(() => first.close());
    await expect(startOpsServer({ host: '127.0.0.1', port: first.port, logger, checks: {} })).rejects.toThrow(
      `ops server cannot listen on 127.0.0.1:${first.port}: listen EADDRINUSE`,
    );
  });
});

describe('collectors', () => {
  test('mlc_ledger_records and mlc_queue_jobs are read from Postgres and BullMQ at scrape time', async ({
    database,
    redis,
  }) => {
    const { prisma } = database;
    await prisma.connection.create({
      data: {
        id: 'metrics-co',
        name: 'Metrics Co',
        procurifySubdomain: 'metrics',
        oraclePodUrl: 'https://metrics-test.fa.us2.oraclecloud.com',
        oracleSettings: {},
        accounting: {},
        options: {},
      },
    });
    const record = (sourceId: string, status: 'synced' | 'blocked') => ({
      connectionId: 'metrics-co',
      entity: 'bill' as const,
      sourceId,
      contentHash: `hash-${sourceId}`,
      status,
    });
    await prisma.ledgerRecord.createMany({
      data: [record('b1', 'synced'), record('b2', 'synced'), record('b3', 'blocked')],
    });
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    cleanups.push(() => connection.disconnect());
    const map = new Queue('map', { connection, prefix: redis.prefix });
    const poll = new Queue('poll', { connection, prefix: redis.prefix });
    cleanups.push(() => Promise.all([map.close(), poll.close()]));
    await map.add('map-record', { n: 1 });
    await map.add('map-record', { n: 2 });
    await poll.add('poll-stream', { n: 3 }, { delay: 60_000 });

    registerLedgerRecordsCollector(prisma, { logger });
    registerQueueJobsCollector([map, poll], { logger });
    let text = await metricsRegistry.metrics();
    expect(text).toContain('mlc_ledger_records{connection="metrics-co",entity="bill",status="synced"} 2');
    expect(text).toContain('mlc_ledger_records{connection="metrics-co",entity="bill",status="blocked"} 1');
    expect(text).toContain('mlc_queue_jobs{queue="map",state="waiting"} 2');
    expect(text).toContain('mlc_queue_jobs{queue="poll",state="delayed"} 1');
    expect(text).toContain('mlc_queue_jobs{queue="poll",state="waiting"} 0');

    // Counts follow the sources at each scrape; a state that emptied reports no stale value.
    await prisma.ledgerRecord.updateMany({ where: { sourceId: 'b3' }, data: { status: 'synced' } });
    await map.drain();
    text = await metricsRegistry.metrics();
    expect(text).toContain('mlc_ledger_records{connection="metrics-co",entity="bill",status="synced"} 3');
    expect(text).not.toContain('status="blocked"');
    expect(text).toContain('mlc_queue_jobs{queue="map",state="waiting"} 0');
  });
});
