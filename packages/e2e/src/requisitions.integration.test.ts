import { ConnectionStore } from '@mlc/connections';
import type { PrismaClient } from '@mlc/db';
import { SimulatorControl, simulatorConnectionFile } from '@mlc/simulators';
import { test, testSecrets, until } from '@mlc/testing';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { afterAll, describe, expect } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline.ts';
import { expectedRequisitionPos, verifyRequisitions } from './verify-requisitions.ts';

/**
 * `options.poSource = "approved_requisitions"`: approved requisition lines become Oracle POs
 * (one per requisition × vendor) before a Procurify purchaser converts them. Every app runs
 * in-process against the simulators; the tests share one pipeline and build on each other.
 */

let pipeline: Pipeline | undefined;
afterAll(async () => {
  await pipeline?.close();
});

interface Created {
  record: { num: number; lines: { id: number; vendorId: number }[] };
}

const p = () => pipeline!;
const procurify = () => new SimulatorControl(p().sims.procurify.url);
const oraclePos = () => [
  ...p().sims.oracle.store.purchaseOrders.values(),
  ...p().sims.oracle.store.draftPurchaseOrders.values(),
];
const posWith = (reference: string) => oraclePos().filter((doc) => doc.row.Description?.includes(reference));

/** Procurify vendors whose Oracle supplier has a site in both business units. */
function linkedVendorIds(count: number): number[] {
  return p()
    .sims.scenario.vendors.filter(
      (vendor) => vendor.relation === 'exact' && vendor.oracle?.sites.length === 2,
    )
    .slice(0, count)
    .map((vendor) => vendor.procurify!.id);
}

/** A requisition in Seattle (US1) with a line for each vendor given (the first vendor gets two). */
async function createRequisition(vendorIds: number[], status: 'pending' | 'approved' | 'draft' = 'pending') {
  const { scenario } = p().sims;
  const department = scenario.departments.find((candidate) => candidate.locationId === 1)!;
  const [office, safety] = scenario.glAccounts;
  const lines = vendorIds.flatMap((vendorId, index) => [
    { name: `Toner ${index}`, quantity: '4', unitPrice: '50.00', vendorId, accountCodeId: office!.id },
    ...(index === 0
      ? [
          {
            name: 'Gloves',
            quantity: '10',
            unitPrice: '12.50',
            unit: 'box',
            vendorId,
            accountCodeId: safety!.id,
          },
        ]
      : []),
  ]);
  return procurify().request<Created>('POST', '/procurify/requisitions', {
    status,
    description: 'Line 3 retool',
    departmentId: department.id,
    lines,
  });
}

/** The file's database (the `database` fixture is file-scoped: the same in every test). */
let prisma: PrismaClient | undefined;
const recordsOf = (num: number) =>
  prisma!.ledgerRecord.findMany({
    where: { entity: 'requisition', sourceId: { startsWith: `${num}-v` } },
    orderBy: { sourceId: 'asc' },
  });

describe('approved requisitions become Oracle purchase orders (poSource approved_requisitions)', () => {
  test(
    'approved requisition lines arrive in Oracle exactly once per requisition × vendor; others are not sent',
    { timeout: 300_000 },
    async ({ database, redis }) => {
      prisma = database.prisma;
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { purchaseOrders: 20, bills: 0, openRequisitions: 40 },
        connection: { options: { poSource: 'approved_requisitions' } },
      });
      await pipeline.syncAndDrain();

      expect(await verifyRequisitions(database.prisma, pipeline.sims, pipeline.connectionId)).toEqual([]);
      const expected = expectedRequisitionPos(pipeline.sims);
      const synced = expected.filter((group) => group.status === 'synced');
      // The scenario exercises every path: many POs, requisitions mixing vendors, unmatched vendors.
      expect(synced.length).toBeGreaterThan(20);
      expect(expected.some((group) => group.status === 'blocked')).toBe(true);
      const perRequisition = new Map<number, number>();
      for (const group of synced) perRequisition.set(group.num, (perRequisition.get(group.num) ?? 0) + 1);
      expect([...perRequisition.values()].some((count) => count === 2)).toBe(true);
      expect(oraclePos()).toHaveLength(synced.length);

      // Pending, denied and draft requisitions are not in the ledger at all; purchased POs are not read.
      const notApproved = (pipeline.sims.scenario.openRequisitions ?? []).filter((r) => r.status !== 1);
      expect(notApproved.length).toBeGreaterThan(0);
      for (const requisition of notApproved) expect(await recordsOf(requisition.num)).toEqual([]);
      expect(
        pipeline.sims.procurify.core.counters.snapshot().routes['GET /api/v2/purchase_orders/:role/:status/'],
      ).toBeUndefined();

      // A blocked one says which vendor to link.
      const blocked = await database.prisma.ledgerRecord.findFirstOrThrow({
        where: { entity: 'requisition', status: 'blocked' },
      });
      expect(blocked.reason).toMatch(/No Oracle supplier for Procurify vendor \d+|no active purchasing site/);
    },
  );

  test('a second poll with no changes enqueues nothing and reads the requisitions list once', async ({
    database,
  }) => {
    const events = await database.prisma.ledgerEvent.count();
    p().sims.procurify.core.counters.reset();
    await p().syncAndDrain();
    expect(await database.prisma.ledgerEvent.count()).toBe(events);
    const routes = p().sims.procurify.core.counters.snapshot().routes;
    expect(routes['GET /api/v2/global/orders/']).toEqual({ count: 1, byStatus: { '200': 1 } });
    expect(routes['GET /api/v3/order-items/']).toBeUndefined();
    expect(routes['GET /api/v3/accounts/']).toBeUndefined();
  });

  test('a requisition is sent when approved, not while pending, denied or a draft; purchasing it sends nothing more', async ({
    database,
  }) => {
    const [vendorA, vendorB] = linkedVendorIds(2);
    const pending = await createRequisition([vendorA!, vendorB!]);
    const denied = await createRequisition([vendorA!]);
    await procurify().request('POST', `/procurify/requisitions/${denied.record.num}/deny`, {
      comment: 'No budget',
    });
    const draft = await createRequisition([vendorB!], 'draft');
    await p().syncAndDrain();
    for (const num of [pending.record.num, denied.record.num, draft.record.num])
      expect(await recordsOf(num)).toEqual([]);
    const before = oraclePos().length;

    await procurify().request('POST', `/procurify/requisitions/${pending.record.num}/approve`);
    await p().syncAndDrain();
    const records = await recordsOf(pending.record.num);
    expect(Object.fromEntries(records.map((record) => [record.sourceId, record.status]))).toEqual({
      [`${pending.record.num}-v${vendorA}`]: 'synced',
      [`${pending.record.num}-v${vendorB}`]: 'synced',
    });
    expect(oraclePos()).toHaveLength(before + 2);
    const [poA] = posWith(`[PRC-REQ-${pending.record.num}-${vendorA}]`);
    expect(poA?.lines.map((line) => [line.row.Quantity, line.row.Price])).toEqual([
      [4, 50],
      [10, 12.5],
    ]);
    expect(poA?.row.Description).toContain('Line 3 retool');

    // The purchaser converts it in Procurify: the PO stream is off and the requisition's content
    // did not change, so nothing is recorded or written.
    const events = await database.prisma.ledgerEvent.count();
    await procurify().request('POST', `/procurify/requisitions/${pending.record.num}/purchase`);
    await p().syncAndDrain();
    expect(oraclePos()).toHaveLength(before + 2);
    expect(await database.prisma.ledgerEvent.count()).toBe(events);
    expect(await verifyRequisitions(database.prisma, p().sims, p().connectionId)).toEqual([]);
  });

  test('a lost create response is adopted by its [PRC-REQ-…] reference, not created twice', async ({
    database,
  }) => {
    const [vendorA] = linkedVendorIds(1);
    const created = await createRequisition([vendorA!], 'approved');
    p().sims.oracle.core.faults.configure([
      { match: 'POST /fscmRestApi/resources/11.13.18.05/draftPurchaseOrders', lostResponseRate: 1, times: 1 },
    ]);
    try {
      await p().syncAndDrain();
      // The lost answer leaves the record uncertain until the write job's retry looks it up.
      await until(
        'the requisition is synced',
        async () => (await recordsOf(created.record.num))[0]?.status === 'synced',
        { timeoutMs: 60_000, intervalMs: 100 },
      );
    } finally {
      p().sims.oracle.core.faults.configure([]);
    }
    expect(p().sims.oracle.core.faults.injected.lost_response).toBe(1);
    const reference = `[PRC-REQ-${created.record.num}-${vendorA}]`;
    expect(posWith(reference)).toHaveLength(1);
    const [record] = await recordsOf(created.record.num);
    expect(record).toMatchObject({
      status: 'synced',
      targetId: String(posWith(reference)[0]!.row.POHeaderId),
    });
    const adopted = await database.prisma.ledgerEvent.count({
      where: { ledgerId: record!.id, action: 'write.adopted' },
    });
    expect(adopted).toBe(1);
    expect(await verifyRequisitions(database.prisma, p().sims, p().connectionId)).toEqual([]);
  });

  test('changes after the Oracle PO exists are flagged for a person, never sent as a second PO', async ({
    database,
  }) => {
    const [vendorA, vendorB, vendorC] = linkedVendorIds(3);
    const changed = await createRequisition([vendorA!], 'approved');
    const cancelled = await createRequisition([vendorA!], 'approved');
    const moved = await createRequisition([vendorA!, vendorB!], 'approved');
    await p().syncAndDrain();
    const before = oraclePos().length;
    const changedNums = new Set([changed.record.num, cancelled.record.num, moved.record.num]);
    expect(await verifyRequisitions(database.prisma, p().sims, p().connectionId)).toEqual([]);

    // A quantity changes; another requisition is cancelled; vendor A's lines move to vendor C.
    await procurify().request('POST', `/procurify/requisitions/${changed.record.num}/modify`, {
      lines: [{ id: changed.record.lines[0]!.id, quantity: '6' }],
    });
    await procurify().request('POST', `/procurify/requisitions/${cancelled.record.num}/cancel`);
    const linesOfA = moved.record.lines.filter((line) => line.vendorId === vendorA);
    await procurify().request('POST', `/procurify/requisitions/${moved.record.num}/modify`, {
      lines: linesOfA.map((line) => ({ id: line.id, vendorId: vendorC })),
    });
    await p().syncAndDrain();

    const [quantity] = await recordsOf(changed.record.num);
    expect(quantity).toMatchObject({
      status: 'synced',
      reason: expect.stringMatching(/changed in Procurify after Oracle PO \S+ was created .*change order/),
      details: expect.objectContaining({ attention: 'changed_after_sync' }),
    });
    const [withdrawn] = await recordsOf(cancelled.record.num);
    expect(withdrawn).toMatchObject({
      status: 'synced',
      reason: expect.stringMatching(/was cancelled in Procurify after Oracle PO \S+ was created from it/),
      details: expect.objectContaining({ attention: 'changed_after_sync' }),
    });
    const movedRecords = await recordsOf(moved.record.num);
    expect(Object.fromEntries(movedRecords.map((record) => [record.sourceId, record.status]))).toEqual({
      [`${moved.record.num}-v${vendorA}`]: 'synced',
      [`${moved.record.num}-v${vendorB}`]: 'synced',
      [`${moved.record.num}-v${vendorC}`]: 'synced',
    });
    // Vendor A's PO is flagged (its lines left); vendor C's lines are a new PO; nothing else new.
    expect(movedRecords.find((record) => record.sourceId.endsWith(`-v${vendorA}`))?.reason).toMatch(
      /no approved line for vendor \d+ any more .*cancel or change that PO in Oracle/,
    );
    expect(oraclePos()).toHaveLength(before + 1);
    expect(posWith(`[PRC-REQ-${changed.record.num}-${vendorA}]`)).toHaveLength(1);
    expect(posWith(`[PRC-REQ-${cancelled.record.num}-${vendorA}]`)).toHaveLength(1);
    expect(
      await verifyRequisitions(database.prisma, p().sims, p().connectionId, { except: changedNums }),
    ).toEqual([]);
  });

  test('switching to purchased POs never re-sends what requisitions already put in Oracle', async ({
    database,
  }) => {
    const before = oraclePos().length;
    // The operator switches the connection's poSource; the next poll reads purchased POs instead.
    const store = new ConnectionStore(database.prisma, { allowInsecureUpstreams: true });
    const vault = new CredentialVault(database.prisma, new KeyRing(testSecrets.MLC_MASTER_KEY));
    await store.save(
      simulatorConnectionFile(p().sims, {
        id: p().connectionId,
        options: { oracleRequestsPerSecond: 500, maxInFlightWrites: 16, poSource: 'purchase_orders' },
      }),
      vault,
    );
    await p().syncAndDrain();

    const purchaseOrders = await database.prisma.ledgerRecord.findMany({
      where: { entity: 'purchase_order' },
    });
    // The scenario's 20 POs (whose requisitions were sent in the first test) and the 2 a purchaser made.
    expect(purchaseOrders.length).toBe(22);
    const skipped = purchaseOrders.filter((record) => record.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(15);
    for (const record of skipped)
      expect(record.reason).toMatch(/^Already in Oracle as PO \S+, created from its approved requisition/);
    // Those whose requisitions were blocked (no Oracle supplier) are blocked the same way; none is synced.
    expect(purchaseOrders.filter((record) => !['skipped', 'blocked'].includes(record.status))).toEqual([]);
    expect(oraclePos()).toHaveLength(before);
  });
});
