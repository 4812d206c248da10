import { test } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import { runCli } from './cli.ts';
import { chargeAccount, expectedOutbound } from './expectations.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';
import { verifyOutbound } from './verify-outbound.ts';

let pipeline: Pipeline | undefined;
/** Vendor links the operator sets in the second test (vendor key → key of the linked supplier). */
const links = new Map<string, string>();
afterAll(async () => {
  await pipeline?.close();
});

describe('outbound sync: Procurify POs and bills become Oracle POs and invoices', () => {
  test(
    '200 POs and 200 bills arrive exactly once with the right lines, amounts, accounts, suppliers and descriptions',
    { timeout: 300_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 11, purchaseOrders: 200, bills: 200 },
      });
      await pipeline.syncAndDrain();

      expect(await verifyOutbound(database.prisma, pipeline.sims, pipeline.connectionId)).toEqual([]);
      const expected = expectedOutbound(pipeline.sims.scenario);
      const syncedPos = [...expected.purchaseOrders.values()].filter(
        (entry) => entry.status === 'synced',
      ).length;
      const syncedBills = [...expected.bills.values()].filter((entry) => entry.status === 'synced').length;
      // The scenario has blocked and skipped records too, so this run exercises every path.
      expect(syncedPos).toBeGreaterThan(150);
      expect(syncedBills).toBeGreaterThan(100);
      expect([...expected.bills.values()].some((entry) => entry.status === 'skipped')).toBe(true);
      expect([...expected.purchaseOrders.values()].some((entry) => entry.status === 'blocked')).toBe(true);
      expect(pipeline.sims.oracle.store.purchaseOrders.size).toBe(syncedPos);
      expect(pipeline.sims.oracle.store.invoices.size).toBe(syncedBills);

      // Bills that are not approved are not sent, and the ledger says why.
      const draft = [...expected.bills.entries()].find(([, entry]) => entry.bill.status === 0)!;
      const record = await database.prisma.ledgerRecord.findFirstOrThrow({
        where: { entity: 'bill', sourceId: draft[0] },
      });
      expect(record).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/Draft/) });
    },
  );

  test('unmatched vendors are blocked with ranked suggestions; after `mlc mapping set` they sync, without duplicates', async ({
    database,
  }) => {
    const p = pipeline!;
    const blocked = await database.prisma.ledgerRecord.findMany({
      where: {
        status: 'blocked',
        blockedOn: {
          hasSome: p.sims.scenario.vendors
            .filter((v) => v.relation === 'procurify_only')
            .map((v) => `vendor:${v.procurify!.id}`),
        },
      },
    });
    expect(blocked.length).toBeGreaterThan(0);
    for (const record of blocked) {
      expect(record.reason).toMatch(/No Oracle supplier for Procurify vendor \d+/);
      expect(record.reason).toMatch(/mlc mapping set/);
    }
    // "Bluewater Logistics Group" has a near miss in Oracle: "Bluewater Logistics Holdings Inc."
    const nearMiss = p.sims.scenario.vendors.find(
      (v) =>
        v.relation === 'procurify_only' &&
        p.sims.scenario.vendors.some((o) =>
          o.oracle?.name.startsWith(v.procurify!.name.replace(/ Group$/, '')),
        ),
    );
    const withSuggestions = blocked.find((record) =>
      record.blockedOn.includes(`vendor:${nearMiss!.procurify!.id}`),
    );
    if (withSuggestions) {
      const suggestions = (withSuggestions.details as { suggestions: { name: string; score: number }[] })
        .suggestions;
      expect(suggestions.length).toBeGreaterThan(0);
      expect(suggestions.length).toBeLessThanOrEqual(3);
      expect(suggestions[0]!.name).toMatch(/Holdings/);
    }

    // The operator links each blocked vendor to the supplier Oracle has for it (a US supplier).
    const target = p.sims.scenario.vendors.find((v) => v.oracle && v.oracle.sites.length === 2)!;
    const keyOfVendorId = new Map(
      p.sims.scenario.vendors.filter((v) => v.procurify).map((v) => [String(v.procurify!.id), v.key]),
    );
    const vendorIds = [
      ...new Set(
        blocked.flatMap((record) =>
          record.blockedOn.filter((key) => key.startsWith('vendor:')).map((key) => key.slice(7)),
        ),
      ),
    ];
    for (const vendorId of vendorIds) {
      const result = await runCli(
        ['mapping', 'set', p.connectionId, 'vendor', vendorId, target.oracle!.supplierNumber],
        { DATABASE_URL: database.url },
      );
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/re-queued [1-9]\d* blocked record/);
      links.set(keyOfVendorId.get(vendorId)!, target.key);
    }
    await p.drain();
    const ids = blocked.map((record) => record.id);
    const after = await database.prisma.ledgerRecord.findMany({ where: { id: { in: ids } } });
    expect(
      after
        .filter((record) => record.status !== 'synced')
        .map((record) => `${record.sourceId}: ${record.status} ${record.reason}`),
    ).toEqual([]);
    const invoiceNumbers = [...p.sims.oracle.store.invoices.values()].map(
      (doc) => `${doc.row.SupplierNumber}:${doc.row.InvoiceNumber}`,
    );
    expect(new Set(invoiceNumbers).size).toBe(invoiceNumbers.length);
    const references = [...p.sims.oracle.store.purchaseOrders.values()].map(
      (doc) => /\[PRC-PO-\d+\]/.exec(doc.row.Description ?? '')?.[0],
    );
    expect(new Set(references).size).toBe(references.length);
    expect(await verifyOutbound(database.prisma, p.sims, p.connectionId, { links })).toEqual([]);
  });

  test('a second poll with no changes enqueues nothing and makes one request per stream', async ({
    database,
  }) => {
    const p = pipeline!;
    const eventsBefore = await database.prisma.ledgerEvent.count();
    p.sims.procurify.core.counters.reset();
    p.sims.oracle.core.counters.reset();
    await p.syncAndDrain();
    expect(await database.prisma.ledgerEvent.count()).toBe(eventsBefore);
    expect(p.sims.procurify.core.counters.snapshot().routes).toEqual({
      'GET /api/v2/purchase_orders/:role/:status/': { count: 1, byStatus: { '200': 1 } },
      'GET /api/v3/ap/bills/': { count: 1, byStatus: { '200': 1 } },
      'GET /api/v2/locations/': { count: 1, byStatus: { '200': 1 } },
      // Master data (full scans): vendors, account codes, departments.
      'GET /api/v3/vendors/': { count: 1, byStatus: { '200': 1 } },
      'GET /api/v3/account-codes/': { count: 1, byStatus: { '200': 1 } },
      'GET /api/v3/departments/': { count: 1, byStatus: { '200': 1 } },
    });
    const oracleRoutes = p.sims.oracle.core.counters.snapshot().routes;
    expect(
      Object.fromEntries(Object.entries(oracleRoutes).map(([route, count]) => [route, count.count])),
    ).toEqual({
      'GET /fscmRestApi/resources/11.13.18.05/suppliers': 1,
      'GET /fscmRestApi/resources/11.13.18.05/accountCombinationsLOV': 1,
      'GET /fscmRestApi/resources/11.13.18.05/finBusinessUnitsLOV': 1,
      'GET /fscmRestApi/resources/11.13.18.05/procurementBusinessUnitsLOV': 1,
      // Payment status (paymentsSource "oracle"): invoices and payments changed since the cursor.
      'GET /fscmRestApi/resources/11.13.18.05/invoices': 1,
      'GET /fscmRestApi/resources/11.13.18.05/payablesPayments': 1,
    });
  });

  test('a record Oracle rejects is failed with Oracle’s words; `mlc replay` after the fix syncs it once, never twice', async ({
    database,
  }) => {
    const p = pipeline!;
    const store = p.sims.oracle.store;
    // A draft bill gets approved in Procurify, and Oracle meanwhile disabled its charge account.
    const [sourceId, { bill }] = [...expectedOutbound(p.sims.scenario).bills.entries()].find(
      ([, entry]) =>
        entry.bill.status === 0 &&
        p.sims.scenario.vendors.find((v) => v.key === entry.bill.vendorKey)?.oracle?.sites.length === 2,
    )!;
    const allocation = bill.items[0]!.allocations[0]!;
    const combination = chargeAccount(p.sims.scenario, allocation.departmentId, allocation.glAccountId);
    const control = async (system: 'procurify' | 'oracle', method: string, path: string, body?: unknown) => {
      const response = await fetch(`${p.sims[system].url}/_sim/${system}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (response.status >= 300)
        throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    };
    await control('oracle', 'PATCH', `/account-combinations/${combination}`, { enabled: false });
    await control('procurify', 'POST', `/bills/${bill.id}/approve`, {});
    const invoicesBefore = store.invoices.size;
    await p.syncAndDrain();
    const failed = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { entity: 'bill', sourceId },
    });
    expect(failed).toMatchObject({
      status: 'failed',
      errorClass: 'permanent',
      reason: expect.stringContaining(combination),
    });
    expect(store.invoices.size).toBe(invoicesBefore);

    // Finance re-enables the account; the operator replays the failed records.
    await control('oracle', 'PATCH', `/account-combinations/${combination}`, { enabled: true });
    const replay = await runCli(['replay', p.connectionId, '--status', 'failed', '--json'], {
      DATABASE_URL: database.url,
    });
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ requeued: 1 });
    await p.drain();
    const synced = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { entity: 'bill', sourceId },
    });
    expect(synced).toMatchObject({ status: 'synced', replays: 1 });
    expect(store.invoices.size).toBe(invoicesBefore + 1);
    // Replaying everything replayable again re-evaluates the blocked records (still blocked) and creates nothing.
    const stillBlocked = await database.prisma.ledgerRecord.count({
      where: { connectionId: p.connectionId, status: 'blocked' },
    });
    const again = await runCli(['replay', p.connectionId, '--json'], { DATABASE_URL: database.url });
    expect(JSON.parse(again.stdout)).toMatchObject({ requeued: stillBlocked });
    await p.drain();
    expect(store.invoices.size).toBe(invoicesBefore + 1);
    expect(
      await database.prisma.ledgerRecord.count({
        where: { connectionId: p.connectionId, status: 'blocked' },
      }),
    ).toBe(stillBlocked);
    const numbers = [...store.invoices.values()].map(
      (doc) => `${doc.row.SupplierNumber}:${doc.row.InvoiceNumber}`,
    );
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
