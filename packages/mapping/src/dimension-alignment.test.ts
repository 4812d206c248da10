import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alignDimensionMappings,
  type ExistingDimensionMapping,
  type OracleDimensionValue,
  type ProcurifyDimensionItem,
} from './dimension-alignment.ts';

const item = (
  key: string,
  label: string | null,
  externalId: string | null = null,
): ProcurifyDimensionItem => ({
  key,
  label,
  externalId,
  active: true,
});
const value = (v: string, label: string | null, active = true): OracleDimensionValue => ({
  value: v,
  label,
  active,
});
const mapping = (
  procurifyKey: string,
  oracleValue: string,
  matchedBy: string,
  state: 'confirmed' | 'suggested' = 'confirmed',
): ExistingDimensionMapping => ({ procurifyKey, oracleValue, matchedBy, state });

const summary = (changes: ReturnType<typeof alignDimensionMappings>) =>
  changes.map(
    (change) => `${change.action} ${change.procurifyKey}→${change.oracleValue} ${change.matchedBy}`,
  );

describe('alignDimensionMappings', () => {
  it('gl_account: equal codes are confirmed, similar descriptions only suggested', () => {
    const codes = [
      item('6100', 'Office Supplies'),
      item('6150-IT', 'Computer Equipment'),
      item('8000', 'Misc'),
    ];
    const values = [value('6100', 'Office Supplies'), value('6150', 'Computer equipment and peripherals')];
    expect(summary(alignDimensionMappings('gl_account', codes, values, []))).toEqual([
      'upsert 6100→6100 exact',
      'upsert 6150-IT→6150 suggested',
    ]);
    const [, suggested] = alignDimensionMappings('gl_account', codes, values, []);
    expect(suggested).toMatchObject({
      state: 'suggested',
      oracleLabel: 'Computer equipment and peripherals',
    });
  });

  it('department: external_id first, then a unique exact name; disabled values never confirm', () => {
    const departments = [
      item('103', 'IT – SEA', '130'),
      item('104', 'Finance', null),
      item('105', 'Legal', '999'),
      item('106', 'Quality', '140'),
    ];
    const values = [value('130', 'IT – SEA'), value('150', 'finance'), value('140', 'Quality', false)];
    expect(summary(alignDimensionMappings('department', departments, values, []))).toEqual([
      'upsert 103→130 external_id',
      'upsert 104→150 exact',
    ]);
  });

  it('location: the business unit named by external_id or name', () => {
    const locations = [
      item('1', 'Seattle HQ', 'US1 Business Unit'),
      item('3', 'CA1 Business Unit', 'YVR'),
      item('2', 'Portland Plant', 'PDX'),
    ];
    const units = [
      value('US1 Business Unit', 'US1 Business Unit'),
      value('CA1 Business Unit', 'CA1 Business Unit'),
    ];
    expect(summary(alignDimensionMappings('location', locations, units, []))).toEqual([
      'upsert 1→US1 Business Unit external_id',
      'upsert 3→CA1 Business Unit exact',
    ]);
  });

  it('never touches an operator mapping; leaves unchanged rows alone; removes automatic rows whose match is gone', () => {
    const codes = [item('6100', 'Office Supplies'), item('6200', 'Software'), item('6300', 'Repairs')];
    const values = [value('6100', 'Office Supplies'), value('6200', 'Software')];
    const existing = [
      mapping('6100', '6100', 'exact'),
      mapping('6200', '9999', 'explicit'),
      mapping('6300', '6300', 'exact'),
    ];
    expect(summary(alignDimensionMappings('gl_account', codes, values, existing))).toEqual([
      'delete 6300→6300 exact',
    ]);
  });

  it('a suggestion becomes confirmed when the match turns exact', () => {
    const changes = alignDimensionMappings(
      'department',
      [item('104', 'Finance', '150')],
      [value('150', 'Finance and Accounting')],
      [mapping('104', '150', 'suggested', 'suggested')],
    );
    expect(summary(changes)).toEqual(['upsert 104→150 external_id']);
    expect(changes[0]?.state).toBe('confirmed');
  });

  it('property: idempotent, and operator mappings are never changed', () => {
    const labels = fc.constantFrom('Finance', 'IT', 'Quality', 'Legal', 'Ops', null);
    const items = fc.uniqueArray(
      fc.record({
        key: fc.constantFrom('1', '2', '3', '4', '5'),
        label: labels,
        externalId: fc.constantFrom('100', '200', '300', null),
        active: fc.boolean(),
      }),
      { selector: (entry) => entry.key },
    );
    const values = fc.uniqueArray(
      fc.record({ value: fc.constantFrom('100', '200', '300', '400'), label: labels, active: fc.boolean() }),
      { selector: (entry) => entry.value },
    );
    const existing = fc.uniqueArray(
      fc.record({
        procurifyKey: fc.constantFrom('1', '2', '3', '4', '5'),
        oracleValue: fc.constantFrom('100', '200', '999'),
        matchedBy: fc.constantFrom('explicit', 'exact', 'external_id', 'suggested'),
        state: fc.constantFrom('confirmed' as const, 'suggested' as const),
      }),
      { selector: (entry) => entry.procurifyKey },
    );
    fc.assert(
      fc.property(items, values, existing, (procurify, oracle, mappings) => {
        const changes = alignDimensionMappings('department', procurify, oracle, mappings);
        const explicit = new Set<string>(
          mappings.filter((m) => m.matchedBy === 'explicit').map((m) => m.procurifyKey),
        );
        for (const change of changes) expect(explicit.has(change.procurifyKey)).toBe(false);
        // Apply, then align again: nothing left to do.
        const after = new Map<string, ExistingDimensionMapping>(mappings.map((m) => [m.procurifyKey, m]));
        for (const change of changes) {
          if (change.action === 'delete') after.delete(change.procurifyKey);
          else after.set(change.procurifyKey, change);
        }
        expect(alignDimensionMappings('department', procurify, oracle, [...after.values()])).toEqual([]);
      }),
    );
  });
});
