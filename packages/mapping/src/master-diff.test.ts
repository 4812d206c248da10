import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitText, isEmptyValue, masterChanges, sameValue, type FieldValues } from './master-diff.ts';

type F = 'name' | 'city' | 'active';

describe('sameValue / isEmptyValue', () => {
  it.each([
    [null, undefined, true],
    ['', null, true],
    ['  ', undefined, true],
    [' Acme ', 'Acme', true],
    ['Acme', 'ACME', false],
    [false, null, false],
    [false, false, true],
    [0, null, false],
  ] as const)('%j vs %j → %s', (a, b, same) => {
    expect(sameValue(a, b)).toBe(same);
    expect(sameValue(b, a)).toBe(same);
  });

  it('booleans and numbers are never empty', () => {
    expect([false, 0, true].map(isEmptyValue)).toEqual([false, false, false]);
  });
});

describe('masterChanges (three-way)', () => {
  const desired: FieldValues<F> = { name: 'Acme Supply Inc.', city: 'Seattle', active: true };

  it('adopting an existing record only fills what it leaves empty', () => {
    expect(masterChanges(desired, { name: 'ACME', city: null, active: true }, undefined)).toEqual({
      city: 'Seattle',
    });
    // A boolean is never "empty": an adopted record keeps its own active flag.
    expect(masterChanges(desired, { name: 'ACME', city: 'Tacoma', active: false }, undefined)).toEqual({});
  });

  it('after a sync, only fields the owner changed since are written', () => {
    const previous: FieldValues<F> = { name: 'Acme Supply', city: 'Seattle', active: true };
    // Renamed in the owning system; the other side's own city edit is kept.
    expect(masterChanges(desired, { name: 'Acme Supply', city: 'Tacoma', active: true }, previous)).toEqual({
      name: 'Acme Supply Inc.',
    });
    expect(
      masterChanges({ ...desired, active: false }, { name: 'x', city: 'y', active: true }, desired),
    ).toEqual({
      active: false,
    });
  });

  it('a change the other side already has is not written again', () => {
    const previous: FieldValues<F> = { name: 'Acme Supply', city: 'Seattle', active: true };
    expect(
      masterChanges(desired, { name: ' Acme Supply Inc. ', city: 'Seattle', active: true }, previous),
    ).toEqual({});
  });

  it('fields the owner does not carry are never touched', () => {
    expect(masterChanges({ name: 'A' }, { name: 'A', city: null }, undefined)).toEqual({});
  });

  const values = fc.oneof(fc.constant(null), fc.constantFrom('', 'a', 'b', ' a', 'c'), fc.boolean());
  const record = fc.record({ name: values, city: values, active: values }, { requiredKeys: [] });

  it('property: writes only fields that differ from the current record', () => {
    fc.assert(
      fc.property(record, record, fc.option(record, { nil: undefined }), (want, held, previous) => {
        const changes = masterChanges<F>(want, held, previous);
        for (const [field, value] of Object.entries(changes) as [F, unknown][]) {
          expect(value).toBe(want[field]);
          expect(sameValue(want[field], held[field])).toBe(false);
        }
      }),
    );
  });

  it('property: idempotent: replaying the same diff after it was applied writes nothing', () => {
    fc.assert(
      fc.property(record, record, fc.option(record, { nil: undefined }), (want, held, previous) => {
        const applied = { ...held, ...masterChanges<F>(want, held, previous) };
        expect(masterChanges<F>(want, applied, previous)).toEqual({});
      }),
    );
  });

  it('property: nothing the owner left unchanged is rewritten, and adoption never overwrites a value', () => {
    fc.assert(
      fc.property(record, record, (want, held) => {
        expect(masterChanges<F>(want, held, want)).toEqual({});
        for (const field of Object.keys(masterChanges<F>(want, held, undefined)) as F[])
          expect(isEmptyValue(held[field])).toBe(true);
      }),
    );
  });
});

describe('fitText', () => {
  const options = { field: 'Name "x"', target: 'Procurify' } as const;

  it('leaves what fits alone', () => {
    expect(fitText('abc', 3, { ...options, onTooLong: 'fail' })).toEqual({ kind: 'ok', value: 'abc' });
  });

  it('cuts, omits or refuses what does not, and says why', () => {
    const long = 'x'.repeat(12);
    const cut = fitText(long, 10, { ...options, onTooLong: 'truncate' });
    expect(cut).toMatchObject({ kind: 'ok', value: `${'x'.repeat(9)}…` });
    expect(cut.kind === 'ok' && cut.warning).toMatch(/is 12 characters; Procurify allows 10: carried cut/);
    expect(fitText(long, 10, { ...options, onTooLong: 'omit' })).toEqual({
      kind: 'omitted',
      warning: 'Name "x" is 12 characters; Procurify allows 10: not carried',
    });
    expect(fitText(long, 10, { ...options, onTooLong: 'fail' })).toEqual({
      kind: 'too_long',
      reason: 'Name "x" is 12 characters; Procurify allows 10: it cannot be carried',
    });
  });

  it('property: a cut value always fits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 2, max: 300 }), (value, max) => {
        const fitted = fitText(value, max, { ...options, onTooLong: 'truncate' });
        expect(fitted.kind === 'ok' ? fitted.value.length : Number.POSITIVE_INFINITY).toBeLessThanOrEqual(
          max,
        );
      }),
    );
  });
});
