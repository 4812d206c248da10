import { createHash } from 'node:crypto';

/**
 * Keys that change without the business content changing: modification stamps, optimistic-lock
 * versions, derived counters and clock-dependent flags. Ignored at any depth by `contentHash`, so
 * a re-poll of an unchanged record (or one whose only change is a bumped stamp) maps nothing new.
 */
export const volatileKeys: readonly string[] = [
  // Procurify modification stamps and versions
  'last_modified',
  'last_modified_datetime',
  'modified_date',
  'dateModified',
  'updated_at',
  'version',
  'version_choices',
  'most_recent_version',
  'po_version',
  // Procurify derived counters and clock-dependent flags
  'past_due',
  'applied_accounts_count',
  'receive_log_count',
  'pending_approvals_count',
  'overall_score',
  // Oracle audit columns
  'LastUpdateDate',
  'LastUpdatedBy',
  'LastUpdateLogin',
  'ObjectVersionNumber',
];

/**
 * JSON with object keys sorted (by code unit, so independent of locale) and ignored keys dropped
 * at every depth. Follows JSON.stringify for everything else: `toJSON` (dates), undefined and
 * functions dropped from objects and written as null in arrays, non-finite numbers as null;
 * bigints are written as decimal strings instead of throwing.
 */
export function canonicalJson(value: unknown, ignore: readonly string[] = volatileKeys): string {
  const ignored = new Set(ignore);
  const ancestors = new Set<object>();
  const encode = (node: unknown, inArray: boolean): string | undefined => {
    if (
      node !== null &&
      typeof node === 'object' &&
      typeof (node as { toJSON?: unknown }).toJSON === 'function'
    ) {
      node = (node as { toJSON: () => unknown }).toJSON();
    }
    if (node === undefined || typeof node === 'function' || typeof node === 'symbol') {
      return inArray ? 'null' : undefined;
    }
    if (node === null) return 'null';
    if (typeof node === 'bigint') return JSON.stringify(node.toString());
    if (typeof node !== 'object') return JSON.stringify(node);
    if (ancestors.has(node)) throw new TypeError('contentHash: circular structure');
    ancestors.add(node);
    try {
      if (Array.isArray(node)) return `[${node.map((item: unknown) => encode(item, true)).join(',')}]`;
      const entries: string[] = [];
      for (const key of Object.keys(node).sort()) {
        if (ignored.has(key)) continue;
        const encoded = encode((node as Record<string, unknown>)[key], false);
        if (encoded !== undefined) entries.push(`${JSON.stringify(key)}:${encoded}`);
      }
      return `{${entries.join(',')}}`;
    } finally {
      ancestors.delete(node);
    }
  };
  return encode(value, false) ?? 'null';
}

/** sha256 (hex) of the canonical JSON of `value`, ignoring `ignore` keys (default: volatileKeys). */
export function contentHash(value: unknown, ignore: readonly string[] = volatileKeys): string {
  return createHash('sha256').update(canonicalJson(value, ignore)).digest('hex');
}
