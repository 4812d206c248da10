import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minSuggestionScore } from './vendor-match.ts';
import { nameSimilarity, normalizeVendorName } from './vendor-name.ts';

describe('normalizeVendorName', () => {
  it.each([
    // case and whitespace
    ['ACME SUPPLY', 'acme supply'],
    ['  Acme \t Supply\n', 'acme supply'],
    // punctuation
    ['Acme-Supply', 'acme supply'],
    ['Acme, Supply!', 'acme supply'],
    ["O'Neil Industrial", 'oneil industrial'],
    ['O’Neil Industrial', 'oneil industrial'],
    ['acme.com', 'acmecom'],
    ['(Acme) / Supply', 'acme supply'],
    // & → and
    ['Johnson & Johnson', 'johnson and johnson'],
    ['Johnson&Johnson', 'johnson and johnson'],
    ['Smith & Co.', 'smith'],
    // unicode: diacritics, compatibility forms, letters NFKD keeps
    ['Café Façade', 'cafe facade'],
    ['Müller GmbH', 'muller'],
    ['Ångström Labs', 'angstrom labs'],
    ['Straße Bau', 'strasse bau'],
    ['Øresund Shipping', 'oresund shipping'],
    ['Łódź Metal', 'lodz metal'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['ﬁne Goods', 'fine goods'],
    ['İstanbul Tekstil', 'istanbul tekstil'],
    ['株式会社 トヨタ', '株式会社 トヨタ'],
    ['شركة النور', 'شركة النور'],
    // legal suffixes, dotted or not, stacked
    ['Acme Supply, Inc.', 'acme supply'],
    ['Acme Supply Incorporated', 'acme supply'],
    ['Acme Supply LLC', 'acme supply'],
    ['Acme Supply L.L.C.', 'acme supply'],
    ['Acme Supply Ltd', 'acme supply'],
    ['Acme Supply Limited', 'acme supply'],
    ['Acme Supply Co', 'acme supply'],
    ['Acme Supply Company', 'acme supply'],
    ['Acme Supply Corp.', 'acme supply'],
    ['Acme Supply Corporation', 'acme supply'],
    ['Acme Supply PLC', 'acme supply'],
    ['Acme Supply S.A.', 'acme supply'],
    ['Acme Supply AG', 'acme supply'],
    ['Acme Supply B.V.', 'acme supply'],
    ['Acme Supply Pty Ltd', 'acme supply'],
    ['Acme Supply GmbH & Co. KG', 'acme supply'],
    ['Acme Company Inc', 'acme'],
    // only trailing suffixes go, and never the last word
    ['Inc Magazine', 'inc magazine'],
    ['Company', 'company'],
    ['The Co', 'the'],
    ['', ''],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeVendorName(input)).toBe(expected);
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (name) => {
        const once = normalizeVendorName(name);
        expect(normalizeVendorName(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const once = normalizeVendorName(name);
        expect(normalizeVendorName(once)).toBe(once);
      }),
    );
  });

  it('produces lower-case words separated by single spaces (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const normalized = normalizeVendorName(name);
        expect(normalized).toBe(normalized.trim());
        expect(normalized).not.toMatch(/\s{2}|[^\p{L}\p{N} ]/u);
      }),
    );
  });
});

describe('nameSimilarity (mean of word-set Dice and character-bigram Dice)', () => {
  it.each([
    ['Acme Supply, Inc.', 'ACME SUPPLY LLC', 1],
    ['Acme Supply', 'Supply Acme', 1],
    ['Acme Supply', 'Zenith Paper', 0],
    ['', '', 1],
    ['Acme', '', 0],
  ])('%j ~ %j = %d', (a, b, expected) => {
    expect(nameSimilarity(a, b)).toBe(expected);
  });

  it('ranks a typo above a different company and below the same name', () => {
    const typo = nameSimilarity('Acme Supply', 'Acme Suply');
    const other = nameSimilarity('Acme Supply', 'Apex Supply');
    expect(typo).toBeGreaterThan(other);
    expect(typo).toBeLessThan(1);
    expect(other).toBeGreaterThan(0);
  });

  it('sees joined and split words as close enough to suggest', () => {
    expect(nameSimilarity('FedEx', 'Fed Ex')).toBeGreaterThanOrEqual(minSuggestionScore);
    expect(nameSimilarity('FedEx', 'Fed Ex')).toBeGreaterThan(nameSimilarity('FedEx', 'UPS'));
  });

  it('is symmetric and within [0, 1], 1 for equal normalized names (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        const score = nameSimilarity(a, b);
        expect(score).toBe(nameSimilarity(b, a));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(nameSimilarity(a, a)).toBe(1);
        expect(normalizeVendorName(a) !== normalizeVendorName(b) || score === 1).toBe(true);
      }),
    );
  });

  it('is 1 for a name and its decorated variants (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z]{2,10}( [A-Za-z]{2,10}){0,2}$/),
        fc.constantFrom('', ', Inc.', ' LLC', ' Ltd', ' GmbH'),
        (name, suffix) => {
          fc.pre(normalizeVendorName(name).split(' ').length === name.split(' ').length);
          expect(nameSimilarity(name, `  ${name.toUpperCase()}${suffix} `)).toBe(1);
        },
      ),
    );
  });
});
