import { describe, expect, it } from 'vitest';
import {
  billReference,
  isBillEligible,
  mapBill,
  type BillMappingContext,
  type OracleInvoicePayload,
} from './bill.ts';
import {
  acmeDimensions,
  acmeSupplier,
  caBU,
  designAccounting,
  dimensionTable,
  usBU,
} from './fixtures/oracle.fixtures.ts';
import { parsedBill, parsedCadBill } from './fixtures/parsed.fixtures.ts';
import type { MapOutcome } from './outcome.ts';

const oracleLines: Record<string, number> = { '9911': 1, '9912': 2, '9913': 3 };

function context(overrides: Partial<BillMappingContext> = {}): BillMappingContext {
  return {
    businessUnit: usBU,
    accounting: designAccounting,
    options: { matchInvoicesToPo: true },
    supplier: acmeSupplier(),
    preferredSite: null,
    dimension: acmeDimensions,
    syncedPurchaseOrder: (procurifyPoId) =>
      procurifyPoId === '1042'
        ? { orderNumber: '1000183', lineNumberFor: (lineId) => oracleLines[lineId] }
        : undefined,
    ...overrides,
  };
}

function mapped(outcome: MapOutcome<OracleInvoicePayload>): OracleInvoicePayload {
  if (outcome.kind !== 'mapped') throw new Error(`expected mapped, got ${JSON.stringify(outcome)}`);
  return outcome.payload;
}

type Raw = Parameters<NonNullable<Parameters<typeof parsedBill>[0]>>[0];

/** The cleaning line of bill 624, split three ways (33.33333333 + 33.33333333 + 33.33333334). */
const cleaningDistributions = [
  { DistributionLineNumber: 1, DistributionAmount: 33.33, DistributionCombination: '100-CC200-6400-000' },
  { DistributionLineNumber: 2, DistributionAmount: 33.33, DistributionCombination: '100-410-6100-000' },
  { DistributionLineNumber: 3, DistributionAmount: 33.34, DistributionCombination: '100-CC300-6400-000' },
];

describe('billReference', () => {
  it('is [PRC-BILL-{id}]', () => {
    expect(billReference(624)).toBe('[PRC-BILL-624]');
    expect(billReference('625')).toBe('[PRC-BILL-625]');
  });
});

describe('isBillEligible', () => {
  it.each([
    [2, true, 'Approved'],
    [4, true, 'Paid'],
    [6, true, 'Payment Confirmed'],
    [7, true, 'Payment Approved'],
    [8, true, 'Payment Limbo'],
    [0, false, 'Draft'],
    [1, false, 'Confirmed'],
    [3, false, 'Denied'],
    [5, false, 'Withdrawn'],
  ] as const)('status %i is %s (%s)', (status, eligible, name) => {
    expect(isBillEligible(parsedBill((raw) => void (raw.status = status)))).toEqual(
      eligible
        ? { eligible: true }
        : {
            eligible: false,
            reason: `bill 624 has status ${status} (${name}); only approved bills are sent to Oracle`,
          },
    );
  });

  it('skips an ineligible bill with the reason', () => {
    expect(
      mapBill(
        parsedBill((raw) => void (raw.status = 3)),
        context(),
      ),
    ).toEqual({
      kind: 'skipped',
      reason: 'bill 624 has status 3 (Denied); only approved bills are sent to Oracle',
    });
  });
});

describe('mapBill: bill 624 from the spec-shaped fixture', () => {
  it('matches the toner line to the synced PO, splits the cleaning line, adds freight and tax lines', () => {
    expect(mapBill(parsedBill(), context())).toEqual({
      kind: 'mapped',
      warnings: [],
      payload: {
        InvoiceNumber: 'INV-7781',
        InvoiceAmount: 341.25,
        InvoiceDate: '2025-03-01',
        InvoiceCurrency: 'USD',
        BusinessUnit: usBU,
        Supplier: 'Acme Supply Inc.',
        SupplierNumber: '1253',
        SupplierSite: 'ACME-US',
        Description: '[PRC-BILL-624] For the 3rd floor printers; Q2 printer supplies',
        invoiceLines: [
          {
            LineNumber: 1,
            LineType: 'Item',
            LineAmount: 200,
            Description: 'Toner cartridge HP 26A',
            Quantity: 4,
            UnitPrice: 50,
            PurchaseOrderNumber: '1000183',
            PurchaseOrderLineNumber: 1,
            PurchaseOrderScheduleLineNumber: 1,
          },
          {
            LineNumber: 2,
            LineType: 'Item',
            LineAmount: 100,
            Description: 'Office cleaning – March',
            invoiceDistributions: cleaningDistributions,
          },
          {
            LineNumber: 3,
            LineType: 'Freight',
            LineAmount: 25,
            Description: 'Freight',
            invoiceDistributions: [
              {
                DistributionLineNumber: 1,
                DistributionAmount: 25,
                DistributionCombination: '100-410-5100-000',
              },
            ],
          },
          {
            LineNumber: 4,
            LineType: 'Miscellaneous',
            LineAmount: 16.25,
            Description: 'Tax',
            // The largest item (toner, 200.00) is charged to 6100 × IT.
            invoiceDistributions: [
              {
                DistributionLineNumber: 1,
                DistributionAmount: 16.25,
                DistributionCombination: '100-CC200-6100-000',
              },
            ],
          },
        ],
      },
    });
  });

  it('charges a PO line by its allocations when the connection does not match invoices to POs', () => {
    const outcome = mapBill(parsedBill(), context({ options: { matchInvoicesToPo: false } }));
    expect(outcome.kind === 'mapped' && outcome.warnings).toEqual([]);
    const line = mapped(outcome).invoiceLines[0];
    expect(line).toEqual({
      LineNumber: 1,
      LineType: 'Item',
      LineAmount: 200,
      Description: 'Toner cartridge HP 26A',
      Quantity: 4,
      UnitPrice: 50,
      invoiceDistributions: [
        { DistributionLineNumber: 1, DistributionAmount: 200, DistributionCombination: '100-CC200-6100-000' },
      ],
    });
  });

  it('charges a PO line by its allocations, with a warning, when its PO was not synced', () => {
    const outcome = mapBill(parsedBill(), context({ syncedPurchaseOrder: () => undefined }));
    const line = mapped(outcome).invoiceLines[0];
    expect(line).not.toHaveProperty('PurchaseOrderNumber');
    expect(line?.invoiceDistributions).toHaveLength(1);
    expect(outcome.kind === 'mapped' && outcome.warnings).toEqual([
      'item line 1 (Procurify bill item 1501): Procurify PO 1042 has not been synced to Oracle; charged by its cost allocations instead',
    ]);
  });

  it('charges a PO line by its allocations when the synced PO lacks that line', () => {
    const outcome = mapBill(
      parsedBill(),
      context({ syncedPurchaseOrder: () => ({ orderNumber: '1000183', lineNumberFor: () => undefined }) }),
    );
    expect(mapped(outcome).invoiceLines[0]).not.toHaveProperty('PurchaseOrderLineNumber');
    expect(outcome.kind === 'mapped' && outcome.warnings[0]).toMatch(/not on Oracle PO 1000183/);
  });

  it('needs no account mappings for a PO-matched line', () => {
    const bill = parsedBill((raw) => {
      raw.items[0]!.cost_allocations[0]!.budget = {
        ...raw.items[0]!.cost_allocations[0]!.budget,
        department: {
          id: 99,
          name: 'Unmapped',
          external_id: null,
          branch: { id: 1, name: 'HQ' },
          active: true,
        },
      };
    });
    expect(mapBill(bill, context({ taxCombination: '100-000-2200-000' })).kind).toBe('mapped');
    // Without a fixed tax combination the tax follows the largest (matched) item, which is unmapped.
    const outcome = mapBill(bill, context());
    expect(outcome.kind === 'blocked' && outcome.missing.map((m) => `${m.kind}:${m.key}`)).toEqual([
      'department:99',
    ]);
  });

  it('charges the tax to the connection’s tax combination when it has one', () => {
    const payload = mapped(mapBill(parsedBill(), context({ taxCombination: '100-000-2200-000' })));
    expect(payload.invoiceLines[3]?.invoiceDistributions).toEqual([
      { DistributionLineNumber: 1, DistributionAmount: 16.25, DistributionCombination: '100-000-2200-000' },
    ]);
  });

  it('charges the tax to the largest allocation of the largest item', () => {
    const bill = parsedBill((raw) => {
      raw.items[1]!.total_cost = 300;
      raw.items[1]!.cost_allocations[0]!.amount = '50.00';
      raw.items[1]!.cost_allocations[1]!.amount = '50.00';
      raw.items[1]!.cost_allocations[2]!.amount = '200.00';
      raw.total_cost_with_tax = 541.25;
    });
    const payload = mapped(mapBill(bill, context()));
    expect(payload.InvoiceAmount).toBe(541.25);
    expect(payload.invoiceLines[3]?.invoiceDistributions?.[0]?.DistributionCombination).toBe(
      '100-CC300-6400-000',
    );
  });

  it('uses the pay site of the vendor link', () => {
    const supplier = acmeSupplier();
    supplier.sites.push({ ...supplier.sites[0]!, siteId: '2', siteCode: 'ACME-REMIT', purchasing: false });
    expect(
      mapped(mapBill(parsedBill(), context({ supplier, preferredSite: 'ACME-REMIT' }))).SupplierSite,
    ).toBe('ACME-REMIT');
  });
});

describe('mapBill: a CAD bill without PO lines or tax', () => {
  it('maps amounts in CAD, generates the invoice number and describes it by the bill note', () => {
    expect(mapBill(parsedCadBill(), context({ businessUnit: caBU }))).toEqual({
      kind: 'mapped',
      warnings: ['bill 625 has no invoice number; sent as PRC-625'],
      payload: {
        InvoiceNumber: 'PRC-625',
        InvoiceAmount: 1250.5,
        InvoiceDate: '2025-03-10',
        InvoiceCurrency: 'CAD',
        BusinessUnit: caBU,
        Supplier: 'Acme Supply Inc.',
        SupplierNumber: '1253',
        SupplierSite: 'ACME-CA',
        Description: '[PRC-BILL-625] Quarterly calibration',
        invoiceLines: [
          {
            LineNumber: 1,
            LineType: 'Item',
            LineAmount: 1250.5,
            Description: 'Calibration service',
            invoiceDistributions: [
              {
                DistributionLineNumber: 1,
                DistributionAmount: 750.3,
                DistributionCombination: '100-CC200-6400-000',
              },
              {
                DistributionLineNumber: 2,
                DistributionAmount: 500.2,
                DistributionCombination: '100-410-6210-000',
              },
            ],
          },
        ],
      },
    });
  });

  it('generates the same invoice number every time, also for a blank one', () => {
    const blank = parsedCadBill((raw) => void (raw.invoice_number = '   '));
    expect(mapped(mapBill(blank, context({ businessUnit: caBU }))).InvoiceNumber).toBe('PRC-625');
    expect(mapped(mapBill(blank, context({ businessUnit: caBU }))).InvoiceNumber).toBe('PRC-625');
  });
});

describe('mapBill: description', () => {
  it('de-duplicates requisition notes across items', () => {
    const bill = parsedBill((raw) => {
      raw.items[1] = {
        ...raw.items[1]!,
        orderitem: { ...raw.items[0]!.orderitem!, id: 9913, lineComment: 'for the 3RD floor printers' },
      };
    });
    expect(mapped(mapBill(bill, context())).Description).toBe(
      '[PRC-BILL-624] For the 3rd floor printers; Q2 printer supplies',
    );
  });

  it('falls back to the bill note without requisition notes, and to the reference alone without either', () => {
    const noNotes = (raw: Raw) => {
      const orderitem = raw.items[0]!.orderitem!;
      orderitem.lineComment = null;
      orderitem.order_description = '';
    };
    expect(mapped(mapBill(parsedBill(noNotes), context())).Description).toBe(
      '[PRC-BILL-624] March toner and cleaning',
    );
    const bare = parsedBill((raw) => {
      noNotes(raw);
      raw.note = '';
    });
    expect(mapped(mapBill(bare, context())).Description).toBe('[PRC-BILL-624]');
  });

  it('truncates to 240 characters without splitting emoji or RTL text', () => {
    const bill = parsedBill(
      (raw) => void (raw.items[0]!.orderitem!.lineComment = '🧾 فاتورة חשבונית '.repeat(30)),
    );
    const { Description } = mapped(mapBill(bill, context()));
    expect(Description.length).toBeLessThanOrEqual(240);
    expect(Description.startsWith('[PRC-BILL-624] 🧾 فاتورة')).toBe(true);
    expect(Description).not.toMatch(/\p{Cs}/u);
  });
});

describe('mapBill: lines', () => {
  it('leaves out Quantity and UnitPrice for an item billed by cost', () => {
    const bill = parsedBill((raw) => void (raw.items[0]!.bill_by_cost = true));
    const line = mapped(mapBill(bill, context())).invoiceLines[0];
    expect(line).not.toHaveProperty('Quantity');
    expect(line).not.toHaveProperty('UnitPrice');
  });

  it('sends a line by its amount, with a warning, when quantity or unit cost is not a number', () => {
    const outcome = mapBill(
      parsedBill((raw) => {
        (raw.items[0] as { quantity: unknown }).quantity = 'abc';
        (raw.items[0] as { unit_cost: unknown }).unit_cost = 'n/a';
      }),
      context(),
    );
    const line = mapped(outcome).invoiceLines[0];
    expect(line).not.toHaveProperty('Quantity');
    expect(line).not.toHaveProperty('UnitPrice');
    expect(line?.LineAmount).toBe(mapped(mapBill(parsedBill(), context())).invoiceLines[0]?.LineAmount);
    expect(outcome.kind === 'mapped' && outcome.warnings).toContainEqual(
      expect.stringMatching(/item line 1 .*quantity "abc" or unit cost "n\/a" is not a number/),
    );
  });

  it('computes an item amount from quantity × unit cost when total_cost is absent', () => {
    const bill = parsedBill((raw) => void delete (raw.items[0] as { total_cost?: number }).total_cost);
    expect(mapped(mapBill(bill, context())).invoiceLines[0]?.LineAmount).toBe(200);
  });

  it('carries the tax on a Miscellaneous line by default and on a Tax line when configured', () => {
    expect(mapped(mapBill(parsedBill(), context())).invoiceLines.at(-1)?.LineType).toBe('Miscellaneous');
    const asTax = mapBill(
      parsedBill(),
      context({ options: { matchInvoicesToPo: true, taxLineType: 'Tax' } }),
    );
    expect(mapped(asTax).invoiceLines.at(-1)).toMatchObject({ LineType: 'Tax', Description: 'Tax' });
  });

  it('leaves out a zero cost with a warning', () => {
    const bill = parsedBill((raw) => {
      raw.costs[0]!.amount = '0.00';
      raw.costs[0]!.cost_allocation.amount = '0.00';
      raw.total_cost_with_tax = 316.25;
    });
    const outcome = mapBill(bill, context());
    expect(mapped(outcome).invoiceLines.map((line) => line.LineType)).toEqual([
      'Item',
      'Item',
      'Miscellaneous',
    ]);
    expect(mapped(outcome).invoiceLines.map((line) => line.LineNumber)).toEqual([1, 2, 3]);
    expect(outcome.kind === 'mapped' && outcome.warnings).toEqual([
      'bill cost "Freight" is zero and was left out',
    ]);
  });

  it('has no tax line without tax', () => {
    const bill = parsedBill((raw) => {
      raw.tax_amount = 0;
      raw.total_cost_with_tax = 325;
    });
    expect(mapped(mapBill(bill, context())).invoiceLines.map((line) => line.LineType)).toEqual([
      'Item',
      'Item',
      'Freight',
    ]);
  });

  it('skips zero allocations but keeps the split adding up', () => {
    const bill = parsedBill((raw) => {
      raw.items[1]!.cost_allocations[0]!.amount = '0.00000000';
      raw.items[1]!.cost_allocations[1]!.amount = '66.66666666';
    });
    expect(mapped(mapBill(bill, context())).invoiceLines[1]?.invoiceDistributions).toEqual([
      { DistributionLineNumber: 1, DistributionAmount: 66.67, DistributionCombination: '100-410-6100-000' },
      { DistributionLineNumber: 2, DistributionAmount: 33.33, DistributionCombination: '100-CC300-6400-000' },
    ]);
  });

  it('accepts a lower-case currency code', () => {
    const bill = parsedBill((raw) => void (raw.currency = { ...raw.currency, name: 'usd' }));
    expect(mapped(mapBill(bill, context())).InvoiceCurrency).toBe('USD');
  });
});

describe('mapBill: blocked', () => {
  it('blocks without a pay site in the business unit', () => {
    const outcome = mapBill(parsedBill(), context({ businessUnit: 'EU1 Business Unit' }));
    expect(outcome).toEqual({
      kind: 'blocked',
      reason:
        '1 mapping missing: supplier_site "1253" (supplier "Acme Supply Inc." has no active pay site in EU1 Business Unit)',
      missing: [
        {
          kind: 'supplier_site',
          key: '1253',
          label: 'supplier "Acme Supply Inc." has no active pay site in EU1 Business Unit',
        },
      ],
      suggestions: [],
    });
  });

  it('gathers every missing mapping across items, costs and tax before blocking', () => {
    const outcome = mapBill(
      parsedBill(),
      context({
        businessUnit: 'EU1 Business Unit',
        options: { matchInvoicesToPo: false },
        accounting: {
          delimiter: '-',
          segments: [
            { name: 'account', from: 'glAccount' },
            { name: 'site', from: 'location' },
          ],
        },
        dimension: dimensionTable({}),
      }),
    );
    expect(outcome.kind === 'blocked' && outcome.missing.map((m) => `${m.kind}:${m.key}`)).toEqual([
      'supplier_site:1253',
      'location:1',
      'location:2',
    ]);
  });
});

describe('mapBill: source data that cannot be used', () => {
  it('fails when lines do not add up to total_cost_with_tax, naming both figures', () => {
    const outcome = mapBill(
      parsedBill((raw) => void (raw.total_cost_with_tax = 341.26)),
      context(),
    );
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'LINES_DO_NOT_SUM',
      reason:
        "bill 624: items + costs + tax add up to 341.25 USD but Procurify's total_cost_with_tax is 341.26 USD",
    });
  });

  it('points at an unmapped shipping amount when the totals differ', () => {
    const bill = parsedBill((raw) => {
      raw.shipping_amount = 10;
      raw.total_cost_with_tax = 351.25;
    });
    expect(mapBill(bill, context())).toMatchObject({
      kind: 'failed',
      code: 'LINES_DO_NOT_SUM',
      reason: expect.stringContaining('shipping amount of 10.00 USD is not mapped'),
    });
  });

  it('tolerates float noise in Procurify totals', () => {
    expect(
      mapBill(
        parsedBill((raw) => void (raw.total_cost_with_tax = 341.25 - 1e-10)),
        context(),
      ).kind,
    ).toBe('mapped');
  });

  it('fails when the allocations of a line do not add up to it', () => {
    const outcome = mapBill(
      parsedBill((raw) => void (raw.items[1]!.cost_allocations[2]!.amount = '30.00')),
      context(),
    );
    expect(outcome).toEqual({
      kind: 'failed',
      code: 'DISTRIBUTIONS_DO_NOT_SUM',
      reason:
        'the cost allocations of item line 2 (Procurify bill item 1502) add up to 96.67 USD but the line is 100.00 USD',
    });
  });

  it.each([
    [
      'a negative item',
      (raw: Raw) => void (raw.items[1]!.total_cost = -100),
      'NON_POSITIVE_AMOUNT',
      /item line 2 .* is negative/,
    ],
    [
      'a negative allocation',
      (raw: Raw) => void (raw.items[1]!.cost_allocations[0]!.amount = '-33.33'),
      'NON_POSITIVE_AMOUNT',
      /allocation 1 of item line 2/,
    ],
    [
      'a negative cost',
      (raw: Raw) => void (raw.costs[0]!.amount = '-25.00'),
      'NON_POSITIVE_AMOUNT',
      /freight line 3/,
    ],
    ['a negative tax', (raw: Raw) => void (raw.tax_amount = -16.25), 'NON_POSITIVE_AMOUNT', /tax amount/],
    ['a huge item', (raw: Raw) => void (raw.items[1]!.total_cost = 1e13), 'INVALID_AMOUNT', /10\^13/],
    [
      'a huge negative item',
      (raw: Raw) => void (raw.items[1]!.total_cost = -1e15),
      'INVALID_AMOUNT',
      /10\^13/,
    ],
    [
      'an allocation that is not a number',
      (raw: Raw) => void (raw.items[1]!.cost_allocations[0]!.amount = ''),
      'INVALID_AMOUNT',
      /allocation 1 of item line 2 .* is "", not a number/,
    ],
    [
      'a total beyond 10^13 across lines',
      (raw: Raw) => {
        for (const item of raw.items) {
          item.total_cost = 6e12;
          for (const allocation of item.cost_allocations)
            allocation.amount = String(6e12 / item.cost_allocations.length);
        }
      },
      'INVALID_AMOUNT',
      /amounts to 12000000000041\.25 USD/,
    ],
    [
      'a currency that is not three letters',
      (raw: Raw) => void (raw.currency = { ...raw.currency, name: 'US' }),
      'INVALID_CURRENCY',
      /"US"/,
    ],
    [
      'a currency with a digit',
      (raw: Raw) => void (raw.currency = { ...raw.currency, name: 'US1' }),
      'INVALID_CURRENCY',
      /"US1"/,
    ],
    ['no items', (raw: Raw) => void (raw.items = []), 'NO_LINES', /no items/],
    [
      'no invoice date',
      (raw: Raw) => void ((raw as { invoice_date: string | null }).invoice_date = null),
      'INVALID_DATE',
      /invoice date null/,
    ],
    [
      'an invoice number longer than Oracle’s 50 characters',
      (raw: Raw) => void (raw.invoice_number = 'I'.repeat(10_000)),
      'FIELD_TOO_LONG',
      /invoice number of 10000 characters \("I+…"\); Oracle Payables takes at most 50.*not cut/,
    ],
    [
      'an item without allocations',
      (raw: Raw) => void (raw.items[1]!.cost_allocations = []),
      'NO_ACCOUNT',
      /item line 2/,
    ],
  ])('fails on %s', (_case, change, code, reason) => {
    const outcome = mapBill(parsedBill(change), context());
    expect(outcome).toMatchObject({ kind: 'failed', code });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(reason);
  });
});

describe('mapBill: invoice numbers at the limit', () => {
  it('keeps a 50-character invoice number, and one in right-to-left script', () => {
    const fifty = 'N'.repeat(50);
    expect(
      mapped(
        mapBill(
          parsedBill((raw) => void (raw.invoice_number = fifty)),
          context(),
        ),
      ).InvoiceNumber,
    ).toBe(fifty);
    const arabic = 'فاتورة-٤٥٦-חשבונית';
    expect(
      mapped(
        mapBill(
          parsedBill((raw) => void (raw.invoice_number = arabic)),
          context(),
        ),
      ).InvoiceNumber,
    ).toBe(arabic);
  });

  it('counts the number after cleaning: control characters do not count', () => {
    const padded = `${'N'.repeat(50)}\u0000\u0000`;
    expect(
      mapped(
        mapBill(
          parsedBill((raw) => void (raw.invoice_number = padded)),
          context(),
        ),
      ).InvoiceNumber,
    ).toBe('N'.repeat(50));
  });
});
