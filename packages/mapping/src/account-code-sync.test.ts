import { describe, expect, it } from 'vitest';
import {
  accountCodeFieldsFromValue,
  accountTypeFromOracle,
  planAccountCodeSync,
  type AccountCodeFields,
  type AccountCodeProfile,
  type OracleSegmentValue,
} from './account-code-sync.ts';
import {
  chooseDepartment,
  departmentFieldsFromValue,
  planDepartmentSync,
  type DepartmentFields,
  type DepartmentProfile,
} from './department-sync.ts';

const value = (overrides: Partial<OracleSegmentValue> = {}): OracleSegmentValue => ({
  value: '6100',
  description: 'Office Supplies',
  enabled: true,
  accountType: 'E',
  ...overrides,
});

function fields<F>(result: { kind: 'ok'; fields: F } | { kind: 'failed'; reason: string }): F {
  if (result.kind !== 'ok') throw new Error(result.reason);
  return result.fields;
}

describe('GL account values → Procurify account codes', () => {
  const code: AccountCodeProfile = {
    id: '12',
    code: '6100',
    description: 'Office Supplies',
    accountType: 2,
    active: true,
  };

  it.each([
    ['A', 0],
    ['l', 1],
    ['E', 2],
    ['R', 3],
    ['O', 4],
    ['X', undefined],
    [null, undefined],
  ] as const)('Oracle account type %s → Procurify %s', (oracle, procurify) => {
    expect(accountTypeFromOracle(oracle)).toBe(procurify);
  });

  it('creates a missing code; with no description in Oracle the code doubles as one', () => {
    expect(
      planAccountCodeSync({
        desired: fields(accountCodeFieldsFromValue(value())),
        enabled: true,
        current: undefined,
        previous: undefined,
      }),
    ).toEqual({
      kind: 'create',
      accountCode: { code: '6100', description: 'Office Supplies', account_type: 2 },
    });
    expect(
      planAccountCodeSync({
        desired: fields(
          accountCodeFieldsFromValue(value({ value: '6900', description: null, accountType: null })),
        ),
        enabled: true,
        current: undefined,
        previous: undefined,
      }),
    ).toEqual({ kind: 'create', accountCode: { code: '6900', description: '6900' } });
  });

  it('an identical code is in sync; a description changed in Oracle is updated, nothing else', () => {
    const desired = fields(accountCodeFieldsFromValue(value()));
    expect(planAccountCodeSync({ desired, enabled: true, current: code, previous: undefined })).toEqual({
      kind: 'in_sync',
      accountCodeId: '12',
    });
    const renamed = fields(accountCodeFieldsFromValue(value({ description: 'Office & Breakroom Supplies' })));
    expect(
      planAccountCodeSync({ desired: renamed, enabled: true, current: code, previous: desired }),
    ).toEqual({
      kind: 'update',
      accountCodeId: '12',
      current: code,
      changes: { description: 'Office & Breakroom Supplies' },
    });
    // Procurify's own wording is kept while Oracle's description stays the same.
    const edited = { ...code, description: 'Office supplies (all sites)' };
    expect(planAccountCodeSync({ desired, enabled: true, current: edited, previous: desired }).kind).toBe(
      'in_sync',
    );
  });

  it('a value without a description never blanks Procurify’s', () => {
    const desired: AccountCodeFields = fields(accountCodeFieldsFromValue(value({ description: null })));
    expect(planAccountCodeSync({ desired, enabled: true, current: code, previous: desired }).kind).toBe(
      'in_sync',
    );
  });

  it('disabled values are skipped with a reason (the API cannot deactivate codes)', () => {
    const desired = fields(accountCodeFieldsFromValue(value()));
    expect(planAccountCodeSync({ desired, enabled: false, current: code, previous: desired })).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(/cannot deactivate account codes: deactivate 6100 in Procurify/),
    });
    expect(
      planAccountCodeSync({ desired, enabled: false, current: undefined, previous: undefined }),
    ).toMatchObject({
      kind: 'skip',
    });
  });

  it('respects the limits: a code over 50 is refused, a description over 200 is cut with a warning', () => {
    expect(accountCodeFieldsFromValue(value({ value: '1'.repeat(51) }))).toMatchObject({
      kind: 'failed',
      code: 'FIELD_TOO_LONG',
    });
    const long = accountCodeFieldsFromValue(value({ description: 'd'.repeat(250) }));
    expect(long.kind === 'ok' && String(long.fields.description)).toHaveLength(200);
    expect(long.kind === 'ok' && long.warnings).toEqual([
      expect.stringMatching(/250 characters; Procurify allows 200/),
    ]);
  });
});

describe('cost-center values → Procurify departments', () => {
  const it110: DepartmentProfile = {
    id: '103',
    name: 'IT – SEA',
    externalId: '130',
    active: true,
    branchId: '1',
  };
  const cc = (overrides: Partial<OracleSegmentValue> = {}) =>
    value({ value: '130', description: 'IT – SEA', accountType: null, ...overrides });

  it('creates a missing department in the given location with external_id = the value', () => {
    expect(
      planDepartmentSync({
        desired: fields(
          departmentFieldsFromValue(cc({ value: '910', description: 'Research and Development' })),
        ),
        current: undefined,
        previous: undefined,
        branchId: 1,
      }),
    ).toEqual({
      kind: 'create',
      department: { branch: 1, name: 'Research and Development', external_id: '910', active: true },
    });
    expect(
      planDepartmentSync({
        desired: fields(departmentFieldsFromValue(cc({ value: '910', description: null }))),
        current: undefined,
        previous: undefined,
        branchId: 1,
      }),
    ).toMatchObject({ kind: 'create', department: { name: '910' } });
  });

  it('renames and (de)activates what changed in Oracle; a matching department is in sync', () => {
    const desired: DepartmentFields = fields(departmentFieldsFromValue(cc()));
    expect(planDepartmentSync({ desired, current: it110, previous: undefined, branchId: 1 }).kind).toBe(
      'in_sync',
    );
    const changed = fields(
      departmentFieldsFromValue(cc({ description: 'Information Technology', enabled: false })),
    );
    expect(planDepartmentSync({ desired: changed, current: it110, previous: desired, branchId: 1 })).toEqual({
      kind: 'update',
      departmentId: '103',
      current: it110,
      changes: { name: 'Information Technology', active: false },
    });
  });

  it('does not create departments for disabled values; refuses keys over 100', () => {
    const disabled = fields(departmentFieldsFromValue(cc({ enabled: false })));
    expect(
      planDepartmentSync({ desired: disabled, current: undefined, previous: undefined, branchId: 1 }).kind,
    ).toBe('skip');
    expect(departmentFieldsFromValue(cc({ value: '9'.repeat(101) }))).toMatchObject({
      code: 'FIELD_TOO_LONG',
    });
  });

  it('of several departments for one value, prefers the one in the given location, else the lowest id', () => {
    const a = { ...it110, id: '205', branchId: '2' };
    const b = { ...it110, id: '310', branchId: '3' };
    expect(chooseDepartment([b, a], '3')?.id).toBe('310');
    expect(chooseDepartment([b, a], '9')?.id).toBe('205');
    expect(chooseDepartment([], '1')).toBeUndefined();
  });
});
