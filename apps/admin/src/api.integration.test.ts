import { Writable } from 'node:stream';
import { raiseConnectionIssue, resolveConnectionIssue } from '@mlc/connections';
import { chargeAccount, dashedUuid, startPipeline, type Pipeline } from '@mlc/e2e';
import type { LedgerItem, LedgerPage, LedgerRecordDetail, ReplayResult } from '@mlc/operations';
import { createLogger } from '@mlc/logger';
import { createRedis, enqueuePollRun, openQueue, pollQueue, waitForRedis } from '@mlc/queues';
import { defaultCredentials, simulatorConnectionFile, type ScenarioBill } from '@mlc/simulators';
import { test, testSecrets } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import type { RunningAdmin } from './app.ts';
import { AdminClient, startTestAdmin, type Answer } from './test-harness.ts';

// The whole outbound pipeline on the simulators (token-service, poller, mapper, oracle-writer)
// with admin beside it, all on this file's database and Redis prefix. The tests run in order and
// share what the earlier ones did, as an operator's session would.

/** Credentials only the simulators and the connection file know: no answer may ever carry them. */
const planted = {
  procurifyClientId: 'planted-procurify-client',
  procurifySecret: 'planted-procurify-secret-5a1f0c',
  oracleClientId: 'planted-oracle-client',
  oracleSecret: 'planted-oracle-secret-77e2b9',
};
const secrets = [
  planted.procurifySecret,
  planted.oracleSecret,
  testSecrets.MLC_MASTER_KEY,
  testSecrets.INTERNAL_TOKEN,
  testSecrets.ADMIN_TOKEN,
  testSecrets.ADMIN_VIEWER_TOKEN,
];

let pipeline: Pipeline;
let admin: RunningAdmin | undefined;
let client: AdminClient;
const logLines: string[] = [];
let redisUrl = '';
let redisPrefix = '';
const connectionId = 'cascade-fab';
const api = `/api/connections/${connectionId}`;

afterAll(async () => {
  await admin?.close(2_000);
  await pipeline?.close();
});

interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

async function control(system: 'procurify' | 'oracle', method: string, path: string, body?: unknown) {
  const response = await fetch(`${pipeline.sims[system].url}/_sim/${system}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

/** Draft bills that, once approved, would sync (their vendor has a supplier site in their BU). */
function draftBillsThatWouldSync(): ScenarioBill[] {
  const { scenario } = pipeline.sims;
  return scenario.bills.filter((bill) => {
    if (bill.status !== 0) return false;
    const vendor = scenario.vendors.find((candidate) => candidate.key === bill.vendorKey);
    const location = scenario.locations.find((candidate) => candidate.id === bill.locationId);
    return vendor?.oracle?.sites.some((site) => site.procurementBU === location?.businessUnit) ?? false;
  });
}

/** One poll of the bills stream (a "sync now" would also re-read the account combinations). */
async function pollBillsOnly(): Promise<void> {
  const connection = createRedis(redisUrl, 'producer', 'admin-test');
  try {
    await waitForRedis(connection);
    const queue = openQueue(pollQueue, { connection, prefix: redisPrefix });
    await enqueuePollRun(queue, { connectionId, streams: ['procurify.bills'], runId: `bills${Date.now()}` });
    await queue.close();
  } finally {
    connection.disconnect();
  }
}

async function allPages(query: string): Promise<{ items: LedgerItem[]; totals: number[] }> {
  const items: LedgerItem[] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  do {
    const answer: Answer<LedgerPage> = await client.get<LedgerPage>(
      `${api}/ledger?${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    // On failure the diff shows the whole answer, error body included.
    expect({ status: answer.status, text: answer.text }).toMatchObject({ status: 200 });
    const page: LedgerPage = answer.body;
    items.push(...page.items);
    totals.push(page.total);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, totals };
}

describe('admin API against a running pipeline', () => {
  test(
    'creates and updates connections through token-service and reads them back without secrets',
    { timeout: 120_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: {
          seed: 7,
          purchaseOrders: 40,
          bills: 40,
          procurifyCredentials: {
            clientId: planted.procurifyClientId,
            clientSecret: planted.procurifySecret,
          },
          oracleCredentials: {
            clientId: planted.oracleClientId,
            clientSecret: planted.oracleSecret,
            scope: defaultCredentials.oracle.scope,
          },
        },
      });
      const destination = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logLines.push(chunk.toString('utf8'));
          callback();
        },
      });
      admin = await startTestAdmin(
        { database, redis },
        { tokenServiceUrl: pipeline.tokenServiceUrl },
        createLogger({ name: 'admin', level: 'debug', destination }),
      );
      client = new AdminClient(admin.url);
      redisUrl = redis.url;
      redisPrefix = redis.prefix;

      const file = simulatorConnectionFile(pipeline.sims, { id: 'second-tenant', name: 'Second tenant' });
      const created = await client.post<{ created: boolean; connection: { id: string; name: string } }>(
        '/api/connections',
        file,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        created: true,
        connection: {
          id: 'second-tenant',
          status: 'active',
          credentials: {
            procurify: { storedAt: expect.any(String) },
            oracle: { storedAt: expect.any(String) },
          },
        },
      });
      // Its polls would hit the same simulators: keep it still while the other tests run.
      expect(
        (await client.post('/api/connections/second-tenant/pause', { reason: 'test tenant' })).status,
      ).toBe(200);
      const { id: _id, ...withoutId } = file;
      const updated = await client.put<{ created: boolean; connection: { name: string } }>(
        '/api/connections/second-tenant',
        { ...withoutId, name: 'Second tenant, renamed' },
      );
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ created: false, connection: { name: 'Second tenant, renamed' } });
      // token-service alone encrypts: the stored credential is ciphertext, not the secret.
      const stored = await database.prisma.credential.findMany({ where: { connectionId: 'second-tenant' } });
      expect(stored).toHaveLength(2);
      for (const credential of stored)
        expect(Buffer.from(credential.ciphertext).toString('latin1')).not.toContain(planted.procurifySecret);

      const mismatch = await client.put<ErrorBody>('/api/connections/second-tenant', {
        ...file,
        id: 'other',
      });
      expect(mismatch.status).toBe(400);
      const invalid = await client.post<ErrorBody>('/api/connections', { id: 'broken', name: 'Broken' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.code).toBe('INVALID_CONNECTION_FILE');
      expect(invalid.body.error.message).toMatch(/procurify/);

      const list = await client.get<{ connections: { id: string }[] }>('/api/connections', 'viewer');
      expect(list.body.connections.map((connection) => connection.id)).toEqual([
        connectionId,
        'second-tenant',
      ]);
      const tested = await client.post<{ ok: boolean; checks: { system: string; ok: boolean }[] }>(
        `${api}/test`,
      );
      expect(tested.status).toBe(200);
      expect(tested.body.ok).toBe(true);
      expect(new Set(tested.body.checks.map((check) => check.system))).toEqual(
        new Set(['procurify', 'oracle']),
      );
    },
  );

  test('"sync now" polls every stream; pause and resume stop and restart a connection', async ({
    database,
  }) => {
    const sync = await client.post<{ runId: string; polls: { stream: string; jobId: string }[] }>(
      `${api}/sync`,
    );
    expect(sync.status).toBe(202);
    expect(sync.body.polls.map((poll) => poll.stream)).toContain('procurify.bills');
    await pipeline.drain(120_000);
    const detail = await client.get<{
      records: { total: number; byStatus: Record<string, number> };
      streams: { stream: string; lastSuccessAt: string | null }[];
    }>(api, 'viewer');
    expect(detail.body.records.total).toBe(
      await database.prisma.ledgerRecord.count({ where: { connectionId } }),
    );
    expect(detail.body.records.byStatus['synced']).toBeGreaterThan(20);
    expect(detail.body.records.byStatus['blocked']).toBeGreaterThan(0);
    for (const name of ['procurify.bills', 'procurify.purchase_orders', 'oracle.suppliers'])
      expect(detail.body.streams.find((stream) => stream.stream === name)?.lastSuccessAt).toEqual(
        expect.any(String),
      );

    // The paused tenant: "sync now" is refused, and a poll that runs anyway reads nothing.
    const refused = await client.post<ErrorBody>('/api/connections/second-tenant/sync');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONNECTION_PAUSED');
    const paused = await client.get<{ status: string; statusReason: string }>(
      '/api/connections/second-tenant',
    );
    expect(paused.body).toMatchObject({
      status: 'paused',
      statusReason: 'paused by an operator: test tenant',
    });
    const resumed = await client.post<{ connection: { status: string } }>(
      '/api/connections/second-tenant/resume',
    );
    expect(resumed.body.connection.status).toBe('active');
    expect((await client.post('/api/connections/second-tenant/pause')).status).toBe(200);
    expect(await database.prisma.ledgerRecord.count({ where: { connectionId: 'second-tenant' } })).toBe(0);
    // A connection whose credentials were rejected needs new ones, not a resume.
    await database.prisma.connection.update({
      where: { id: 'second-tenant' },
      data: { status: 'auth_failed', statusReason: 'Oracle refused the credentials' },
    });
    const conflict = await client.post<ErrorBody>('/api/connections/second-tenant/resume');
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('CONNECTION_AUTH_FAILED');
    await database.prisma.connection.update({ where: { id: 'second-tenant' }, data: { status: 'paused' } });
  });

  test('the ledger filters, searches and pages in a stable order; a record shows its whole story', async ({
    database,
  }) => {
    const all = await allPages('limit=7');
    const count = await database.prisma.ledgerRecord.count({ where: { connectionId } });
    expect(all.items).toHaveLength(count);
    expect(new Set(all.items.map((item) => item.id)).size).toBe(count);
    expect(new Set(all.totals)).toEqual(new Set([count]));
    const keys = all.items.map((item) => `${item.updatedAt}|${item.id}`);
    expect(keys).toEqual(keys.toSorted().toReversed());

    const blockedOrFailed = await allPages('status=blocked,skipped&entity=bill&limit=50');
    expect(blockedOrFailed.items.length).toBe(
      await database.prisma.ledgerRecord.count({
        where: { connectionId, entity: 'bill', status: { in: ['blocked', 'skipped'] } },
      }),
    );
    expect(
      blockedOrFailed.items.every(
        (item) => item.entity === 'bill' && ['blocked', 'skipped'].includes(item.status),
      ),
    ).toBe(true);

    const synced = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { connectionId, entity: 'purchase_order', status: 'synced' },
    });
    const found = await client.get<LedgerPage>(
      `${api}/ledger?q=${encodeURIComponent(synced.targetNumber!)}`,
      'viewer',
    );
    expect(found.body.items.map((item) => item.id)).toContain(synced.id);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await client.get<LedgerPage>(`${api}/ledger?from=${tomorrow}`)).body.total).toBe(0);
    expect(
      (await client.get<LedgerPage>(`${api}/ledger?to=2020-01-01&dateField=firstSeenAt`)).body.total,
    ).toBe(0);
    expect((await client.get<ErrorBody>(`${api}/ledger?from=${tomorrow}&to=2020-01-01`)).status).toBe(400);
    const badCursor = await client.get<ErrorBody>(`${api}/ledger?cursor=bm90LWEtY3Vyc29y`);
    expect(badCursor.body.error.code).toBe('INVALID_CURSOR');

    const detail = await client.get<LedgerRecordDetail>(`/api/ledger/${synced.id}`, 'viewer');
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: synced.id,
      connectionId,
      status: 'synced',
      targetNumber: synced.targetNumber,
      sourceSnapshot: { PO_Num: synced.sourceNumber },
      mappedPayload: { Description: expect.stringContaining(`[PRC-PO-${synced.sourceId}]`) },
    });
    const actions = detail.body.events.map((event) => event.action);
    expect(actions[0]).toBe('source.recorded');
    expect(actions).toEqual(expect.arrayContaining(['map.mapped', 'write.intent', 'write.created']));
    expect(detail.body.events.at(-1)).toMatchObject({ toStatus: 'synced', outcome: 'ok' });
  });

  test('replay re-queues exactly the records it should and says why the others stayed', async ({
    database,
  }) => {
    const { scenario, oracle } = pipeline.sims;
    // Plant a failed bill: Oracle disabled its charge account, then the bill got approved.
    const [toFail] = draftBillsThatWouldSync();
    expect(toFail).toBeDefined();
    const allocation = toFail!.items[0]!.allocations[0]!;
    const combination = chargeAccount(scenario, allocation.departmentId, allocation.glAccountId);
    await control('oracle', 'PATCH', `/account-combinations/${combination}`, { enabled: false });
    await control('procurify', 'POST', `/bills/${toFail!.id}/approve`, {});
    // Poll the bills alone, so the mapper still believes the account enabled and Oracle refuses it.
    await pollBillsOnly();
    await pipeline.drain(120_000);
    const failed = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { connectionId, entity: 'bill', sourceId: dashedUuid(toFail!.uuid) },
    });
    expect(failed.status).toBe('failed');
    // Plant an uncertain bill: its create reached Oracle but the answer was lost.
    const written = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { connectionId, entity: 'bill', status: 'synced' },
    });
    await pipeline.ledger.transition(written.id, {
      to: 'uncertain',
      action: 'write.attempt_failed',
      outcome: 'error',
      message: 'planted: the create timed out',
      fields: {
        targetId: null,
        targetNumber: null,
        syncedHash: null,
        syncedAt: null,
        errorClass: 'uncertain',
      },
    });
    const blocked = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { connectionId, status: 'blocked' },
    });
    const syncedPo = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { connectionId, entity: 'purchase_order', status: 'synced' },
    });
    const unknown = '00000000-0000-4000-8000-000000000000';

    await control('oracle', 'PATCH', `/account-combinations/${combination}`, { enabled: true });
    const invoicesBefore = oracle.store.invoices.size;
    const chosen = await client.post<ReplayResult>(`${api}/replay`, {
      statuses: ['failed', 'uncertain'],
      recordIds: [failed.id, written.id, blocked.id, syncedPo.id, unknown],
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.requeued).toBe(2);
    expect(new Set(chosen.body.requeuedIds)).toEqual(new Set([failed.id, written.id]));
    expect(chosen.body.notRequeued).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: blocked.id, status: 'blocked', code: 'STATUS_NOT_SELECTED' }),
        expect.objectContaining({ id: syncedPo.id, status: 'synced', code: 'NOT_REPLAYABLE' }),
        expect.objectContaining({ id: unknown, status: null, code: 'NOT_FOUND' }),
      ]),
    );
    expect(chosen.body.notRequeued).toHaveLength(3);
    await pipeline.drain(120_000);
    // The failed bill is now in Oracle once; the uncertain one was found there and adopted.
    expect(oracle.store.invoices.size).toBe(invoicesBefore + 1);
    const replayedFailed = await client.get<LedgerRecordDetail>(`/api/ledger/${failed.id}`);
    expect(replayedFailed.body).toMatchObject({ status: 'synced', replays: 1 });
    expect(replayedFailed.body.events.map((event) => event.message)).toContain(
      'replayed by an operator (admin API, request ' + chosen.headers.get('x-request-id') + ')',
    );
    const adopted = await client.get<LedgerRecordDetail>(`/api/ledger/${written.id}`);
    expect(adopted.body).toMatchObject({ status: 'synced', targetNumber: written.targetNumber });
    expect(adopted.body.events.map((event) => event.action)).toContain('write.adopted');

    // Everything replayable: exactly the blocked/failed/uncertain records, none other.
    const replayable = await database.prisma.ledgerRecord.findMany({
      where: { connectionId, status: { in: ['failed', 'blocked', 'uncertain'] } },
      select: { id: true, entity: true, status: true },
    });
    expect(replayable.length).toBeGreaterThan(0);
    const everything = await client.post<ReplayResult>(`${api}/replay`);
    expect(everything.body.requeued).toBe(replayable.length);
    expect(new Set(everything.body.requeuedIds)).toEqual(new Set(replayable.map((record) => record.id)));
    await pipeline.drain(120_000);
    expect(oracle.store.invoices.size).toBe(invoicesBefore + 1);

    // A filter: only blocked purchase orders.
    const blockedPos = await database.prisma.ledgerRecord.count({
      where: { connectionId, entity: 'purchase_order', status: 'blocked' },
    });
    const filtered = await client.post<ReplayResult>(`${api}/replay`, {
      statuses: ['blocked'],
      filter: { entity: ['purchase_order'] },
    });
    expect(filtered.body.requeued).toBe(blockedPos);
    await pipeline.drain(120_000);
    const numbers = [...oracle.store.invoices.values()].map(
      (doc) => `${doc.row.SupplierNumber}:${doc.row.InvoiceNumber}`,
    );
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  test('ranked suggestions for a blocked vendor; linking it unblocks and syncs its records', async ({
    database,
  }) => {
    const vendors = await client.get<{ vendors: { procurifyVendorId: string; blockedRecords: number }[] }>(
      `${api}/vendors/blocked`,
      'viewer',
    );
    expect(vendors.body.vendors.length).toBeGreaterThan(0);
    const [vendor] = vendors.body.vendors;
    const blockedIds = (
      await database.prisma.ledgerRecord.findMany({
        where: { connectionId, status: 'blocked', blockedOn: { has: `vendor:${vendor!.procurifyVendorId}` } },
        select: { id: true },
      })
    ).map((record) => record.id);
    expect(vendor!.blockedRecords).toBe(blockedIds.length);

    const suggestions = await client.get<{
      vendorName: string | null;
      blockedRecords: { total: number };
      suggestions: { supplierNumber: string; score: number }[];
    }>(`${api}/vendors/${vendor!.procurifyVendorId}/suggestions?limit=5`, 'viewer');
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.vendorName).toEqual(expect.any(String));
    expect(suggestions.body.blockedRecords.total).toBe(blockedIds.length);
    const scores = suggestions.body.suggestions.map((suggestion) => suggestion.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await client.get<ErrorBody>(`${api}/vendors/999999/suggestions`)).status).toBe(404);

    // Link it to a supplier that has a site in every business unit.
    const target = pipeline.sims.scenario.vendors.find((v) => v.oracle && v.oracle.sites.length === 2)!;
    const linked = await client.put<{ requeued: number; warnings: string[] }>(
      `${api}/mappings/vendor/${vendor!.procurifyVendorId}`,
      { oracleValue: target.oracle!.supplierNumber },
    );
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual({ requeued: blockedIds.length, warnings: [] });
    await pipeline.drain(120_000);
    const after = await database.prisma.ledgerRecord.findMany({ where: { id: { in: blockedIds } } });
    expect(after.map((record) => record.status)).toEqual(blockedIds.map(() => 'synced'));

    const links = await client.get<{
      vendors: { procurifyVendorId: string; matchedBy: string }[];
      dimensions: unknown[];
    }>(`${api}/mappings/vendor`, 'viewer');
    expect(links.body.vendors).toContainEqual(
      expect.objectContaining({ procurifyVendorId: vendor!.procurifyVendorId, matchedBy: 'explicit' }),
    );
    expect(links.body.dimensions).toEqual([]);
    const everything = await client.get<{ dimensions: { kind: string }[] }>(`${api}/mappings`);
    expect(everything.body.dimensions.some((mapping) => mapping.kind === 'location')).toBe(true);

    const misplaced = await client.put<ErrorBody>(`${api}/mappings/department/5`, {
      oracleValue: '510',
      site: 'X',
    });
    expect(misplaced.status).toBe(400);
    expect((await client.put<ErrorBody>(`${api}/mappings/colour/5`, { oracleValue: '510' })).status).toBe(
      400,
    );
    const department = await client.put<{ requeued: number }>(`${api}/mappings/department/999`, {
      oracleValue: '510',
    });
    expect(department.body).toEqual({ requeued: 0, warnings: [] });
    expect((await client.delete<{ removed: boolean }>(`${api}/mappings/department/999`)).body).toEqual({
      removed: true,
    });
    const again = await client.delete<ErrorBody>(`${api}/mappings/department/999`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('MAPPING_NOT_FOUND');
  });

  test('dry-run shows the exact payload a sync would write and writes nothing', async ({ database }) => {
    const { procurify, oracle } = pipeline.sims;
    const [, toApprove] = draftBillsThatWouldSync();
    expect(toApprove).toBeDefined();
    await control('procurify', 'POST', `/bills/${toApprove!.id}/approve`, {});
    const sourceId = dashedUuid(toApprove!.uuid);

    const snapshot = async () => ({
      ledger: await database.prisma.ledgerRecord.findMany({
        orderBy: { id: 'asc' },
        select: { id: true, status: true, contentHash: true, updatedAt: true },
      }),
      events: await database.prisma.ledgerEvent.count(),
      cursors: await database.prisma.pollCursor.findMany({
        orderBy: [{ connectionId: 'asc' }, { stream: 'asc' }],
      }),
      outbox: await database.prisma.outboxMessage.count(),
      links: await database.prisma.vendorLink.count(),
      masters: await database.prisma.masterRecord.count(),
      invoices: oracle.store.invoices.size,
      purchaseOrders: oracle.store.purchaseOrders.size,
    });
    const before = await snapshot();
    procurify.core.counters.reset();
    oracle.core.counters.reset();

    const dryRun = await client.post<{
      items: {
        entity: string;
        sourceId: string;
        operation: string;
        status: string;
        payload: unknown;
        found: string;
      }[];
    }>(`${api}/dry-run`);
    expect(dryRun.status).toBe(200);
    const item = dryRun.body.items.find((candidate) => candidate.sourceId === sourceId);
    expect(item).toMatchObject({
      entity: 'bill',
      operation: 'create',
      status: 'mapped',
      found: 'changed',
      payload: { InvoiceNumber: expect.any(String), invoiceLines: expect.any(Array) },
    });

    // The upstreams saw reads only (a token request aside), and nothing moved on our side.
    const writes = [procurify, oracle].flatMap((sim) =>
      Object.keys(sim.core.counters.snapshot().routes).filter(
        (route) => !route.startsWith('GET ') && !/oauth2?\/(v1\/)?token/.test(route),
      ),
    );
    expect(writes).toEqual([]);
    expect(oracle.core.counters.count('GET ')).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);

    // Chosen records: one that would not be written says why.
    const draft = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { connectionId, entity: 'bill', status: 'skipped' },
    });
    const chosen = await client.post<{
      items: { sourceId: string; operation: string; status: string; reason: string }[];
    }>(`${api}/dry-run`, { recordIds: [draft.id] });
    expect(chosen.body.items).toEqual([
      expect.objectContaining({
        sourceId: draft.sourceId,
        operation: 'none',
        status: 'skipped',
        reason: draft.reason,
      }),
    ]);
    // The dry run consumed nothing: a real sync still creates exactly that invoice.
    expect((await client.post(`${api}/sync`)).status).toBe(202);
    await pipeline.drain(120_000);
    expect(oracle.store.invoices.size).toBe(before.invoices + 1);
    const record = await database.prisma.ledgerRecord.findFirstOrThrow({ where: { connectionId, sourceId } });
    expect(record.status).toBe('synced');
  });

  test('connection issues: open and resolved, with first and last seen', async ({ database }) => {
    const db = database.prisma;
    await raiseConnectionIssue(db, {
      connectionId,
      kind: 'upstream_unavailable',
      system: 'oracle',
      message: 'Oracle answered 503',
    });
    await raiseConnectionIssue(db, {
      connectionId,
      kind: 'upstream_unavailable',
      system: 'oracle',
      message: 'Oracle answered 503 again',
    });
    await raiseConnectionIssue(db, {
      connectionId,
      kind: 'rate_limited',
      system: 'procurify',
      message: 'Procurify asked us to wait',
    });
    await resolveConnectionIssue(db, { connectionId, kind: 'rate_limited', system: 'procurify' });

    const open = await client.get<{
      issues: {
        kind: string;
        occurrences: number;
        open: boolean;
        firstSeenAt: string;
        lastSeenAt: string;
        message: string;
      }[];
    }>(`${api}/issues?state=open`, 'viewer');
    expect(open.body.issues).toEqual([
      expect.objectContaining({
        kind: 'upstream_unavailable',
        occurrences: 2,
        open: true,
        message: 'Oracle answered 503 again',
      }),
    ]);
    expect(open.body.issues[0]!.lastSeenAt >= open.body.issues[0]!.firstSeenAt).toBe(true);
    const resolved = await client.get<{ issues: { kind: string; resolvedAt: string | null }[] }>(
      `${api}/issues?state=resolved`,
    );
    expect(resolved.body.issues).toEqual([
      expect.objectContaining({ kind: 'rate_limited', resolvedAt: expect.any(String) }),
    ]);
    expect((await client.get<{ issues: unknown[] }>(`${api}/issues`)).body.issues).toHaveLength(2);
    expect((await client.get<{ openIssues: number }>(api)).body.openIssues).toBe(1);
  });

  test('the reconciliation report answers as JSON and as CSV; /metrics counts the records', async ({
    database,
  }) => {
    const report = await client.get<{
      summary: { connectionId: string; procurify: { count: number }; matched: number };
      discrepancies: { kind: string }[];
    }>(`${api}/reconcile?from=2000-01-01&to=2099-12-31`, 'viewer');
    expect(report.status).toBe(200);
    expect(report.body.summary.connectionId).toBe(connectionId);
    expect(report.body.summary.procurify.count).toBeGreaterThan(0);
    expect(report.body.summary.matched).toBeGreaterThan(0);
    const csv = await client.get(`${api}/reconcile?from=2000-01-01&to=2099-12-31&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(
      'reconcile-cascade-fab-2000-01-01-2099-12-31.csv',
    );
    const lines = csv.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^kind,procurify_bill_id,/);
    expect(lines).toHaveLength(report.body.discrepancies.length + 1);
    const inverted = await client.get<ErrorBody>(`${api}/reconcile?from=2026-02-01&to=2026-01-01`);
    expect(inverted.status).toBe(400);
    expect((await client.get<ErrorBody>(`${api}/reconcile?from=yesterday&to=2026-01-01`)).status).toBe(400);

    const synced = await database.prisma.ledgerRecord.count({
      where: { connectionId, entity: 'bill', status: 'synced' },
    });
    const metrics = await client.get('/metrics', 'viewer');
    expect(metrics.text).toContain(
      `mlc_ledger_records{connection="${connectionId}",entity="bill",status="synced"} ${synced}`,
    );
  });

  test('no answer and no log line carries a secret', async () => {
    // Bull Board's job lists too: job data holds ids only.
    for (const queue of ['poll', 'map', 'oracle-write'])
      expect(
        (await client.get(`/admin/queues/api/queues?activeQueue=${queue}&status=completed`)).status,
      ).toBe(200);
    expect(client.answers.length).toBeGreaterThan(50);
    const leaks = client.answers.flatMap((answer, index) =>
      secrets
        .filter((secret) => answer.text.includes(secret))
        .map((secret) => `answer ${index}: ${secret.slice(0, 8)}…`),
    );
    expect(leaks).toEqual([]);
    const logLeaks = logLines.filter((line) => secrets.some((secret) => line.includes(secret)));
    expect(logLeaks).toEqual([]);
    expect(logLines.some((line) => line.includes('"requestId"'))).toBe(true);
  });
});
