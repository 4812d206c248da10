import type { LedgerEntity, PrismaClient } from '@mlc/db';
import type { RequisitionSnapshot } from '@mlc/mapping';
import { purchaseOrderDetailSchema } from '@mlc/procurify-client';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { alreadyInOracleAsPurchaseOrder, purchaseOrderSentAsRequisition } from './cross-mode.ts';

/**
 * The guards that keep a connection switching `poSource` from sending the same lines twice, on
 * real ledger rows: what the other flow put in Oracle is found by order-item id (requisition
 * records) or by Procurify PO id (purchase-order records).
 */

let seeded: Promise<void> | undefined;
const connectionId = 'switcher';

async function seed(prisma: PrismaClient): Promise<void> {
  await prisma.connection.create({
    data: {
      id: connectionId,
      name: 'Switcher',
      procurifySubdomain: 'switcher',
      oraclePodUrl: 'https://switcher-test.fa.us2.oraclecloud.com',
      oracleSettings: {},
      accounting: {},
      options: {},
    },
  });
  const record = (entity: LedgerEntity, sourceId: string, target: string | null, snapshot: object = {}) => ({
    connectionId,
    entity,
    sourceId,
    contentHash: `h-${entity}-${sourceId}`,
    status: target ? ('synced' as const) : ('blocked' as const),
    targetId: target ? `3000${target}` : null,
    targetNumber: target,
    sourceSnapshot: snapshot,
  });
  await prisma.ledgerRecord.createMany({
    data: [
      // Requisition 7001: Acme's lines 11 and 12 became Oracle PO REQ-1; Northwind's line 13 is blocked.
      record('requisition', '7001-v57', 'REQ-1', { lines: [{ id: 11 }, { id: 12 }] }),
      record('requisition', '7001-v58', null, { lines: [{ id: 13 }] }),
      // Procurify PO 1042 reached Oracle as PO-9 through the purchased-PO flow; PO 1043 is blocked.
      record('purchase_order', '1042', 'PO-9'),
      record('purchase_order', '1043', null),
    ],
  });
}

const withSeed = async (prisma: PrismaClient) => {
  seeded ??= seed(prisma);
  await seeded;
};

function po(id: number, lines: { id: number; orderNum: number | null }[]) {
  return purchaseOrderDetailSchema.parse({
    procurify_PO: id,
    uuid: '3f6c1b7e-2a4d-4c1e-9b7a-5d2e8f0a1c33',
    order_items: lines.map((line, index) => ({
      id: line.id,
      PO_line_num: index + 1,
      name: `Item ${line.id}`,
      sku: `SKU-${line.id}`,
      unit: 'each',
      quantity: 1,
      price: '1.00',
      orderNum: line.orderNum,
    })),
  });
}

function requisition(lines: { id: number; purchase_order: number | null }[]): RequisitionSnapshot {
  return {
    num: 7002,
    approval: 'approved',
    vendor: { id: 57 },
    lines: lines.map((line) => ({
      id: line.id,
      name: `Item ${line.id}`,
      unit: 'each',
      quantity: '1',
      price: '1.00',
      account: null,
      purchase_order: line.purchase_order,
    })),
  };
}

describe('purchaseOrderSentAsRequisition (approved_requisitions → purchase_orders)', () => {
  test('skips a PO whose every line went to Oracle from its requisition', async ({ database }) => {
    await withSeed(database.prisma);
    const outcome = await purchaseOrderSentAsRequisition(
      database.prisma,
      connectionId,
      po(1077, [
        { id: 11, orderNum: 7001 },
        { id: 12, orderNum: 7001 },
      ]),
    );
    expect(outcome).toEqual({
      kind: 'skipped',
      reason:
        'Already in Oracle as PO REQ-1, created from its approved requisition (poSource approved_requisitions); PO 1077 is not sent again',
    });
  });

  test('fails a PO only some of whose lines went to Oracle, naming both sides', async ({ database }) => {
    await withSeed(database.prisma);
    const outcome = await purchaseOrderSentAsRequisition(
      database.prisma,
      connectionId,
      po(1078, [
        { id: 12, orderNum: 7001 },
        { id: 13, orderNum: 7001 },
        { id: 14, orderNum: 7005 },
      ]),
    );
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'PARTLY_IN_ORACLE',
      reason:
        'Items 12 of PO 1078 are already in Oracle as PO REQ-1 (from their approved requisitions), items 13, 14 are not: enter those in Oracle by hand (a second PO would duplicate the others)',
    });
  });

  test('lets a PO through when no line of it reached Oracle from a requisition', async ({ database }) => {
    await withSeed(database.prisma);
    for (const lines of [
      [{ id: 13, orderNum: 7001 }], // its requisition record is blocked, not in Oracle
      [{ id: 11, orderNum: 17001 }], // another requisition number entirely
      [{ id: 11, orderNum: null }],
    ])
      expect(
        await purchaseOrderSentAsRequisition(database.prisma, connectionId, po(1079, lines)),
      ).toBeUndefined();
    expect(
      await purchaseOrderSentAsRequisition(
        database.prisma,
        'another-connection',
        po(1080, [{ id: 11, orderNum: 7001 }]),
      ),
    ).toBeUndefined();
  });
});

describe('alreadyInOracleAsPurchaseOrder (purchase_orders → approved_requisitions)', () => {
  test('skips a requisition whose every line is on a PO already in Oracle', async ({ database }) => {
    await withSeed(database.prisma);
    const outcome = await alreadyInOracleAsPurchaseOrder(
      database.prisma,
      connectionId,
      requisition([
        { id: 21, purchase_order: 1042 },
        { id: 22, purchase_order: 1042 },
      ]),
    );
    expect(outcome).toEqual({
      kind: 'skipped',
      reason:
        'Already in Oracle through the purchased-PO flow: Procurify PO 1042 (Oracle PO PO-9); requisition 7002 is not sent again',
    });
  });

  test('fails a requisition only partly on POs in Oracle; lets one through that is on none', async ({
    database,
  }) => {
    await withSeed(database.prisma);
    expect(
      await alreadyInOracleAsPurchaseOrder(
        database.prisma,
        connectionId,
        requisition([
          { id: 21, purchase_order: 1042 },
          { id: 23, purchase_order: null },
        ]),
      ),
    ).toMatchObject({
      kind: 'failed',
      code: 'PARTLY_IN_ORACLE',
      reason: expect.stringMatching(/^Items 21 of requisition 7002 .* items 23 are not/),
    });
    for (const lines of [
      [{ id: 23, purchase_order: null }],
      [{ id: 24, purchase_order: 1043 }], // that PO is blocked, not in Oracle
    ])
      expect(
        await alreadyInOracleAsPurchaseOrder(database.prisma, connectionId, requisition(lines)),
      ).toBeUndefined();
  });
});
