#!/usr/bin/env node
// `pnpm demo`: the whole connector on the built-in simulators, narrated. See README "Quick start".
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { activeStreams, ConnectionStore } from '@mlc/connections';
import { createDatabase, type LedgerEntity, type PrismaClient } from '@mlc/db';
import { Ledger, Mappings } from '@mlc/ledger';
import { createRedis, enqueuePollRun, openQueue, pollQueue } from '@mlc/queues';
import {
  simulatorCategoryMappings,
  simulatorConnectionFile,
  simulatorLocationMappings,
  startSimulators,
  type RunningSimulators,
} from '@mlc/simulators';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { describeEntity, inFlight, ledgerCounts, table, entityLabels } from './narrator.ts';
import { clearRedisPrefix, DemoError, prepareServices } from './preflight.ts';
import { appNames, freePort, startApp, type RunningApp } from './processes.ts';

const { values: args } = parseArgs({
  options: {
    'exit-after-summary': { type: 'boolean', default: false },
    'purchase-orders': { type: 'string', default: '40' },
    bills: { type: 'string', default: '40' },
    seed: { type: 'string', default: '3' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: pnpm demo [--purchase-orders N] [--bills N] [--seed N] [--exit-after-summary]

Runs every ml-connector app against the built-in Procurify and Oracle simulators and narrates a
sync: purchase orders and bills reaching Oracle, a blocked vendor being linked, payments flowing
back. Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL; defaults: local). Ctrl-C stops it.`);
  process.exit(0);
}

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
const say = (line = '') => console.log(line);
const step = (line: string) => say(`\n▸ ${line}  [${elapsed()}]`);
const ok = (line: string) => say(`  ✓ ${line}`);
const note = (line: string) => say(`    ${line}`);

const connectionId = 'cascade-fab';
const redisPrefix = `mlc-demo-${randomBytes(3).toString('hex')}`;
const apps: RunningApp[] = [];
let sims: RunningSimulators | undefined;
let closeDatabase: (() => Promise<void>) | undefined;
let closeQueues: (() => Promise<void>) | undefined;
let redisUrlInUse: string | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  say('\n▸ Stopping…');
  await Promise.all(apps.map((app) => app.stop(20_000)));
  await closeQueues?.().catch(() => undefined);
  await closeDatabase?.().catch(() => undefined);
  await sims?.close().catch(() => undefined);
  if (redisUrlInUse) await clearRedisPrefix(redisUrlInUse, redisPrefix).catch(() => undefined);
  say(code === 0 ? '  ✓ every app stopped cleanly; simulators closed.' : '  stopped.');
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; onTick?: () => Promise<void> },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new DemoError(`timed out waiting until ${what} (see .demo/logs/)`);
    await options.onTick?.();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function main(): Promise<void> {
  say('ml-connector demo: Procurify ⇄ Oracle Fusion on the built-in simulators');

  step('Checking PostgreSQL and Redis');
  const services = await prepareServices(process.env);
  redisUrlInUse = services.redisUrl;
  ok(`PostgreSQL: fresh database ${services.databaseName}, ${services.migrations} migrations applied`);
  ok(`Redis: ${services.redisUrl} (keys under ${redisPrefix}, removed on exit)`);

  step('Starting the simulators');
  sims = await startSimulators({
    seed: Number(args.seed),
    purchaseOrders: Number(args['purchase-orders']),
    bills: Number(args.bills),
    procurifyPort: await freePort(4010),
    oraclePort: await freePort(4020),
  });
  const { scenario } = sims;
  ok(`Procurify (${scenario.company.name}): ${sims.procurify.url}`);
  note(scenario.locations.map((location) => location.name).join(', '));
  note(
    `${scenario.purchaseOrders.length} purchased POs, ${scenario.bills.length} bills, ${scenario.vendors.length} vendors`,
  );
  ok(`Oracle Fusion pod: ${sims.oracle.url}/fscmRestApi/resources/11.13.18.05`);

  step('Starting every app, each in its own process');
  const secrets = {
    MLC_MASTER_KEY: randomBytes(32).toString('base64'),
    INTERNAL_TOKEN: randomBytes(24).toString('base64url'),
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    ADMIN_VIEWER_TOKEN: randomBytes(24).toString('base64url'),
  };
  const tokenPort = await freePort(3001);
  const adminPort = await freePort(Number(process.env['ADMIN_PORT'] ?? 3000));
  const logDir = join(repoRoot, '.demo', 'logs');
  mkdirSync(logDir, { recursive: true });
  const env: Record<string, string> = {
    ...secrets,
    NODE_ENV: 'development',
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    MLC_REDIS_PREFIX: redisPrefix,
    MLC_ALLOW_INSECURE_UPSTREAMS: '1',
    TOKEN_SERVICE_PORT: String(tokenPort),
    TOKEN_SERVICE_URL: `http://127.0.0.1:${tokenPort}`,
    ADMIN_PORT: String(adminPort),
    OPS_PORT: '0',
  };
  apps.push(await startApp(repoRoot, 'token-service', env, join(logDir, 'token-service.log')));
  const others = await Promise.allSettled(
    appNames
      .filter((name) => name !== 'token-service')
      .map((name) => startApp(repoRoot, name, env, join(logDir, `${name}.log`))),
  );
  for (const result of others) if (result.status === 'fulfilled') apps.push(result.value);
  const failed = others.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  ok(apps.map((app) => `${app.name} (pid ${app.process.pid})`).join(', '));
  note('logs: .demo/logs/<app>.log');

  const database = createDatabase({
    url: services.databaseUrl,
    poolSize: 3,
    connectTimeoutMs: 5_000,
    statementTimeoutMs: 30_000,
    applicationName: 'mlc-demo',
  });
  closeDatabase = () => database.close();
  const prisma: PrismaClient = database.prisma;
  const producer = createRedis(services.redisUrl, 'client', 'mlc-demo');
  const polls = openQueue(pollQueue, { connection: producer, prefix: redisPrefix });
  closeQueues = async () => {
    await polls.close();
    producer.disconnect();
  };

  step('Registering the connection (credentials encrypted with this run’s master key)');
  const store = new ConnectionStore(prisma, { allowInsecureUpstreams: true });
  const vault = new CredentialVault(prisma, new KeyRing(secrets.MLC_MASTER_KEY));
  const file = simulatorConnectionFile(sims, { id: connectionId });
  await store.save(file, vault);
  const ledger = new Ledger(prisma);
  const mappings = new Mappings(prisma, ledger);
  for (const mapping of [...simulatorLocationMappings(scenario), ...simulatorCategoryMappings(scenario)])
    await mappings.setDimension(connectionId, mapping);
  ok(`${file.name}: ${file.id}`);
  note(
    `as a finance team would before going live: ${scenario.locations.length} locations → Oracle business units, ${scenario.glAccounts.length} GL accounts → purchasing categories`,
  );

  const syncNow = async (label: string) => {
    const settings = await store.settings(connectionId);
    const runId = `demo${Date.now().toString(36)}`;
    const ids = await enqueuePollRun(polls, {
      connectionId,
      streams: activeStreams(settings).map((stream) => stream.name),
      runId,
    });
    let last = '';
    let lastAt = 0;
    const progress = async (force = false) => {
      if (!force && Date.now() - lastAt < 2_000) return;
      const counts = await ledgerCounts(prisma, connectionId);
      const line = [...counts.entries()]
        .filter(
          ([entity]) => entity === 'purchase_order' || entity === 'bill' || entity === 'invoice_payment',
        )
        .map(([entity, byStatus]) => describeEntity(entity, byStatus))
        .join('  |  ');
      if (line && line !== last) {
        note(`${elapsed().padStart(6)}  ${line}`);
        last = line;
        lastAt = Date.now();
      }
    };
    await waitFor(
      `${label} has drained`,
      async () => {
        const states = await Promise.all(ids.map(async (id) => (await polls.getJob(id))?.getState()));
        if (!states.every((state) => state === 'completed' || state === 'failed')) return false;
        const [counts, outbox] = await Promise.all([
          ledgerCounts(prisma, connectionId),
          prisma.outboxMessage.count(),
        ]);
        return inFlight(counts) === 0 && outbox === 0;
      },
      { timeoutMs: 120_000, onTick: () => progress() },
    );
    await progress(true);
  };

  step('Sync now: polling both systems (only changes; here, everything is new)');
  await syncNow('the first sync');
  const counts = await ledgerCounts(prisma, connectionId);
  for (const entity of ['purchase_order', 'bill'] as LedgerEntity[]) {
    const byStatus = counts.get(entity);
    if (byStatus) ok(describeEntity(entity, byStatus));
  }
  const samplePo = await prisma.ledgerRecord.findFirst({
    where: { connectionId, entity: 'purchase_order', status: 'synced' },
    orderBy: { syncedAt: 'asc' },
  });
  if (samplePo)
    note(
      `e.g. Procurify PO ${samplePo.sourceNumber ?? samplePo.sourceId} → Oracle PO ${samplePo.targetNumber}`,
    );
  const sampleBill = await prisma.ledgerRecord.findFirst({
    where: { connectionId, entity: 'bill', status: 'synced' },
    orderBy: { syncedAt: 'asc' },
  });
  if (sampleBill)
    note(
      `e.g. Procurify bill ${sampleBill.sourceNumber ?? sampleBill.sourceId} → Payables invoice ${sampleBill.targetNumber} (id ${sampleBill.targetId})`,
    );

  step('A blocked vendor, and how an operator links it');
  const blockedOnVendor = await prisma.ledgerRecord.findMany({
    where: { connectionId, status: 'blocked', blockedOn: { isEmpty: false } },
    select: { blockedOn: true, reason: true, details: true },
  });
  interface Suggestion {
    supplierId: string;
    supplierNumber: string;
    name: string;
    score: number;
  }
  const byVendor = new Map<string, { count: number; reason: string | null; best?: Suggestion }>();
  for (const record of blockedOnVendor) {
    const key = record.blockedOn.find((candidate) => candidate.startsWith('vendor:'));
    if (!key) continue;
    const entry = byVendor.get(key) ?? { count: 0, reason: record.reason };
    entry.count += 1;
    const [best] = ((record.details as { suggestions?: Suggestion[] } | null)?.suggestions ?? []).toSorted(
      (a, b) => b.score - a.score,
    );
    if (best) entry.best = best;
    byVendor.set(key, entry);
  }
  const [blockedVendor] = [...byVendor.entries()].toSorted((a, b) => b[1].count - a[1].count);
  if (!blockedVendor) {
    ok('no record waits for a vendor link in this scenario');
  } else {
    const [key, entry] = blockedVendor;
    const vendorId = key.slice('vendor:'.length);
    const vendor = scenario.vendors.find((candidate) => String(candidate.procurify?.id) === vendorId);
    const vendorName = vendor?.procurify?.name ?? `vendor ${vendorId}`;
    note(`${entry.count} record(s) wait on Procurify vendor ${vendorId} “${vendorName}”:`);
    note(`“${entry.reason}”`);
    let supplier: { id: string; number: string; name: string };
    if (entry.best && entry.best.score >= 0.7) {
      supplier = { id: entry.best.supplierId, number: entry.best.supplierNumber, name: entry.best.name };
      note(
        `The operator checks the closest supplier, “${supplier.name}”, and confirms it is the same company.`,
      );
    } else {
      // What the AP team does in Oracle: the supplier exists under its legal name, with a site in the BU.
      const legalName = `${vendorName.replace(/[.,]/g, '')} Holdings Ltd`;
      const created = (await (
        await fetch(`${sims.oracle.url}/_sim/oracle/suppliers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: legalName }),
        })
      ).json()) as { SupplierId: number | string; SupplierNumber: string };
      for (const businessUnit of new Set(scenario.locations.map((location) => location.businessUnit))) {
        await fetch(`${sims.oracle.url}/_sim/oracle/suppliers/${created.SupplierId}/sites`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            siteCode: `${businessUnit.split(' ')[0]}-MAIN`,
            procurementBU: businessUnit,
            purchasing: true,
            pay: true,
          }),
        });
      }
      supplier = { id: String(created.SupplierId), number: created.SupplierNumber, name: legalName };
      note(`Oracle AP sets the supplier up under its legal name: “${legalName}” (${created.SupplierNumber})`);
      await syncNow('the supplier sync');
    }
    note('The operator links the two (by id: later renames on either side keep the link):');
    note(`  pnpm mlc mapping set ${connectionId} vendor ${vendorId} ${supplier.number}`);
    const { requeued } = await mappings.setVendorLink(connectionId, {
      procurifyVendorId: vendorId,
      procurifyVendorName: vendorName,
      oracleSupplierId: supplier.id,
      oracleSupplierNumber: supplier.number,
      oracleSupplierName: supplier.name,
    });
    await waitFor(
      'the unblocked records are written',
      async () =>
        inFlight(await ledgerCounts(prisma, connectionId)) === 0 &&
        (await prisma.outboxMessage.count()) === 0,
      { timeoutMs: 60_000 },
    );
    const nowSynced = await prisma.ledgerRecord.count({
      where: {
        connectionId,
        status: 'synced',
        details: { path: ['supplierNumber'], equals: supplier.number },
      },
    });
    ok(
      `${requeued} record(s) re-queued at once; ${nowSynced} now in Oracle under supplier ${supplier.number}`,
    );
  }
  const otherBlocked = await prisma.ledgerRecord.count({ where: { connectionId, status: 'blocked' } });
  if (otherBlocked > 0)
    note(
      `${otherBlocked} record(s) still wait for a person (e.g. a supplier without a site in the BU): pnpm mlc ledger ${connectionId} --status blocked`,
    );

  step('Oracle pays invoices; payment status flows back to Procurify');
  const invoices = await prisma.ledgerRecord.findMany({
    where: { connectionId, entity: 'bill', status: 'synced', targetId: { not: null } },
    orderBy: { syncedAt: 'asc' },
    take: 6,
  });
  const paid: string[] = [];
  let partial: string | undefined;
  for (const [index, invoice] of invoices.entries()) {
    const amount = Number(
      (invoice.mappedPayload as { InvoiceAmount?: number | string } | null)?.InvoiceAmount ?? 0,
    );
    const partialPayment = index === invoices.length - 1 && amount > 1;
    const response = await fetch(`${sims.oracle.url}/_sim/oracle/invoices/${invoice.targetId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(partialPayment ? { amount: Math.floor(amount / 2) } : {}),
    });
    if (!response.ok) continue;
    if (partialPayment) partial = invoice.targetNumber ?? invoice.targetId ?? undefined;
    else paid.push(invoice.targetNumber ?? invoice.targetId ?? '');
  }
  note(`Oracle AP pays ${paid.length} invoice(s) in full${partial ? ` and invoice ${partial} in part` : ''}`);
  await syncNow('the payment sync');
  const statusCounts = (await ledgerCounts(prisma, connectionId)).get('invoice_payment');
  if (statusCounts) {
    ok(describeEntity('invoice_payment', statusCounts));
    const marked = await prisma.ledgerRecord.findMany({
      where: { connectionId, entity: 'invoice_payment', status: 'synced' },
      select: { reason: true, targetNumber: true, targetId: true },
      take: 3,
    });
    for (const record of marked)
      note(`Procurify bill ${record.targetNumber ?? record.targetId} shows Paid (read back)`);
    const recorded = await prisma.ledgerRecord.findFirst({
      where: { connectionId, entity: 'invoice_payment', status: { not: 'synced' }, reason: { not: null } },
      select: { reason: true },
    });
    if (recorded?.reason) note(`recorded, not forced: “${recorded.reason}”`);
  } else {
    note('(this build has no payment-status stream yet)');
  }

  step(`Summary (${elapsed()})`);
  const final = await ledgerCounts(prisma, connectionId);
  const statuses = ['synced', 'blocked', 'failed', 'uncertain', 'skipped'] as const;
  say(
    table(
      ['records', ...statuses],
      [...final.entries()].map(([entity, byStatus]) => [
        entityLabels[entity] ?? entity,
        ...statuses.map((status) => byStatus.get(status) ?? 0),
      ]),
    )
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  const oracleSummary = (await (await fetch(`${sims.oracle.url}/_sim/oracle/summary`)).json()) as Record<
    string,
    unknown
  >;
  note(`Oracle now holds: ${JSON.stringify(oracleSummary)}`);
  say(`
  Bull Board  http://127.0.0.1:${adminPort}/admin/queues   (user: anything, password: the admin token)
  Admin API   http://127.0.0.1:${adminPort}/api/connections   (Authorization: Bearer <admin token>)
  Metrics     http://127.0.0.1:${adminPort}/metrics
  Admin token ${secrets.ADMIN_TOKEN}   (read-only viewer token: ${secrets.ADMIN_VIEWER_TOKEN})
  CLI         DATABASE_URL=${services.databaseUrl} REDIS_URL=${services.redisUrl} MLC_REDIS_PREFIX=${redisPrefix} \\
              TOKEN_SERVICE_URL=http://127.0.0.1:${tokenPort} INTERNAL_TOKEN=${secrets.INTERNAL_TOKEN} pnpm mlc ledger ${connectionId}
  (tokens of this run only; everything stops with Ctrl-C)`);

  if (args['exit-after-summary']) await shutdown(0);
  say('\nRunning. Press Ctrl-C to stop.');
  for (const app of apps)
    void app.exited.then((code) => {
      if (!stopping) {
        console.error(`${app.name} exited unexpectedly (code ${code}); see ${app.logFile}`);
        void shutdown(1);
      }
    });
}

main().catch(async (error: unknown) => {
  console.error(
    `\n✗ ${error instanceof DemoError ? error.message : ((error as Error).stack ?? String(error))}`,
  );
  await shutdown(1);
});
