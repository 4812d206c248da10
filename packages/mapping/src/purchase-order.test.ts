import { describe, expect, it } from 'vitest';
import {
  acmeDimensions,
  acmeSupplier,
  caBU,
  designAccounting,
  dimensionTable,
  usBU,
} from './fixtures/oracle.fixtures.ts';
import { parsedPurchaseOrder } from './fixtures/parsed.fixtures.ts';
import type { MapOutcome } from './outcome.ts';
import {
  mapPurchaseOrder,
  poReference,
  purchaseOrderLineNumbers,
  type OracleDraftPurchaseOrder,
  type PoMappingContext,
} from './purchase-order.ts';
import { defaultUnitMap, oracleUnit } from './units.ts';

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

function mapped(outcome: MapOutcome<OracleDraftPurchaseOrder>): OracleDraftPurchaseOrder {
  if (outcome.kind !== 'mapped') throw new Error(`expected mapped, got ${JSON.stringify(outcome)}`);
  return outcome.payload;
}

describe('poReference', () => {
  it.each([
    [1042, '[PRC-PO-1042]'],
    ['77', '[PRC-PO-77]'],
  ])('%j → %s', (id, expected) => {
    expect(poReference(id)).toBe(expected);
  });
});

describe('mapPurchaseOrder: PO 1042 from the spec-shaped fixture', () => {
  it('maps header, lines in PO_line_num order, units, categories, schedules and distributions', () => {
    const outcome = mapPurchaseOrder(parsedPurchaseOrder(), context());
    expect(outcome).toEqual({
      kind: 'mapped',
      warnings: [],
      payload: {
        ProcurementBU: usBU,
        RequisitioningBU: usBU,
        Supplier: 'Acme Supply Inc.',
        SupplierSite: 'ACME-US',
        CurrencyCode: 'USD',
        PaymentTerms: 'Net 30',
        Description: '[PRC-PO-1042] Deliver to dock 4; Q2 printer supplies; Plant 2 restock',
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
                distributions: [
                  { DistributionNumber: 1, Quantity: 4, POChargeAccount: '100-CC200-6100-000' },
                ],
              },
            ],
          },
          {
            LineNumber: 2,
            LineType: 'Goods',
            Category: 'Safety Equipment',
            ItemDescription: 'Nitrile gloves, box of 100',
            Quantity: 10,
            UOM: 'Box',
            Price: 12.5,
            schedules: [
              {
                ScheduleNumber: 1,
                Quantity: 10,
                ShipToLocationCode: 'PLANT2-TACOMA',
                RequestedDeliveryDate: '2025-04-01',
                // Operations has no external_id: its department mapping (410) is used; 6200 is remapped to 6210.
                distributions: [{ DistributionNumber: 1, Quantity: 10, POChargeAccount: '100-410-6210-000' }],
              },
            ],
          },
          {
            LineNumber: 3,
            LineType: 'Goods',
            Category: 'Professional Services',
            ItemDescription: 'Network audit (consulting)',
            Quantity: 7.5,
            UOM: 'Hour',
            Price: 120,
            schedules: [
              {
                ScheduleNumber: 1,
                Quantity: 7.5,
                ShipToLocationCode: 'HQ-SEATTLE',
                distributions: [
                  { DistributionNumber: 1, Quantity: 7.5, POChargeAccount: '100-CC200-6400-000' },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('adds the buyer and a separate requisitioning BU when the connection has them', () => {
    const payload = mapped(
      mapPurchaseOrder(
        parsedPurchaseOrder(),
        context({ buyerEmail: 'buyer@acme.example', requisitioningBU: 'US2 Business Unit' }),
      ),
    );
    expect(payload).toMatchObject({
      BuyerEmail: 'buyer@acme.example',
      RequisitioningBU: 'US2 Business Unit',
      ProcurementBU: usBU,
    });
  });

  it('leaves out payment terms the PO does not have', () => {
    const payload = mapped(
      mapPurchaseOrder(
        parsedPurchaseOrder((raw) => void (raw.payment_terms = '  ')),
        context(),
      ),
    );
    expect(payload).not.toHaveProperty('PaymentTerms');
    expect(payload).not.toHaveProperty('BuyerEmail');
    expect(payload).not.toHaveProperty('DFF');
  });

  it('uses the preferred purchasing site of the vendor link', () => {
    const supplier = acmeSupplier();
    supplier.sites.push({ ...supplier.sites[0]!, siteId: '1', siteCode: 'ACME-EAST' });
    const payload = mapped(
      mapPurchaseOrder(parsedPurchaseOrder(), context({ supplier, preferredSite: 'ACME-EAST' })),
    );
    expect(payload.SupplierSite).toBe('ACME-EAST');
  });
});

describe('mapPurchaseOrder: the reference', () => {
  it('puts the reference in a descriptive flexfield when configured, and only notes in the description', () => {
    const payload = mapped(
      mapPurchaseOrder(
        parsedPurchaseOrder(),
        context({ options: { unitMap: {}, poReference: { field: 'dff', attribute: 'procurifyReference' } } }),
      ),
    );
    expect(payload.DFF).toEqual([{ procurifyReference: '[PRC-PO-1042]' }]);
    expect(payload.Description).toBe('Deliver to dock 4; Q2 printer supplies; Plant 2 restock');
  });

  it('describes a PO without notes by its number in DFF mode, by the reference alone otherwise', () => {
    const bare = () =>
      parsedPurchaseOrder((raw) => {
        raw.comment = '';
        for (const line of raw.order_items) {
          line.lineComment = null;
          delete (line as { order_description?: string }).order_description;
        }
      });
    const dff = context({ options: { unitMap: {}, poReference: { field: 'dff', attribute: 'ATTRIBUTE1' } } });
    expect(mapped(mapPurchaseOrder(bare(), dff)).Description).toBe('Procurify PO 1042');
    expect(mapped(mapPurchaseOrder(bare(), context())).Description).toBe('[PRC-PO-1042]');
  });

  it('truncates a long description to 240 characters without splitting emoji or RTL text, reference first', () => {
    const note = `Rush 🚚🚚 order — ${'שלום עולם مرحبا 👨‍👩‍👧 '.repeat(20)}`;
    const payload = mapped(
      mapPurchaseOrder(
        parsedPurchaseOrder((raw) => void (raw.comment = note)),
        context(),
      ),
    );
    expect(payload.Description.length).toBeLessThanOrEqual(240);
    expect(payload.Description.startsWith('[PRC-PO-1042] Rush 🚚🚚 order')).toBe(true);
    expect(payload.Description.endsWith('…')).toBe(true);
    expect(payload.Description).not.toMatch(/\p{Cs}/u);
  });

  it('truncates a long item name the same way', () => {
    const name = `${'Ünïcödé 💡 '.repeat(22)}end`; // 245 code units: within Procurify's 255, beyond Oracle's 240
    const payload = mapped(
      mapPurchaseOrder(
        parsedPurchaseOrder((raw) => void (raw.order_items[1]!.name = name)),
        context(),
      ),
    );
    const description = payload.lines[0]!.ItemDescription;
    expect(description.length).toBeLessThanOrEqual(240);
    expect(description).not.toMatch(/\p{Cs}/u);
    expect(name.startsWith(description.slice(0, -1).trimEnd())).toBe(true);
  });
});

describe('mapPurchaseOrder: units', () => {
  it.each([
    ['each', {}, 'Each'],
    ['EA', {}, 'Each'],
    [' Box ', {}, 'Box'],
    ['hours', {}, 'Hour'],
    ['lbs', {}, 'Pound'],
    ['each', { each: 'EA' }, 'EA'],
    ['dozen', { dozen: 'Dozen' }, 'Dozen'],
    ['Dozen', { DOZEN: 'Dozen' }, 'Dozen'],
  ])('%j with unit map %j → %s', (unit, unitMap, expected) => {
    const po = parsedPurchaseOrder((raw) => void (raw.order_items[1]!.unit = unit));
    const payload = mapped(
      mapPurchaseOrder(po, context({ options: { unitMap, poReference: { field: 'description' } } })),
    );
    expect(payload.lines[0]!.UOM).toBe(expected);
  });

  it('blocks on an unknown unit, keyed by the lower-cased unit', () => {
    const po = parsedPurchaseOrder((raw) => void (raw.order_items[1]!.unit = 'Dozen'));
    const outcome = mapPurchaseOrder(po, context());
    expect(outcome.kind).toBe('blocked');
    expect(outcome.kind === 'blocked' && outcome.missing).toEqual([
      { kind: 'unit', key: 'dozen', label: expect.stringContaining('line 1') },
    ]);
  });

  it('knows the built-in units', () => {
    expect(Object.fromEntries(Object.keys(defaultUnitMap).map((unit) => [unit, oracleUnit(unit)]))).toEqual({
      each: 'Each',
      ea: 'Each',
      box: 'Box',
      case: 'Case',
      pack: 'Pack',
      pk: 'Pack',
      kit: 'Kit',
      pair: 'Pair',
      pr: 'Pair',
      hr: 'Hour',
      hour: 'Hour',
      hours: 'Hour',
      kg: 'Kilogram',
      lb: 'Pound',
      lbs: 'Pound',
    });
    expect(oracleUnit('constructor')).toBeUndefined();
    expect(oracleUnit('')).toBeUndefined();
  });
});

describe('mapPurchaseOrder: categories and ship-to', () => {
  it('falls back to the default category, and blocks without one', () => {
    const none = () => undefined;
    const withDefault = context({
      categoryFor: none,
      options: { unitMap: {}, defaultCategory: 'Miscellaneous', poReference: { field: 'description' } },
    });
    expect(
      mapped(mapPurchaseOrder(parsedPurchaseOrder(), withDefault)).lines.map((line) => line.Category),
    ).toEqual(['Miscellaneous', 'Miscellaneous', 'Miscellaneous']);

    const outcome = mapPurchaseOrder(
      parsedPurchaseOrder(),
      context({ categoryFor: (code) => (code === '6100' ? 'Office Supplies' : undefined) }),
    );
    expect(outcome.kind === 'blocked' && outcome.missing.map((m) => [m.kind, m.key])).toEqual([
      ['category', '6200'],
      ['category', '6400'],
    ]);
  });

  it('takes the ship-to from the context before the location mapping', () => {
    const payload = mapped(
      mapPurchaseOrder(
        parsedPurchaseOrder(),
        context({ shipToLocationCode: (id) => (id === '1' ? 'HQ-DOCK4' : undefined) }),
      ),
    );
    expect(payload.lines.map((line) => line.schedules[0]!.ShipToLocationCode)).toEqual([
      'HQ-DOCK4',
      'PLANT2-TACOMA',
      'HQ-DOCK4',
    ]);
  });

  it('blocks on a location without ship-to', () => {
    const dimension = dimensionTable({
      'department:6': '410',
      'location:1': { oracleValue: 'HQ', attributes: { shipToLocationCode: 'HQ-SEATTLE' } },
    });
    const outcome = mapPurchaseOrder(parsedPurchaseOrder(), context({ dimension }));
    expect(outcome.kind === 'blocked' && outcome.missing).toEqual([
      { kind: 'location', key: '2', label: expect.stringContaining('ship-to') },
    ]);
  });

  it('warns about, and omits, a date_required that is not a date', () => {
    const outcome = mapPurchaseOrder(
      parsedPurchaseOrder((raw) => void (raw.order_items[0]!.date_required = 'soon')),
      context(),
    );
    expect(outcome.kind === 'mapped' && outcome.warnings).toEqual([
      expect.stringContaining('date_required "soon"'),
    ]);
    expect(mapped(outcome).lines[1]!.schedules[0]).not.toHaveProperty('RequestedDeliveryDate');
  });
});

describe('mapPurchaseOrder: blocked', () => {
  it('blocks when the supplier has no purchasing site in the procurement BU', () => {
    const outcome = mapPurchaseOrder(parsedPurchaseOrder(), context({ procurementBU: caBU }));
    expect(outcome).toMatchObject({ kind: 'blocked', suggestions: [] });
    expect(outcome.kind === 'blocked' && outcome.missing[0]).toEqual({
      kind: 'supplier_site',
      key: '1253',
      label: `supplier "Acme Supply Inc." has no active purchasing site in ${caBU}`,
    });
  });

  it('gathers every missing mapping across the header and all lines before blocking', () => {
    const po = parsedPurchaseOrder((raw) => {
      raw.order_items[0]!.unit = 'roll';
      raw.order_items[2]!.unit = 'gross';
    });
    const outcome = mapPurchaseOrder(
      po,
      context({ procurementBU: caBU, dimension: dimensionTable({}), categoryFor: () => undefined }),
    );
    expect(outcome.kind).toBe('blocked');
    if (outcome.kind !== 'blocked') return;
    expect(outcome.missing.map((m) => `${m.kind}:${m.key}`)).toEqual([
      'supplier_site:1253',
      'category:6100',
      'location:1',
      'unit:roll',
      'category:6200',
      'department:6',
      'location:2',
      'unit:gross',
      'category:6400',
    ]);
    expect(outcome.reason).toMatch(/^9 mappings missing: supplier_site "1253"/);
  });

  it('blocks a line without an account', () => {
    const po = parsedPurchaseOrder(
      (raw) => void ((raw.order_items[0] as { account: unknown }).account = null),
    );
    const outcome = mapPurchaseOrder(po, context());
    expect(outcome.kind === 'blocked' && outcome.missing.map((m) => `${m.kind}:${m.key}`)).toEqual([
      'category:',
      'department:',
      'gl_account:',
      'location:',
    ]);
  });
});

describe('mapPurchaseOrder: source data that cannot be used', () => {
  it('fails when the lines do not add up to the subtotal, naming both figures', () => {
    const outcome = mapPurchaseOrder(
      parsedPurchaseOrder((raw) => void (raw.subtotal = '1224.00')),
      context(),
    );
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'LINES_DO_NOT_SUM',
      reason: 'the PO lines (quantity × price) add up to 1225.00 USD but the PO subtotal is 1224.00 USD',
    });
  });

  it.each([
    ['0.25', 'mapped'],
    ['0.26', 'mapped'],
    ['0.27', 'failed'],
  ])('accepts a subtotal rounded per line or once (two lines of 0.125): %s → %s', (subtotal, kind) => {
    const po = parsedPurchaseOrder((raw) => {
      raw.order_items = raw.order_items.slice(0, 2);
      for (const line of raw.order_items) {
        line.quantity = 1;
        line.price = '0.12500000';
      }
      raw.subtotal = subtotal;
    });
    expect(mapPurchaseOrder(po, context()).kind).toBe(kind);
  });

  it('rounds the check to the currency: a JPY PO', () => {
    const po = parsedPurchaseOrder((raw) => {
      raw.purchased_currency = { id: 9, name: 'JPY', rate: '0.006700', base: false };
      raw.order_items = raw.order_items.slice(1, 2);
      raw.order_items[0]!.price = '333.4';
      raw.order_items[0]!.quantity = 3;
      raw.subtotal = '1000';
    });
    expect(mapped(mapPurchaseOrder(po, context())).CurrencyCode).toBe('JPY');
  });

  it.each([
    [
      'a zero quantity',
      (raw: Raw) => void (raw.order_items[0]!.quantity = 0),
      'NON_POSITIVE_AMOUNT',
      /line 2 .*quantity 0/,
    ],
    [
      'a negative quantity',
      (raw: Raw) => void (raw.order_items[0]!.quantity = -10),
      'NON_POSITIVE_AMOUNT',
      /line 2 .*quantity -10/,
    ],
    [
      'a zero price',
      (raw: Raw) => void (raw.order_items[2]!.price = '0.00000000'),
      'NON_POSITIVE_AMOUNT',
      /line 3 .*price 0\.00000000/,
    ],
    [
      'a negative price',
      (raw: Raw) => void (raw.order_items[1]!.price = '-50.00'),
      'NON_POSITIVE_AMOUNT',
      /line 1 .*price -50\.00/,
    ],
    [
      'a price that is not a number',
      (raw: Raw) => void (raw.order_items[1]!.price = 'fifty'),
      'INVALID_AMOUNT',
      /line 1 .*"fifty"/,
    ],
    [
      'a huge price',
      (raw: Raw) => void (raw.order_items[1]!.price = '10000000000000'),
      'INVALID_AMOUNT',
      /10\^13/,
    ],
    [
      'a huge line total',
      (raw: Raw) => {
        raw.order_items[1]!.quantity = 1e9;
        raw.order_items[1]!.price = '100000';
      },
      'INVALID_AMOUNT',
      /amounts to 100000000000000 USD/,
    ],
    ['no lines', (raw: Raw) => void (raw.order_items = []), 'NO_LINES', /no order items/],
    [
      'a currency that is not a code',
      (raw: Raw) => void (raw.purchased_currency = { ...raw.purchased_currency, name: 'US$' }),
      'INVALID_CURRENCY',
      /"US\$"/,
    ],
  ])('fails on %s', (_case, change, code, reason) => {
    const outcome = mapPurchaseOrder(parsedPurchaseOrder(change), context());
    expect(outcome).toMatchObject({ kind: 'failed', code });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(reason);
  });

  it('checks the source data before the mappings', () => {
    const po = parsedPurchaseOrder((raw) => void (raw.subtotal = '1.00'));
    expect(mapPurchaseOrder(po, context({ procurementBU: caBU })).kind).toBe('failed');
  });

  it('skips a cancelled PO', () => {
    expect(
      mapPurchaseOrder(
        parsedPurchaseOrder((raw) => void (raw.state = 1)),
        context(),
      ),
    ).toEqual({
      kind: 'skipped',
      reason: 'PO 1042 is cancelled in Procurify',
    });
  });

  it('warns that header freight, other charges and tax are not sent', () => {
    const outcome = mapPurchaseOrder(
      parsedPurchaseOrder((raw) => {
        raw.freight = '10.00';
        raw.other = '2.50';
        raw.tax = { value: 5, type: 'percentage' };
      }),
      context(),
    );
    expect(outcome.kind === 'mapped' && outcome.warnings).toEqual([
      'the PO freight of 10.00 USD is not sent to Oracle (no PO line carries it)',
      'the PO other charges amount of 2.50 USD is not sent to Oracle (no PO line carries it)',
      'the PO tax (5 percentage) is not sent to Oracle; Oracle computes its own',
    ]);
  });

  it('numbers lines without a PO_line_num after the others, and tells the app the same numbers', () => {
    const po = parsedPurchaseOrder(
      (raw) => void delete (raw.order_items[1] as { PO_line_num?: number }).PO_line_num,
    );
    expect(purchaseOrderLineNumbers(po)).toEqual({ '9912': 1, '9913': 2, '9911': 3 });
    expect(purchaseOrderLineNumbers(parsedPurchaseOrder())).toEqual({ '9911': 1, '9912': 2, '9913': 3 });
    expect(mapped(mapPurchaseOrder(po, context())).lines.map((line) => line.ItemDescription)).toEqual([
      'Nitrile gloves, box of 100',
      'Network audit (consulting)',
      'Toner cartridge HP 26A',
    ]);
  });
});

type Raw = Parameters<NonNullable<Parameters<typeof parsedPurchaseOrder>[0]>>[0];
