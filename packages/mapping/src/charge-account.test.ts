import type { Accounting } from '@mlc/connections';
import { describe, expect, it } from 'vitest';
import { buildChargeAccount, chargeSourceFromAccount, type ChargeSource } from './charge-account.ts';
import { parsedPurchaseOrder } from './fixtures/parsed.fixtures.ts';
import { acmeDimensions, designAccounting, dimensionTable } from './fixtures/oracle.fixtures.ts';

const source = (overrides: Partial<ChargeSource> = {}): ChargeSource => ({
  glAccountCode: '6100',
  departmentId: '5',
  departmentExternalId: 'CC200',
  locationId: '1',
  locationExternalId: null,
  ...overrides,
});

const noMappings = dimensionTable({});

const fullAccounting: Accounting = {
  delimiter: '.',
  segments: [
    { name: 'location', from: 'location' },
    { name: 'account', from: 'glAccount' },
    { name: 'company', value: '01' },
    { name: 'costCenter', from: 'costCenter' },
    { name: 'department', from: 'department' },
  ],
};

describe('buildChargeAccount', () => {
  it.each([
    [
      'fixed values only',
      {
        delimiter: '-',
        segments: [
          { name: 'company', value: '100' },
          { name: 'ic', value: '000' },
        ],
      },
      source(),
      noMappings,
      '100-000',
    ],
    [
      'the design chart: department external_id and account code as they are',
      designAccounting,
      source(),
      noMappings,
      '100-CC200-6100-000',
    ],
    [
      'an explicit department mapping beats the external_id',
      designAccounting,
      source(),
      dimensionTable({ 'department:5': '520' }),
      '100-520-6100-000',
    ],
    [
      'an explicit gl_account mapping beats the code',
      designAccounting,
      source(),
      dimensionTable({ 'gl_account:6100': '7710' }),
      '100-CC200-7710-000',
    ],
    [
      'a department mapping for a department without external_id',
      designAccounting,
      source({ departmentId: '6', departmentExternalId: null }),
      acmeDimensions,
      '100-410-6100-000',
    ],
    [
      'custom delimiter and order, every kind of segment',
      fullAccounting,
      source({ locationExternalId: 'L9' }),
      dimensionTable({ 'cost_center:5': 'C5', 'department:5': 'D5' }),
      'L9.6100.01.C5.D5',
    ],
    [
      'a location mapping beats the location external_id',
      fullAccounting,
      source({ locationExternalId: 'L9' }),
      dimensionTable({ 'location:1': 'HQ', 'cost_center:5': 'C5' }),
      'HQ.6100.01.C5.CC200',
    ],
    [
      'costCenter falls back to the department external_id',
      fullAccounting,
      source({ locationExternalId: 'L9' }),
      noMappings,
      'L9.6100.01.CC200.CC200',
    ],
    [
      'a multi-character delimiter',
      {
        delimiter: '::',
        segments: [
          { name: 'a', value: '1' },
          { name: 'b', from: 'glAccount' },
        ],
      },
      source(),
      noMappings,
      '1::6100',
    ],
    [
      'a blank mapping counts as no mapping',
      designAccounting,
      source(),
      dimensionTable({ 'department:5': '  ' }),
      '100-CC200-6100-000',
    ],
  ] as const)('%s', (_case, accounting, charge, dimension, expected) => {
    expect(buildChargeAccount(accounting as Accounting, charge, dimension)).toEqual({
      ok: true,
      combination: expected,
    });
  });

  it('reports every missing key at once, each once', () => {
    const result = buildChargeAccount(
      {
        delimiter: '-',
        segments: [
          { name: 'company', value: '100' },
          { name: 'dept', from: 'department' },
          { name: 'cc', from: 'costCenter' },
          { name: 'site', from: 'location' },
          { name: 'dept-again', from: 'department' },
          { name: 'account', from: 'glAccount' },
        ],
      },
      source({
        departmentId: '6',
        departmentExternalId: null,
        departmentName: 'Operations',
        locationId: '2',
        locationName: 'Plant 2',
      }),
      noMappings,
    );
    expect(result).toEqual({
      ok: false,
      missing: [
        { kind: 'department', key: '6', label: 'department "Operations" (6) has no mapping or external_id' },
        { kind: 'cost_center', key: '6', label: 'department "Operations" (6) has no mapping or external_id' },
        { kind: 'location', key: '2', label: 'location "Plant 2" (2) has no mapping or external_id' },
      ],
    });
  });

  it('reports a missing account code, department and location when the line has none', () => {
    const result = buildChargeAccount(
      fullAccounting,
      {
        glAccountCode: null,
        departmentId: null,
        departmentExternalId: null,
        locationId: null,
        locationExternalId: null,
      },
      noMappings,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.missing.map((m) => [m.kind, m.key])).toEqual([
      ['location', ''],
      ['gl_account', ''],
      ['cost_center', ''],
      ['department', ''],
    ]);
  });

  it('refuses a value containing the delimiter, which would shift later segments', () => {
    const result = buildChargeAccount(
      designAccounting,
      source({ departmentExternalId: 'CC-200' }),
      noMappings,
    );
    expect(result).toEqual({
      ok: false,
      missing: [
        {
          kind: 'department',
          key: '5',
          label: 'value "CC-200" for segment costCenter contains the delimiter "-"',
        },
      ],
    });
    // …but a fixed value is the connection's own choice.
    expect(
      buildChargeAccount({ delimiter: '-', segments: [{ name: 'x', value: '1-2' }] }, source(), noMappings),
    ).toEqual({
      ok: true,
      combination: '1-2',
    });
  });

  it('asks the lookup with the right kind and key', () => {
    const asked: string[] = [];
    buildChargeAccount(fullAccounting, source(), (kind, key) => {
      asked.push(`${kind}:${key}`);
      return { oracleValue: 'V' };
    });
    expect(asked).toEqual(['location:1', 'gl_account:6100', 'cost_center:5', 'department:5']);
  });
});

describe('chargeSourceFromAccount', () => {
  it('reads the account code, department and its branch', () => {
    // PO 1042's toner line is charged to 6100 × IT (HQ).
    expect(chargeSourceFromAccount(parsedPurchaseOrder().order_items[1]?.account)).toEqual({
      glAccountCode: '6100',
      departmentId: '5',
      departmentExternalId: 'CC200',
      departmentName: 'IT',
      locationId: '1',
      locationExternalId: null,
      locationName: 'HQ',
    });
  });

  it('treats blanks as absent and honours a branch external_id a tenant sends', () => {
    const po = parsedPurchaseOrder((raw) => {
      raw.order_items[0]!.account = {
        ...raw.order_items[0]!.account,
        account_code: {
          id: 1,
          code: ' 6100 ',
          description: 'x',
          account_type: 2,
          active: true,
          parent: null,
        },
        department: {
          id: 6,
          name: 'Operations',
          external_id: '',
          branch: { id: 2, name: 'Plant 2', external_id: 'P2' },
        },
      };
    });
    expect(chargeSourceFromAccount(po.order_items[0]?.account)).toMatchObject({
      glAccountCode: '6100',
      departmentExternalId: null,
      locationExternalId: 'P2',
    });
  });

  it('is all nulls without an account', () => {
    expect(chargeSourceFromAccount(null)).toMatchObject({
      glAccountCode: null,
      departmentId: null,
      locationId: null,
    });
  });
});
