import { describe, expect, it } from 'vitest';
import type { ConnectionSettings } from '@mlc/connections';
import type { OracleAccountCombination } from '@mlc/oracle-client';
import {
  dimensionsFromCombinations,
  segmentNamed,
  valuesFromCombinations,
  valuesFromValueSet,
} from './oracle-segment-values.ts';

const now = new Date('2026-11-21T12:00:00Z');

/** accountCombinationsLOV rows as the simulator (and oracle-fusion.md §4.6) shape them. */
const combination = (
  costCenter: string,
  account: string,
  overrides: Partial<OracleAccountCombination> = {},
): OracleAccountCombination => ({
  _CODE_COMBINATION_ID: `${costCenter}${account}`,
  company: '100',
  costCenter,
  account,
  intercompany: '000',
  AccountType: 'E',
  EnabledFlag: true,
  StartDateActive: null,
  EndDateActive: null,
  ...overrides,
});

const accounting: ConnectionSettings['accounting'] = {
  delimiter: '-',
  segments: [
    { name: 'company', value: '100' },
    { name: 'costCenter', from: 'department' },
    { name: 'account', from: 'glAccount' },
    { name: 'intercompany', value: '000' },
  ],
};

describe('natural-account and cost-center values', () => {
  it('come from the segment an accounting `from` names, in order of preference', () => {
    expect(segmentNamed(accounting, ['glAccount'])).toBe('account');
    expect(segmentNamed(accounting, ['costCenter', 'department'])).toBe('costCenter');
    expect(segmentNamed(accounting, ['location'])).toBeUndefined();
  });

  it('from combinations: distinct values, enabled when any in-effect enabled combination uses them, the commonest type', () => {
    const rows = [
      combination('110', '6100'),
      combination('120', '6100', { EnabledFlag: false }),
      combination('110', '7100', { EnabledFlag: false }),
      combination('120', '7100', { EndDateActive: '2026-11-20' }),
      combination('110', '1500', { AccountType: 'A' }),
      combination('120', '1500', { AccountType: 'A' }),
      combination('130', '1500', { AccountType: 'E' }),
      combination('130', '6200', { StartDateActive: '2027-01-01' }),
    ];
    expect(valuesFromCombinations(rows, 'account', now)).toEqual([
      { value: '1500', description: null, enabled: true, accountType: 'A' },
      { value: '6100', description: null, enabled: true, accountType: 'E' },
      { value: '6200', description: null, enabled: false, accountType: 'E' },
      { value: '7100', description: null, enabled: false, accountType: 'E' },
    ]);
    expect(valuesFromCombinations(rows, 'costCenter', now).map((value) => value.value)).toEqual([
      '110',
      '120',
      '130',
    ]);
  });

  it('an end date is the last day in effect', () => {
    expect(
      valuesFromCombinations([combination('1', '1', { EndDateActive: '2026-11-21' })], 'account', now)[0]
        ?.enabled,
    ).toBe(true);
  });

  it('from a value set: descriptions kept, disabled and ended values disabled', () => {
    expect(
      valuesFromValueSet(
        [
          { Value: '920', Description: 'Corporate Marketing', EnabledFlag: false },
          { Value: '910', Description: ' Research ', EnabledFlag: true, EndDateActive: '2025-01-01' },
          { Value: '110', Description: '', EnabledFlag: true },
        ],
        now,
      ),
    ).toEqual([
      { value: '110', description: null, enabled: true, accountType: null },
      { value: '910', description: 'Research', enabled: false, accountType: null },
      { value: '920', description: 'Corporate Marketing', enabled: false, accountType: null },
    ]);
  });

  it('the combinations stream derives only the dimensions no value set is named for', () => {
    const settings = (masterData: object) =>
      ({
        accounting,
        options: {
          masterData: {
            glAccounts: { sync: true },
            costCenters: { sync: true },
            ...masterData,
          },
        },
      }) as unknown as ConnectionSettings;
    expect(
      dimensionsFromCombinations(settings({})).map(({ dimension, segment }) => [dimension.entity, segment]),
    ).toEqual([
      ['gl_account', 'account'],
      ['cost_center', 'costCenter'],
    ]);
    expect(
      dimensionsFromCombinations(settings({ costCenters: { sync: true, valueSet: 'CC' } })).map(
        ({ dimension }) => dimension.entity,
      ),
    ).toEqual(['gl_account']);
  });
});
