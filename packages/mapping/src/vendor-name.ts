/**
 * Trailing legal-form words dropped by `normalizeVendorName` ("Acme Supply, Inc." and "ACME
 * SUPPLY LLC" are the same vendor). Dotted forms ("L.L.C.", "S.A.") collapse to these before
 * the comparison because dots inside a word are removed first.
 */
export const legalSuffixes: readonly string[] = [
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'pllc',
  'ltd',
  'ltda',
  'limited',
  'gmbh',
  'mbh',
  'co',
  'company',
  'corp',
  'corporation',
  'plc',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'ag',
  'kg',
  'bv',
  'nv',
  'pty',
  'pte',
  'ab',
  'oy',
  'kk',
  'ulc',
];
const suffixSet = new Set(legalSuffixes);

/** Letters that NFKD does not decompose but people write without (Straße → strasse). */
const foldedLetters: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

function normalizeOnce(name: string): string {
  const folded = name
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøđðłþı]/gu, (letter) => foldedLetters[letter] ?? letter)
    .replace(/&/gu, ' and ')
    // Dots and apostrophes inside a word join it ("L.L.C." → "llc", "O'Neil" → "oneil").
    .replace(/(?<=[\p{L}\p{N}])[.'’](?=[\p{L}\p{N}])/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const tokens = folded === '' ? [] : folded.split(' ');
  // Drop legal forms from the end ("acme co inc" → "acme"), then a dangling "and" left by
  // "Smith & Co." — but never the last word: "Company" alone stays a name.
  while (tokens.length > 1) {
    const last = tokens.at(-1) ?? '';
    if (suffixSet.has(last) || last === 'and') tokens.pop();
    else break;
  }
  return tokens.join(' ');
}

/**
 * Lower-case, NFKD with diacritics stripped (plus ß/æ/ø… folded), "&" → "and", punctuation
 * removed (dots and apostrophes inside a word simply vanish, other punctuation separates words),
 * whitespace collapsed, trailing legal suffixes removed. Applied until stable, so it is
 * idempotent even for the rare characters whose lower-case form decomposes further.
 */
export function normalizeVendorName(name: string): string {
  let current = normalizeOnce(name);
  for (let round = 0; round < 4; round += 1) {
    const next = normalizeOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Character bigrams of each word, padded with spaces so one-letter words count ("a" → " a", "a "). */
function bigrams(normalized: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (const token of normalized.split(' ')) {
    if (token === '') continue;
    const chars = [' ', ...Array.from(graphemes.segment(token), ({ segment }) => segment), ' '];
    for (let index = 0; index < chars.length - 1; index += 1) {
      const gram = `${chars[index]}${chars[index + 1]}`;
      grams.set(gram, (grams.get(gram) ?? 0) + 1);
    }
  }
  return grams;
}

function dice<K>(a: Map<K, number>, b: Map<K, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const count of a.values()) sizeA += count;
  for (const [key, count] of b) {
    sizeB += count;
    shared += Math.min(count, a.get(key) ?? 0);
  }
  return sizeA + sizeB === 0 ? 0 : (2 * shared) / (sizeA + sizeB);
}

function tokenCounts(normalized: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of new Set(normalized.split(' '))) if (token !== '') counts.set(token, 1);
  return counts;
}

/** Precomputed features of a normalized name, so an index can score many names cheaply. */
export interface NameFeatures {
  normalized: string;
  tokens: Map<string, number>;
  grams: Map<string, number>;
}

export function nameFeatures(name: string): NameFeatures {
  const normalized = normalizeVendorName(name);
  return { normalized, tokens: tokenCounts(normalized), grams: bigrams(normalized) };
}

export function featureSimilarity(a: NameFeatures, b: NameFeatures): number {
  if (a.normalized === b.normalized) return 1;
  if (a.normalized === '' || b.normalized === '') return 0;
  return (dice(a.tokens, b.tokens) + dice(a.grams, b.grams)) / 2;
}

/**
 * 0..1 similarity of two vendor names after `normalizeVendorName`: the mean of the Sørensen–Dice
 * coefficient of their word sets (word order and repeats do not matter) and of their padded
 * character-bigram multisets (tolerates typos and joined or split words: "Fedex" ~ "Fed Ex").
 * Symmetric by construction; 1 exactly when the normalized names are equal; 0 when either is
 * empty and they are not both empty.
 */
export function nameSimilarity(a: string, b: string): number {
  return featureSimilarity(nameFeatures(a), nameFeatures(b));
}
