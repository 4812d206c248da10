import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@mlc/logger';
import {
  defaultCredentials,
  SimulatorControl,
  simulatorConnectionFile,
  type ScenarioBill,
} from '@mlc/simulators';
import { dumpPostgres, dumpRedis, spawnApp, test, type SpawnedApp } from '@mlc/testing';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { afterAll, describe, expect } from 'vitest';
import { runCli } from './cli.ts';
import { payableInvoicedBills } from './payments-scenario.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';
import { base64KeySecret, findLeaks, plantSecret, textSecret, type SearchedSecret } from './secret-search.ts';
import { control } from './sim-api.ts';

// design.md §4 "Security": the whole system at work — every pipeline app in this process, admin
// as its own process, the CLI — with secrets planted everywhere a secret goes in (client secrets,
// MLC_MASTER_KEY, INTERNAL_TOKEN, the admin tokens) and every access token the simulators issue.
// Then each one is searched for, in every form it could leak in, in every log line, every Redis
// key and value under the install's prefix (BullMQ job data and results included), every
// Postgres column but the sealed credential, and every answer of the admin API, Bull Board, the
// CLI and token-service's public routes. The tests run in order and share the first one's run.

const planted = {
  procurifyClientId: 'planted-procurify-client',
  procurifySecret: plantSecret('procurifysecret'),
  oracleClientId: 'planted-oracle-client',
  oracleSecret: plantSecret('oraclesecret'),
  /** New credentials given through the admin API (the simulators do not know them). */
  rotatedSecret: plantSecret('rotatedsecret'),
  /** Credentials of a connection added with `mlc connection add`. */
  cliSecret: plantSecret('clisecret'),
  /** Only ever sent in the bodies of requests that fail. */
  bodySecret: plantSecret('bodysecret'),
  masterKey: randomBytes(32).toString('base64'),
  internalToken: plantSecret('internaltoken'),
  adminToken: plantSecret('admintoken'),
  viewerToken: plantSecret('viewertoken'),
};

const adminEntry = join(import.meta.dirname, '..', '..', '..', 'apps', 'admin', 'src', 'main.ts');
/**
 * The positive control: the main connection's id is itself a planted value, shaped like the
 * secrets. By design it is in every sink the search reads (each app's log lines, Redis keys and
 * job data, ledger rows, API answers), so each search must find it there: a search that found
 * nothing because it looked at nothing fails. (secret-search.test.ts shows each encoded form is
 * found too.)
 */
const connectionId = plantSecret('canary');
const canary = textSecret('canary connection id', connectionId);
const api = `/api/connections/${connectionId}`;
const queueNames = ['poll', 'map', 'oracle-write', 'procurify-write', 'token-refresh'];

let pipeline: Pipeline | undefined;
let admin: SpawnedApp | undefined;
let adminUrl = '';
let workDir: string | undefined;
/** Every log line of every app (pipeline in-process, admin and CLI processes). */
const logLines: string[] = [];
/** Every answer the system gave, headers and body, as text. */
const answers: string[] = [];
/** Every access token the simulators issued, read at the end of the run. */
const issued: { system: string; token: string }[] = [];

afterAll(async () => {
  await admin?.stop();
  await pipeline?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

type Credential = 'admin' | 'viewer' | 'none' | { bearer: string } | { basic: string };

function authorization(as: Credential): string | undefined {
  if (as === 'none') return undefined;
  if (as === 'admin') return `Bearer ${planted.adminToken}`;
  if (as === 'viewer') return `Bearer ${planted.viewerToken}`;
  if ('bearer' in as) return `Bearer ${as.bearer}`;
  return `Basic ${Buffer.from(`operator:${as.basic}`).toString('base64')}`;
}

interface Answer<T> {
  status: number;
  text: string;
  body: T;
}

/** One request as an operator's script sends it; the whole answer is kept for the search. */
async function call<T = unknown>(
  method: string,
  path: string,
  options: { as?: Credential; body?: unknown; rawBody?: string; base?: string } = {},
): Promise<Answer<T>> {
  const auth = authorization(options.as ?? 'admin');
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${options.base ?? adminUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  answers.push(`${method} ${path} → ${response.status}\n${headers}\n\n${text}`);
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, text, body: parsed as T };
}

/** Draft bills that, once approved, would sync (their vendor has a supplier site in their BU). */
function draftBillsThatWouldSync(p: Pipeline): ScenarioBill[] {
  const { scenario } = p.sims;
  return scenario.bills.filter((bill) => {
    if (bill.status !== 0) return false;
    const vendor = scenario.vendors.find((candidate) => candidate.key === bill.vendorKey);
    const location = scenario.locations.find((candidate) => candidate.id === bill.locationId);
    return vendor?.oracle?.sites.some((site) => site.procurementBU === location?.businessUnit) ?? false;
  });
}

function searchedSecrets(): SearchedSecret[] {
  // Basic headers (user:secret) are found by the base64 forms at every offset (secret-search.ts).
  return [
    textSecret('Procurify client secret', planted.procurifySecret),
    textSecret('Oracle client secret', planted.oracleSecret),
    textSecret('rotated client secret', planted.rotatedSecret),
    textSecret('CLI connection client secret', planted.cliSecret),
    textSecret('secret in a failed request body', planted.bodySecret),
    base64KeySecret('MLC_MASTER_KEY', planted.masterKey),
    textSecret('INTERNAL_TOKEN', planted.internalToken),
    textSecret('ADMIN_TOKEN', planted.adminToken),
    textSecret('ADMIN_VIEWER_TOKEN', planted.viewerToken),
    ...issued.map(({ system, token }, index) => textSecret(`${system} access token #${index + 1}`, token)),
  ];
}

describe('planted secrets (design.md §4 "Security")', () => {
  test(
    'the whole system syncs, pays, blocks, maps, replays, dry-runs and reconciles with planted secrets',
    { timeout: 600_000 },
    async ({ database, redis }) => {
      const destination = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          callback();
        },
      });
      const p = await startPipeline({
        database,
        redis,
        logger: createLogger({ name: 'e2e', level: 'debug', destination }),
        secrets: { masterKey: planted.masterKey, internalToken: planted.internalToken },
        connection: { id: connectionId },
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
      pipeline = p;
      admin = spawnApp(adminEntry, {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        MLC_REDIS_PREFIX: redis.prefix,
        ADMIN_HOST: '127.0.0.1',
        ADMIN_PORT: '0',
        ADMIN_TOKEN: planted.adminToken,
        ADMIN_VIEWER_TOKEN: planted.viewerToken,
        // A few wrong tokens are sent on purpose below.
        ADMIN_AUTH_FAILURE_LIMIT: '1000',
        INTERNAL_TOKEN: planted.internalToken,
        TOKEN_SERVICE_URL: p.tokenServiceUrl,
        MLC_ALLOW_INSECURE_UPSTREAMS: '1',
        LOG_LEVEL: 'debug',
      });
      adminUrl = String((await admin.waitForLog((line) => line.msg === 'admin started'))['url']);

      // Connections: list, read, create, update (new credentials), test, pause.
      const list = await call<{ connections: { id: string }[] }>('GET', '/api/connections', { as: 'viewer' });
      expect(list.body.connections.map((connection) => connection.id)).toEqual([connectionId]);
      expect((await call('GET', api)).status).toBe(200);
      const file = simulatorConnectionFile(p.sims, { id: 'second-tenant', name: 'Second tenant' });
      expect((await call('POST', '/api/connections', { body: file })).status).toBe(201);
      // Its polls would hit the same simulators: keep it still.
      expect((await call('POST', '/api/connections/second-tenant/pause', { body: {} })).status).toBe(200);
      const { id: _id, ...withoutId } = file;
      const rotated = {
        ...withoutId,
        procurify: { ...file.procurify, clientSecret: planted.rotatedSecret },
        oracle: { ...file.oracle, auth: { ...file.oracle.auth, clientSecret: planted.rotatedSecret } },
      };
      expect((await call('PUT', '/api/connections/second-tenant', { body: rotated })).status).toBe(200);
      const refused = await call<{ ok: boolean }>('POST', '/api/connections/second-tenant/test');
      expect(refused.body.ok).toBe(false);
      const tested = await call<{ ok: boolean }>('POST', `${api}/test`);
      expect(tested.body.ok).toBe(true);

      // The same through the CLI, which holds the master key itself.
      workDir = await mkdtemp(join(tmpdir(), 'mlc-security-'));
      const cliFile = join(workDir, 'cli-tenant.json');
      await writeFile(
        cliFile,
        JSON.stringify({
          ...simulatorConnectionFile(p.sims, { id: 'cli-tenant', name: 'CLI tenant' }),
          procurify: { ...file.procurify, clientSecret: planted.cliSecret },
        }),
      );
      const cliEnv = {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        MLC_REDIS_PREFIX: redis.prefix,
        MLC_MASTER_KEY: planted.masterKey,
        MLC_ALLOW_INSECURE_UPSTREAMS: '1',
        TOKEN_SERVICE_URL: p.tokenServiceUrl,
        INTERNAL_TOKEN: planted.internalToken,
      };
      const cli = async (args: string[]) => {
        const run = await runCli(args, cliEnv);
        logLines.push(...run.stderr.split('\n').filter(Boolean));
        answers.push(`mlc ${args.join(' ')} → ${run.code}\n${run.stdout}\n${run.stderr}`);
        return run;
      };
      expect(await cli(['connection', 'add', '--file', cliFile])).toMatchObject({ code: 0 });
      expect((await call('POST', '/api/connections/cli-tenant/pause', { body: {} })).status).toBe(200);
      expect((await cli(['connection', 'list', '--json'])).stdout).toContain('cli-tenant');
      expect((await cli(['connection', 'test', 'cli-tenant'])).code).not.toBe(0);

      // A full sync through "sync now", with upstream failures along the way (a failed job keeps
      // its error and stack in Redis; the writer logs each attempt).
      // The simulators' generic controls live under /_sim (sim-server.ts), not /_sim/<system>.
      const oracleControl = new SimulatorControl(p.sims.oracle.url);
      const procurifyControl = new SimulatorControl(p.sims.procurify.url);
      await oracleControl.setFaults([
        { match: 'POST *', serverErrorRate: 1, serverErrorStatuses: [503], times: 3 },
      ]);
      await procurifyControl.setFaults([
        { match: 'GET *', rateLimitRate: 1, retryAfterSeconds: 1, times: 2 },
      ]);
      expect((await call('POST', `${api}/sync`)).status).toBe(202);
      await p.drain(240_000);
      expect(await p.statusCounts()).toMatchObject({
        synced: expect.any(Number),
        blocked: expect.any(Number),
      });

      // The ledger, its records, and a blocked vendor linked through a mapping.
      const ledger = await call<{ items: { id: string; status: string }[] }>(
        'GET',
        `${api}/ledger?limit=500`,
        {
          as: 'viewer',
        },
      );
      const blocked = ledger.body.items.find((item) => item.status === 'blocked');
      const synced = ledger.body.items.filter((item) => item.status === 'synced').slice(0, 5);
      for (const item of [...synced, blocked!])
        expect((await call('GET', `/api/ledger/${item.id}`)).status).toBe(200);
      const vendors = await call<{ vendors: { procurifyVendorId: string }[] }>(
        'GET',
        `${api}/vendors/blocked`,
      );
      const [vendor] = vendors.body.vendors;
      expect(vendor).toBeDefined();
      await call('GET', `${api}/vendors/${vendor!.procurifyVendorId}/suggestions`);
      const supplier = p.sims.scenario.vendors.find((v) => v.oracle && v.oracle.sites.length === 2)!;
      const linked = await call<{ requeued: number }>(
        'PUT',
        `${api}/mappings/vendor/${vendor!.procurifyVendorId}`,
        {
          body: { oracleValue: supplier.oracle!.supplierNumber },
        },
      );
      expect(linked.body.requeued).toBeGreaterThan(0);
      await p.drain(240_000);
      await call('GET', `${api}/mappings`);

      // Oracle pays an invoice; every token has expired meanwhile (401 → refresh on both sides).
      const [payable] = await payableInvoicedBills(database.prisma, p);
      expect(payable).toBeDefined();
      await control(p.sims, 'oracle', 'POST', `/invoices/${payable!.invoiceId}/pay`, { date: '2026-11-20' });
      await oracleControl.expireTokens();
      await procurifyControl.expireTokens();
      expect((await call('POST', `${api}/sync`)).status).toBe(202);
      await p.drain(240_000);
      const payment = await database.prisma.ledgerRecord.findFirstOrThrow({
        where: { connectionId, entity: 'invoice_payment', sourceId: payable!.invoiceId },
      });
      expect(payment.status).toBe('synced');

      // Replay everything replayable, a dry run of a newly approved bill, reconciliation.
      expect((await call('POST', `${api}/replay`, { body: {} })).status).toBe(200);
      await p.drain(240_000);
      const [draft] = draftBillsThatWouldSync(p);
      await control(p.sims, 'procurify', 'POST', `/bills/${draft!.id}/approve`, {});
      const dryRun = await call<{ items: { operation: string; payload: unknown }[] }>(
        'POST',
        `${api}/dry-run`,
        {
          body: {},
        },
      );
      expect(dryRun.body.items.some((item) => item.operation === 'create' && item.payload)).toBe(true);
      expect((await call('GET', `${api}/reconcile?from=2000-01-01&to=2099-12-31`)).status).toBe(200);
      expect((await call('GET', `${api}/reconcile?from=2000-01-01&to=2099-12-31&format=csv`)).status).toBe(
        200,
      );
      await call('GET', `${api}/issues`);
      // The whole run on failure: its stderr says why.
      expect(await cli(['ledger', connectionId, '--json'])).toMatchObject({ code: 0 });

      // Metrics and probes: admin's and token-service's.
      expect((await call('GET', '/metrics', { as: 'viewer' })).text).toContain('mlc_ledger_records');
      await call('GET', '/healthz', { as: 'none' });
      await call('GET', '/readyz', { as: 'none' });
      expect((await call('GET', '/metrics', { base: p.tokenServiceUrl, as: 'none' })).status).toBe(200);
      expect((await call('GET', '/readyz', { base: p.tokenServiceUrl, as: 'none' })).status).toBe(200);
      // token-service's internal API refuses anything but INTERNAL_TOKEN (its right answers carry
      // access tokens by design: they are for the pipeline apps only, and not searched).
      for (const as of ['none', 'admin', { bearer: `${planted.internalToken}x` }] as const)
        for (const path of ['/internal/tokens/get', '/internal/connections/test'])
          expect(
            (
              await call('POST', path, {
                base: p.tokenServiceUrl,
                as,
                body: { connectionId, system: 'oracle' },
              })
            ).status,
          ).toBe(401);

      // Bull Board: the page, and every queue's jobs in every state (job data and results).
      expect((await call('GET', '/admin/queues', { as: { basic: planted.adminToken } })).status).toBe(200);
      let jobs = 0;
      for (const queue of queueNames) {
        for (const status of ['latest', 'completed', 'failed', 'delayed', 'waiting']) {
          const page = await call<{ queues: { name: string; jobs: { id: string; data: unknown }[] }[] }>(
            'GET',
            `/admin/queues/api/queues?activeQueue=${queue}&status=${status}&page=1&jobsPerPage=100`,
          );
          const listed = page.body.queues.find((candidate) => candidate.name === queue)?.jobs ?? [];
          jobs += listed.length;
          const [first] = listed;
          if (status === 'latest' && first)
            await call('GET', `/admin/queues/api/queues/${queue}/${first.id}/logs`);
        }
      }
      expect(jobs).toBeGreaterThan(50);

      // Requests that fail, with secrets in their bodies and headers.
      const malformed = await call('POST', '/api/connections', {
        rawBody: `{"id":"leaky","procurify":{"clientSecret":"${planted.bodySecret}"`,
      });
      expect(malformed.status).toBe(400);
      const unsafe = await call('POST', '/api/connections', {
        body: {
          ...file,
          id: 'unsafe-tenant',
          oracle: {
            ...file.oracle,
            podUrl: 'ftp://pod.example',
            auth: { ...file.oracle.auth, clientSecret: planted.bodySecret },
          },
        },
      });
      // Even under MLC_ALLOW_INSECURE_UPSTREAMS=1 only http(s) goes: refused before anything is stored.
      expect(unsafe).toMatchObject({ status: 400, body: { error: { code: 'UNSAFE_UPSTREAM_URL' } } });
      const invalid = await call('PUT', '/api/connections/second-tenant', {
        body: {
          ...rotated,
          procurify: { ...rotated.procurify, clientSecret: planted.bodySecret },
          schedule: { intervalMinutes: -1 },
        },
      });
      expect(invalid.status).toBe(400);
      expect(
        (await call('POST', `${api}/replay`, { body: { recordIds: [planted.bodySecret] } })).status,
      ).toBe(400);
      expect(
        (await call('GET', '/api/connections', { as: { bearer: `${planted.adminToken}x` } })).status,
      ).toBe(401);
      expect((await call('GET', '/admin/queues', { as: { basic: `${planted.viewerToken}x` } })).status).toBe(
        401,
      );
      expect((await call('POST', `${api}/sync`, { as: 'viewer' })).status).toBe(403);
      expect((await call('GET', '/api/connections', { as: 'none' })).status).toBe(401);

      for (const system of ['procurify', 'oracle'] as const)
        issued.push(...p.sims[system].core.tokens.issuedTokens().map((token) => ({ system, token })));
      // Initial tokens, the ones after expiry, the admin-side test's and the CLI's.
      expect(issued.filter((token) => token.system === 'procurify').length).toBeGreaterThanOrEqual(2);
      expect(issued.filter((token) => token.system === 'oracle').length).toBeGreaterThanOrEqual(2);
      logLines.push(...admin.lines.map((line) => JSON.stringify(line)), ...admin.stderr().split('\n'));
    },
  );

  test('are in no log line of any app', () => {
    // The search looked at every app's lines, debug level included.
    expect(logLines.some((line) => line.includes('"app":"admin"') && line.includes('"msg":"request"'))).toBe(
      true,
    );
    expect(logLines.some((line) => line.includes('"level":"debug"'))).toBe(true);
    // Positive control: the search finds the canary in each app's own lines.
    const apps = ['token-service', 'poller', 'mapper', 'oracle-writer', 'procurify-writer', 'admin'];
    const linesOf = (app: string) => logLines.filter((line) => line.includes(`"app":"${app}"`));
    expect(apps.filter((app) => findLeaks(`${app} log`, linesOf(app), [canary]).length === 0)).toEqual([]);
    expect(findLeaks('log', logLines, searchedSecrets())).toEqual([]);
  });

  test('are in no Redis key or value: token cache, locks, BullMQ job data, results and errors', async ({
    redis,
  }) => {
    const dump = await dumpRedis(redis.client, redis.prefix);
    // Positive control: the search finds the canary in a key (the token cache's, whose value is
    // the sealed access token), in finished jobs' data and results, and in failed jobs.
    const withCanary = dump.filter((entry) => findLeaks('redis', [entry], [canary]).length > 0);
    expect(
      withCanary.some((entry) => entry.startsWith(`${redis.prefix}:tokens:${connectionId}:oracle hash`)),
    ).toBe(true);
    expect(withCanary.some((entry) => entry.includes('"data"') && entry.includes('"returnvalue"'))).toBe(
      true,
    );
    expect(
      withCanary.some((entry) => entry.includes('"failedReason"') && entry.includes('"stacktrace"')),
    ).toBe(true);
    expect(findLeaks('redis', dump, searchedSecrets())).toEqual([]);
  });

  test('are in no Postgres column but the sealed credentials, which decrypt to them', async ({
    database,
  }) => {
    const tables = await dumpPostgres(database.pool, { 'public.credentials': ['ciphertext'] });
    // Three connections (the one with an unsafe URL was refused), two sealed credentials each.
    expect(tables['public.connections']).toHaveLength(3);
    expect(tables['public.credentials']).toHaveLength(6);
    expect(tables['public.sync_ledger']?.length).toBeGreaterThan(50);
    // Positive control: the search finds the canary in the rows of each table that refers to a
    // connection, the credentials' other columns included.
    const referring = [
      'public.connections',
      'public.credentials',
      'public.sync_ledger',
      'public.sync_ledger_events',
      'public.master_records',
    ];
    expect(referring.filter((table) => findLeaks(table, tables[table] ?? [], [canary]).length === 0)).toEqual(
      [],
    );
    const rows = Object.entries(tables).flatMap(([table, entries]) =>
      entries.map((row) => `${table} ${row}`),
    );
    expect(findLeaks('postgres', rows, searchedSecrets())).toEqual([]);

    const { rows: sealed } = await database.pool.query<{ ciphertext: Buffer }>(
      'SELECT ciphertext FROM credentials',
    );
    const encodings = ['utf8', 'latin1', 'base64', 'hex'] as const;
    expect(
      findLeaks(
        'credentials.ciphertext',
        sealed.flatMap(({ ciphertext }) => encodings.map((encoding) => ciphertext.toString(encoding))),
        searchedSecrets(),
      ),
    ).toEqual([]);
    // …and the vault does hold them: the search looked where they would be.
    const vault = new CredentialVault(database.prisma, new KeyRing(planted.masterKey));
    // Every sealed row, including those whose update was refused (second-tenant kept the
    // rotated secret, not the one in the refused request's body).
    const expected: [string, 'procurify' | 'oracle', string][] = [
      [connectionId, 'procurify', planted.procurifySecret],
      [connectionId, 'oracle', planted.oracleSecret],
      ['second-tenant', 'procurify', planted.rotatedSecret],
      ['second-tenant', 'oracle', planted.rotatedSecret],
      ['cli-tenant', 'procurify', planted.cliSecret],
      ['cli-tenant', 'oracle', planted.oracleSecret],
    ];
    for (const [id, system, clientSecret] of expected)
      expect(await vault.load(id, system)).toMatchObject({ clientSecret });
  });

  test('are in no answer of the admin API, Bull Board, the CLI or token-service, headers included', () => {
    expect(answers.length).toBeGreaterThan(60);
    // Positive control: the search finds the canary in the admin API's answers, in Bull Board's
    // job lists (job data) and in the CLI's output.
    const answersTo = (prefix: string) => answers.filter((answer) => answer.startsWith(prefix));
    expect(findLeaks('admin API', answersTo(`GET ${api}`), [canary]).length).toBeGreaterThan(0);
    const boardJobs = answersTo('GET /admin/queues/api/queues?').filter((answer) =>
      answer.includes('"data"'),
    );
    expect(findLeaks('Bull Board', boardJobs, [canary]).length).toBeGreaterThan(0);
    expect(findLeaks('CLI', answersTo('mlc ledger'), [canary]).length).toBeGreaterThan(0);
    // token-service's probes, metrics and refusals were searched too.
    expect(answersTo('POST /internal/tokens/get → 401')).toHaveLength(3);
    expect(findLeaks('answer', answers, searchedSecrets())).toEqual([]);
  });
});
