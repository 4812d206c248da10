import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, volatileKeys } from './content-hash.ts';
import { billDetail, purchaseOrderDetail } from './fixtures/procurify.fixtures.ts';

/** The same value with every object's keys in reverse order, at every depth. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .toReversed()
      .map(([key, item]) => [key, reverseKeys(item)]),
  );
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops volatile ones', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, version: 9 })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('follows JSON for undefined, functions, dates, non-finite numbers; writes bigints as strings', () => {
    expect(
      canonicalJson({
        gone: undefined,
        fn: () => 1,
        list: [undefined, Number.NaN],
        at: new Date('2025-03-01T00:00:00Z'),
        big: 10n,
      }),
    ).toBe('{"at":"2025-03-01T00:00:00.000Z","big":"10","list":[null,null]}');
  });

  it('refuses a circular structure instead of overflowing the stack', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop['self'] = loop;
    expect(() => canonicalJson(loop)).toThrow(/circular/);
  });

  it('allows the same object twice when it is not its own ancestor', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe('contentHash', () => {
  it('is a sha256 hex digest', () => {
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('is the same for a real bill whatever the key order', () => {
    expect(contentHash(reverseKeys(billDetail()))).toBe(contentHash(billDetail()));
    expect(contentHash(reverseKeys(purchaseOrderDetail()))).toBe(contentHash(purchaseOrderDetail()));
  });

  it.each([
    [
      'last_modified_datetime',
      (bill: ReturnType<typeof billDetail>) => void (bill.last_modified_datetime = '2025-04-01T00:00:00Z'),
    ],
    ['version', (bill: ReturnType<typeof billDetail>) => void (bill.version = 4)],
    [
      'a nested last_modified',
      (bill: ReturnType<typeof billDetail>) => void Object.assign(bill.items[0]!, { last_modified: 'x' }),
    ],
    ['past_due', (bill: ReturnType<typeof billDetail>) => void Object.assign(bill, { past_due: true })],
  ])('ignores a change of %s', (_what, change) => {
    const changed = billDetail();
    change(changed);
    expect(contentHash(changed)).toBe(contentHash(billDetail()));
  });

  it.each([
    ['the invoice number', (bill: ReturnType<typeof billDetail>) => void (bill.invoice_number = 'INV-7782')],
    ['an item amount', (bill: ReturnType<typeof billDetail>) => void (bill.items[0]!.total_cost = 201)],
    [
      'an allocation',
      (bill: ReturnType<typeof billDetail>) => void (bill.items[1]!.cost_allocations[0]!.amount = '33.33'),
    ],
    ['the status', (bill: ReturnType<typeof billDetail>) => void (bill.status = 4)],
    [
      'the order of items',
      (bill: ReturnType<typeof billDetail>) => void (bill.items = bill.items.toReversed()),
    ],
  ])('changes when %s changes', (_what, change) => {
    const changed = billDetail();
    change(changed);
    expect(contentHash(changed)).not.toBe(contentHash(billDetail()));
  });

  it('takes its own list of keys to ignore', () => {
    expect(contentHash({ a: 1, note: 'x' }, ['note'])).toBe(contentHash({ a: 1, note: 'y' }, ['note']));
    // With an explicit list, the default volatile keys count again.
    expect(contentHash({ a: 1, version: 1 }, [])).not.toBe(contentHash({ a: 1, version: 2 }, []));
  });

  it('lists the Procurify and Oracle modification stamps as volatile', () => {
    expect(volatileKeys).toEqual(
      expect.arrayContaining([
        'last_modified',
        'last_modified_datetime',
        'dateModified',
        'updated_at',
        'version',
        'LastUpdateDate',
      ]),
    );
  });

  it('does not depend on key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(contentHash(reverseKeys(value))).toBe(contentHash(value));
      }),
    );
  });

  it('distinguishes values that differ outside volatile keys (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (value, extra) => {
        const changed = { ...value, __marker__: extra };
        const original = { ...value, __marker__: `${extra}!` };
        expect(contentHash(changed)).not.toBe(contentHash(original));
      }),
    );
  });
});
