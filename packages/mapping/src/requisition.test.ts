import {
  budgetAccountSchema,
  orderItemSchema,
  requisitionSchema,
  vendorSchema,
  type ProcurifyOrderItem,
} from '@mlc/procurify-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash.ts';
import { acmeDimensions, acmeSupplier, designAccounting, usBU } from './fixtures/oracle.fixtures.ts';
import {
  requisitionAccounts,
  requisitionItems,
  requisitionOrder,
  requisitionVendors,
} from './fixtures/requisition.fixtures.ts';
import type { MapOutcome } from './outcome.ts';
import type { OracleDraftPurchaseOrder, PoMappingContext } from './purchase-order.ts';
import {
  buildRequisitionSnapshots,
  excludedRequisitionLineStatuses,
  mapRequisition,
  requisitionApproval,
  requisitionHashIgnoredKeys,
  requisitionLineNumbers,
  requisitionReference,
  requisitionReferenceOf,
  requisitionSourceId,
  type RequisitionSnapshot,
} from './requisition.ts';

const categories: Record<string, string> = {
  '6100': 'Office Supplies',
  '6200': 'Safety Equipment',
  '6400': 'Professional Services',
};

function context(overrides: Partial<PoMappingContext> = {}): PoMappingContext {
  return {
    procurementBU: usBU,
    accounting: designAccounting,
    options: { unitMap: {}, poReference: { field: 'description' } },
    supplier: acmeSupplier(),
    preferredSite: null,
    dimension: acmeDimensions,
    categoryFor: (code) => categories[code],
    ...overrides,
  };
}

type RawOrder = ReturnType<typeof requisitionOrder>;
type RawItem = ReturnType<typeof requisitionItems>[number];

/** The fixtures as the poller reads them (parsed by the client's schemas), turned into snapshots. */
function snapshots(
  change: { order?: (raw: RawOrder) => void; items?: (raw: RawItem[]) => void } = {},
): RequisitionSnapshot[] {
  const order = requisitionOrder();
  change.order?.(order);
  const items = requisitionItems();
  change.items?.(items);
  const accounts = new Map(
    requisitionAccounts().map((row) => [row.id, budgetAccountSchema.parse(row)] as const),
  );
  const vendors = new Map(requisitionVendors().map((row) => [row.id, vendorSchema.parse(row)] as const));
  return buildRequisitionSnapshots(
    requisitionSchema.parse(order),
    items.map((item) => orderItemSchema.parse(item)),
    { account: (id) => accounts.get(id), vendor: (id) => vendors.get(id) },
  );
}

const acmeSnapshot = (change?: Parameters<typeof snapshots>[0]) =>
  snapshots(change).find((snapshot) => snapshot.vendor?.id === 57)!;

function mapped(outcome: MapOutcome<OracleDraftPurchaseOrder>): OracleDraftPurchaseOrder {
  if (outcome.kind !== 'mapped') throw new Error(`expected mapped, got ${JSON.stringify(outcome)}`);
  return outcome.payload;
}

const hashOf = (snapshot: RequisitionSnapshot) => contentHash(snapshot, requisitionHashIgnoredKeys);

describe('requisition keys', () => {
  it.each([
    [7001, 57, '7001-v57', '[PRC-REQ-7001-57]'],
    ['42', '9', '42-v9', '[PRC-REQ-42-9]'],
    [42, null, '42-v0', '[PRC-REQ-42-0]'],
  ])('%j × vendor %j → %s, %s', (num, vendor, sourceId, reference) => {
    expect(requisitionSourceId(num, vendor)).toBe(sourceId);
    expect(requisitionReference(num, vendor)).toBe(reference);
    expect(requisitionReferenceOf(sourceId)).toBe(reference);
  });

  it('never names another requisition × vendor or a purchased PO inside its reference', () => {
    // The writer finds the Oracle PO by `Description LIKE '%{reference}%'`.
    expect(requisitionReference(7001, 57)).not.toContain(requisitionReference(7001, 5));
    expect(requisitionReference(17001, 57)).not.toContain(requisitionReference(7001, 57));
    expect(requisitionReference(7001, 57)).not.toContain('[PRC-PO-');
    expect(() => requisitionReferenceOf('7001')).toThrow(/Not a requisition source id/);
  });

  it.each([
    [1, 'approved'],
    [3, 'approved'],
    [5, 'approved'],
    [0, 'pending'],
    [2, 'denied'],
    [4, 'cancelled'],
    [6, 'draft'],
    [undefined, 'unknown'],
  ] as const)('OrderStatusEnum %j is %s', (status, approval) => {
    expect(requisitionApproval(status)).toBe(approval);
  });
});

describe('buildRequisitionSnapshots: requisition 7001 from the spec-shaped fixtures', () => {
  it('makes one snapshot per vendor, lines in id order, accounts and vendor terms resolved, rejected lines left out', () => {
    const [acme, northwind] = snapshots();
    expect(snapshots().map((snapshot) => snapshot.vendor?.id)).toEqual([57, 58]);
    expect(acme).toMatchObject({
      num: 7001,
      status: 1,
      approval: 'approved',
      description: 'Q2 printer supplies',
      dateRequired: '2025-04-01T00:00:00Z',
      branch: { id: 1, name: 'HQ', external_id: 'SEA' },
      requester: { id: 12, name: 'Dana Okafor' },
      currency: { id: 3, name: 'USD' },
      vendor: { id: 57, name: 'Acme Supply', external_id: '1253', payment_terms: 'Net 30' },
    });
    expect(
      acme!.lines.map((line) => [line.id, line.quantity, line.price, line.account?.account_code.code]),
    ).toEqual([
      [9911, '4', '50.00000000', '6100'],
      [9913, '0.5', '40.00000000', '6400'],
    ]);
    expect(northwind).toMatchObject({
      vendor: { id: 58, name: 'Northwind Safety', external_id: null, payment_terms: null },
      lines: [{ id: 9912, unit: 'box', lineComment: 'Size L', account: { department: { id: 6 } } }],
    });
  });

  it('names the vendor from the item when the vendor lookup has nothing, and groups vendor-less lines apart', () => {
    const built = buildRequisitionSnapshots(
      requisitionSchema.parse(requisitionOrder()),
      requisitionItems().map((item, index) =>
        orderItemSchema.parse(index === 0 ? { ...item, pref_vendor: null } : item),
      ),
      { account: () => undefined, vendor: () => undefined },
    );
    // Groups come in the order of their first line (by id): 9911 is Acme's, 9912 has no vendor.
    expect(built.map((snapshot) => snapshot.vendor)).toEqual([
      { id: 57, name: 'Acme Supply', external_id: null, payment_terms: null },
      null,
    ]);
  });

  it('partitions the wanted lines by vendor, whatever the statuses and vendors (property)', () => {
    const base = requisitionItems()[1]!;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            vendor: fc.constantFrom(57, 58, 59),
            status: fc.constantFrom(null, 0, 1, 2, 3, 4, 5, 6, 7, 8),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (specs) => {
          const items: ProcurifyOrderItem[] = specs.map((spec, index) =>
            orderItemSchema.parse({
              ...base,
              id: 100 + index,
              pref_vendor: spec.vendor,
              status: spec.status,
            }),
          );
          const built = buildRequisitionSnapshots(requisitionSchema.parse(requisitionOrder()), items, {
            account: () => undefined,
            vendor: () => undefined,
          });
          expect(new Set(built.map((snapshot) => snapshot.vendor?.id))).toEqual(
            new Set(specs.map((spec) => spec.vendor)),
          );
          const wanted = items
            .filter((item) => item.status == null || !excludedRequisitionLineStatuses.has(item.status))
            .map((item) => item.id);
          const placed = built.flatMap((snapshot) => snapshot.lines.map((line) => line.id));
          expect(placed.toSorted((a, b) => a - b)).toEqual(wanted);
          for (const snapshot of built)
            for (const line of snapshot.lines)
              expect(items.find((item) => item.id === line.id)?.pref_vendor).toBe(snapshot.vendor?.id);
        },
      ),
    );
  });
});

describe('content hash of a requisition snapshot', () => {
  it('does not change when a purchaser converts the lines (status, PO) or the stamps move', () => {
    const before = hashOf(acmeSnapshot());
    const purchased = acmeSnapshot({
      order: (raw) => {
        raw.status = 3;
        raw.dateModified = '2025-03-09T10:00:00Z';
      },
      items: (raw) => {
        for (const item of raw) {
          if (item.status === 0) item.status = 2;
          item.purchase_order = 1077 as unknown as null;
          item.last_modified = '2025-03-09T10:00:00Z';
        }
      },
    });
    expect(purchased.status).toBe(3);
    expect(hashOf(purchased)).toBe(before);
  });

  it.each([
    ['a line re-priced', { items: (raw: RawItem[]) => void (raw[1]!.price = '55.00000000') }],
    ['a line rejected', { items: (raw: RawItem[]) => void (raw[1]!.status = 4) }],
    ['a line moved to another vendor', { items: (raw: RawItem[]) => void (raw[3]!.pref_vendor = 58) }],
    ['the requisition cancelled', { order: (raw: RawOrder) => void (raw.status = 4) }],
    ['the description edited', { order: (raw: RawOrder) => void (raw.description = 'Rush') }],
  ])('changes when %s', (_case, change) => {
    expect(hashOf(acmeSnapshot(change))).not.toBe(hashOf(acmeSnapshot()));
  });
});

describe('mapRequisition', () => {
  it('maps the approved Acme lines like a purchased PO, with the [PRC-REQ-…] reference', () => {
    expect(mapRequisition(acmeSnapshot(), context())).toEqual({
      kind: 'mapped',
      warnings: [],
      payload: {
        ProcurementBU: usBU,
        RequisitioningBU: usBU,
        Supplier: 'Acme Supply Inc.',
        SupplierSite: 'ACME-US',
        CurrencyCode: 'USD',
        PaymentTerms: 'Net 30',
        Description: '[PRC-REQ-7001-57] Q2 printer supplies; Remote is fine',
        lines: [
          {
            LineNumber: 1,
            LineType: 'Goods',
            Category: 'Office Supplies',
            ItemDescription: 'Toner cartridge HP 26A',
            Quantity: 4,
            UOM: 'Each',
            Price: 50,
            schedules: [
              {
                ScheduleNumber: 1,
                Quantity: 4,
                ShipToLocationCode: 'HQ-SEATTLE',
                RequestedDeliveryDate: '2025-04-01',
                distributions: [
                  { DistributionNumber: 1, Quantity: 4, POChargeAccount: '100-CC200-6100-000' },
                ],
              },
            ],
          },
          {
            LineNumber: 2,
            LineType: 'Goods',
            Category: 'Professional Services',
            ItemDescription: 'Network audit (consulting)',
            Quantity: 0.5,
            UOM: 'Hour',
            Price: 40,
            schedules: [
              {
                ScheduleNumber: 1,
                Quantity: 0.5,
                ShipToLocationCode: 'HQ-SEATTLE',
                RequestedDeliveryDate: '2025-04-01',
                distributions: [
                  { DistributionNumber: 1, Quantity: 0.5, POChargeAccount: '100-CC200-6400-000' },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(requisitionLineNumbers(acmeSnapshot())).toEqual({ '9911': 1, '9913': 2 });
  });

  it('maps the other vendor’s line into its own PO, with its own reference and mapped dimensions', () => {
    const northwind = snapshots().find((snapshot) => snapshot.vendor?.id === 58)!;
    const payload = mapped(mapRequisition(northwind, context()));
    expect(payload.Description).toBe('[PRC-REQ-7001-58] Q2 printer supplies; Size L');
    expect(payload).not.toHaveProperty('PaymentTerms');
    expect(payload.lines).toHaveLength(1);
    expect(payload.lines[0]!.schedules[0]).toMatchObject({
      ShipToLocationCode: 'PLANT2-TACOMA',
      // Operations has no external_id: its department mapping (410) is used; 6200 is remapped to 6210.
      distributions: [{ POChargeAccount: '100-410-6210-000' }],
    });
  });

  it('puts the reference in the flexfield when options.poReference says so', () => {
    const payload = mapped(
      mapRequisition(
        acmeSnapshot(),
        context({ options: { unitMap: {}, poReference: { field: 'dff', attribute: 'procurifyRef' } } }),
      ),
    );
    expect(payload.DFF).toEqual([{ procurifyRef: '[PRC-REQ-7001-57]' }]);
    expect(payload.Description).toBe('Q2 printer supplies; Remote is fine');
    const bare = mapped(
      mapRequisition(
        acmeSnapshot({
          order: (raw) => void (raw.description = ''),
          items: (raw) => {
            for (const item of raw) item.lineComment = null;
          },
        }),
        context({ options: { unitMap: {}, poReference: { field: 'dff', attribute: 'procurifyRef' } } }),
      ),
    );
    expect(bare.Description).toBe('Procurify requisition 7001');
  });

  it.each([
    [0, 'Requisition 7001 is waiting for approval in Procurify'],
    [2, 'Requisition 7001 was denied in Procurify'],
    [4, 'Requisition 7001 was cancelled in Procurify'],
    [6, 'Requisition 7001 is a draft in Procurify'],
  ])('skips a requisition with status %i', (status, reason) => {
    expect(mapRequisition(acmeSnapshot({ order: (raw) => void (raw.status = status) }), context())).toEqual({
      kind: 'skipped',
      reason,
    });
  });

  it('skips a vendor whose lines were all rejected, saying why', () => {
    const outcome = mapRequisition(
      acmeSnapshot({
        items: (raw) => {
          for (const item of raw) if (item.pref_vendor === 57) item.status = 4;
        },
      }),
      context(),
    );
    expect(outcome).toEqual({
      kind: 'skipped',
      reason:
        'Requisition 7001 has no approved line for vendor 57 any more (rejected, or moved to another vendor)',
    });
  });

  it.each([
    [
      'lines without a vendor',
      (snapshot: RequisitionSnapshot) => void (snapshot.vendor = null),
      'NO_VENDOR',
      /lines without a preferred vendor \(items 9911, 9913\)/,
    ],
    [
      'an account Procurify’s list does not show',
      (snapshot: RequisitionSnapshot) => {
        snapshot.lines[1]!.account = null;
      },
      'NO_ACCOUNT',
      /item 9913 is charged to account 91, which Procurify's accounts list does not show/,
    ],
    [
      'a line in another currency',
      (snapshot: RequisitionSnapshot) => void (snapshot.lines[0]!.currency = 4),
      'INVALID_CURRENCY',
      /items 9911 are in another currency than the requisition \(USD\)/,
    ],
    [
      'a line total that disagrees with quantity × price',
      (snapshot: RequisitionSnapshot) => void (snapshot.lines[0]!.total_cost = '210.00'),
      'LINES_DO_NOT_SUM',
      'the requisition lines (quantity × price) add up to 220.00 USD but their totals in Procurify add up to 230.00 USD',
    ],
    [
      'a zero quantity',
      (snapshot: RequisitionSnapshot) => void (snapshot.lines[1]!.quantity = '0'),
      'NON_POSITIVE_AMOUNT',
      /line 2 \(requisition item 9913, "Network audit \(consulting\)"\) has quantity 0/,
    ],
  ])('fails on %s', (_case, change, code, reason) => {
    const snapshot = acmeSnapshot();
    change(snapshot);
    const outcome = mapRequisition(snapshot, context());
    expect(outcome).toMatchObject({ kind: 'failed', code });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(reason);
  });

  it('blocks on every missing mapping at once, naming the requisition items', () => {
    const outcome = mapRequisition(
      acmeSnapshot({ items: (raw) => void (raw[1]!.unit = 'pallet') }),
      context({ categoryFor: () => undefined }),
    );
    expect(outcome.kind).toBe('blocked');
    if (outcome.kind !== 'blocked') return;
    expect(outcome.missing.map((missing) => `${missing.kind}:${missing.key}`)).toEqual([
      'unit:pallet',
      'category:6100',
      'category:6400',
    ]);
    expect(outcome.missing[0]!.label).toBe(
      'unit of line 1 (requisition item 9911, "Toner cartridge HP 26A")',
    );
  });
});
