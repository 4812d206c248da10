import { describe, expect, it } from 'vitest';
import { storableDate, storableJson, storableText } from './storable.ts';

describe('storable', () => {
  it('drops NUL and replaces unpaired surrogates, keeping every other character', () => {
    expect(storableText('INV\u0000-1')).toBe('INV-1');
    expect(storableText('a\ud800b')).toBe('a\ufffdb');
    expect(storableText('b\udc00')).toBe('b\ufffd');
    const kept = 'فاتورة 👩‍👩‍👧‍👦 🇨🇦 Cafe\u0301 zero\u200bwidth \u202eRTL\t\n';
    expect(storableText(kept)).toBe(kept);
  });

  it('cleans strings and keys at every depth, and leaves clean documents alone', () => {
    const dirty = { 'k\u0000': ['x\u0000y', { deep: 'lone \udfff' }], n: 1, nil: null, ok: true };
    expect(JSON.parse(storableJson(dirty))).toEqual({
      k: ['xy', { deep: 'lone \ufffd' }],
      n: 1,
      nil: null,
      ok: true,
    });
    const clean = { text: 'plain \\u0000 as written', emoji: '🇨🇦' };
    expect(storableJson(clean)).toBe(JSON.stringify(clean));
    expect(JSON.parse(storableJson(clean))).toEqual(clean);
    expect(storableJson(undefined)).toBe('null');
  });

  it('turns an invalid date into null', () => {
    expect(storableDate(new Date('garbage'))).toBeNull();
    expect(storableDate(null)).toBeNull();
    expect(storableDate(new Date(0))?.getTime()).toBe(0);
  });
});
