import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDate, cleanText, distinctNotes, truncateText } from './text.ts';

const hasLoneSurrogate = (text: string): boolean => /\p{Cs}/u.test(text);

describe('truncateText', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateText('a'.repeat(240))).toBe('a'.repeat(240));
  });

  it('cuts at 240 code units and marks the cut', () => {
    const cut = truncateText('a'.repeat(300));
    expect(cut).toHaveLength(240);
    expect(cut.endsWith('a…')).toBe(true);
  });

  it.each([
    ['emoji (surrogate pairs)', '😀'.repeat(200)],
    ['a family emoji (ZWJ sequence)', '👨‍👩‍👧'.repeat(60)],
    ['flags (regional indicator pairs)', '🇨🇦🇺🇸'.repeat(70)],
    ['combining marks', 'e\u0301'.repeat(200)],
    ['right-to-left text with a mark', `\u200Fשלום עולם ${'مرحبا بالعالم '.repeat(30)}`],
    ['an odd offset before emoji', `x${'🚚'.repeat(200)}`],
  ])('never splits %s', (_what, text) => {
    const cut = truncateText(text);
    expect(cut.length).toBeLessThanOrEqual(240);
    expect(hasLoneSurrogate(cut)).toBe(false);
    expect(text.startsWith(cut.slice(0, -1).trimEnd())).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('keeps whole grapheme clusters only (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 2, max: 260 }),
        (text, max) => {
          const cut = truncateText(text, max);
          expect(cut.length).toBeLessThanOrEqual(Math.max(max, 0));
          expect(hasLoneSurrogate(cut)).toBe(false);
          // Untouched when it fits, else a prefix of whole clusters followed by "…".
          expect(text.length <= max ? cut === text : text.startsWith(cut.slice(0, -1))).toBe(true);
        },
      ),
    );
  });
});

describe('cleanText and distinctNotes', () => {
  it('collapses whitespace and drops control characters', () => {
    expect(cleanText('  Deliver\r\nto\tdock\u0000 4  ')).toBe('Deliver to dock 4');
    expect(cleanText(null)).toBe('');
  });

  it('keeps the first of notes equal ignoring case and spacing, drops blanks', () => {
    expect(
      distinctNotes(['Q2 supplies', null, ' q2  SUPPLIES', '', 'Restock', undefined, 'Q2 supplies']),
    ).toEqual(['Q2 supplies', 'Restock']);
  });
});

describe('calendarDate', () => {
  it.each([
    ['2025-03-01T00:00:00Z', '2025-03-01'],
    ['2025-02-28T23:00:00-08:00', '2025-02-28'],
    ['2025-03-01', '2025-03-01'],
    ['2024-02-29T12:00:00Z', '2024-02-29'],
    ['2025-02-30', undefined],
    ['2025-13-01', undefined],
    ['03/01/2025', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j → %j', (input, expected) => {
    expect(calendarDate(input)).toBe(expected);
  });
});
