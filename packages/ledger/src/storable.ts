/**
 * What Postgres can store. Upstreams send what their databases hold: a NUL character (U+0000),
 * which neither `text` nor `jsonb` accepts, or an unpaired UTF-16 surrogate, which `jsonb`
 * refuses. Either would fail the whole batch a poll records, holding up every record in it. NUL
 * is dropped (the mapper drops control characters from what it sends anyway) and an unpaired
 * surrogate becomes U+FFFD, the replacement character. Everything else is kept as sent.
 */

export function storableText(text: string): string {
  return text.replaceAll('\u0000', '').toWellFormed();
}

export function storableTextOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : storableText(text);
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableText(key), clean(inner)]));
  }
  return value;
}

/**
 * `value` as JSON text Postgres accepts as `jsonb`. JSON.stringify writes NUL and unpaired
 * surrogates as `\u` escapes and nothing else does, so most documents skip the cleaning walk.
 */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return /\\u(0000|d[89a-f])/i.test(json) ? (JSON.stringify(clean(value)) ?? 'null') : json;
}

/** A valid Date, or null (an unparseable source timestamp is bookkeeping lost, not a failed poll). */
export function storableDate(date: Date | null | undefined): Date | null {
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date : null;
}
