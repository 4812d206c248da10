/** Oracle's limit for PO and invoice descriptions and PO line item descriptions. */
export const descriptionMaxLength = 240;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const ellipsis = '…';

/**
 * Cuts `text` to at most `max` UTF-16 code units, ending with "…" when it was cut. It cuts between
 * grapheme clusters, so it never splits a surrogate pair, an emoji ZWJ sequence, a flag or a
 * letter from its combining marks. Counting code units (not code points) is the conservative
 * reading of Oracle's "240 characters": whichever way Oracle counts, the result fits.
 */
export function truncateText(text: string, max: number = descriptionMaxLength): string {
  if (text.length <= max) return text;
  const budget = max - ellipsis.length;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > budget) break;
    out += segment;
  }
  return out.trimEnd() + ellipsis;
}

/** Collapses whitespace (newlines included) and drops control characters from a free-text note. */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\p{Cc}\p{Cs}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Non-empty cleaned notes, first occurrence kept, compared case-insensitively. */
export function distinctNotes(notes: readonly (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const note of notes) {
    const cleaned = cleanText(note);
    const key = cleaned.toLowerCase();
    if (cleaned === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(cleaned);
  }
  return out;
}

/**
 * The calendar date of a Procurify date or date-time, as written ("2025-03-01T00:00:00Z" →
 * "2025-03-01"). No time-zone conversion: Procurify stores these dates at midnight and we have
 * no tenant time zone here, and converting would move them a day for anyone west of UTC.
 */
export function calendarDate(value: string | null | undefined): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec((value ?? '').trim());
  if (!match) return undefined;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Rejects 2025-02-30 and friends, which Date.UTC would silently roll over.
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  return `${year}-${month}-${day}`;
}
