import { truncateText } from './text.ts';

/** A field value master-data sync carries from one system to the other. */
export type FieldValue = string | number | boolean | null;

/** Carried fields by name. A field that is absent is not carried (nothing known, or not holdable). */
export type FieldValues<K extends string = string> = Partial<Record<K, FieldValue>>;

/** null, undefined and blank strings are "empty": nothing a person entered. Booleans and numbers never are. */
export function isEmptyValue(value: FieldValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Equal for sync purposes: strings compared trimmed, and every empty value equals every other. */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (isEmptyValue(a) || isEmptyValue(b)) return isEmptyValue(a) && isEmptyValue(b);
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

/**
 * The three-way diff behind every master-data update ("everything is a diff"). `desired` is what
 * the owning system says now, `current` what the other system holds, `previous` what the owning
 * system said when this pair was last synced (undefined: never synced, i.e. an existing record is
 * being adopted). A field is written only when it differs from `current` and either
 * - it changed in the owning system since the last sync (so a rename reaches the other side), or
 * - this is the first sync and the other side leaves it empty (adoption fills gaps, it never
 *   overwrites what someone entered there).
 * So nothing that did not change is rewritten, and an edit made on the other side is kept until
 * the owner changes that same field. Fields absent from `desired` are not carried at all.
 */
export function masterChanges<K extends string>(
  desired: FieldValues<K>,
  current: FieldValues<K>,
  previous: FieldValues<K> | undefined,
): FieldValues<K> {
  const changes: FieldValues<K> = {};
  for (const field of Object.keys(desired) as K[]) {
    const wanted = desired[field];
    if (wanted === undefined) continue;
    const held = current[field];
    if (sameValue(wanted, held)) continue;
    const changedAtSource = previous === undefined ? isEmptyValue(held) : !sameValue(wanted, previous[field]);
    if (changedAtSource) changes[field] = wanted;
  }
  return changes;
}

/** What fitting a value into the target's length limit gave. */
export type FitResult =
  | { kind: 'ok'; value: string; warning?: string }
  | { kind: 'omitted'; warning: string }
  | { kind: 'too_long'; reason: string };

/**
 * Fits `value` into `max` UTF-16 units (the conservative reading of a "characters" limit):
 * `truncate` cuts between graphemes ending in "…" (names: still recognisable), `omit` leaves the
 * field out (a cut postal code or city would be wrong, not short), `fail` refuses (a key that
 * does not fit cannot identify anything). Each outcome says why, for the ledger.
 */
export function fitText(
  value: string,
  max: number,
  options: { field: string; onTooLong: 'truncate' | 'omit' | 'fail'; target: string },
): FitResult {
  if (value.length <= max) return { kind: 'ok', value };
  const what = `${options.field} is ${value.length} characters; ${options.target} allows ${max}`;
  switch (options.onTooLong) {
    case 'truncate': {
      const cut = truncateText(value, max);
      return { kind: 'ok', value: cut, warning: `${what}: carried cut to "${cut}"` };
    }
    case 'omit':
      return { kind: 'omitted', warning: `${what}: not carried` };
    case 'fail':
      return { kind: 'too_long', reason: `${what}: it cannot be carried` };
  }
}

/** Trimmed text, or null for nothing. */
export function textOrNull(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
