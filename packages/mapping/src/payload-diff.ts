/** One difference between two versions of a payload. */
export interface PayloadChange {
  /** Where: `lines[2].Quantity`, `Description`. */
  path: string;
  before: unknown;
  after: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(before: unknown, after: unknown, path: string, out: PayloadChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index += 1) {
      const label = `${path}[${index + 1}]`;
      if (index >= before.length) out.push({ path: label, before: undefined, after: after[index] });
      else if (index >= after.length) out.push({ path: label, before: before[index], after: undefined });
      else walk(before[index], after[index], label, out);
    }
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      walk(before[key], after[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after))
    out.push({ path: path || '(payload)', before, after });
}

/**
 * What changed between the payload written to the target and the one a newer source version
 * maps to: leaf values by path (arrays by position, 1-based as line numbers are). Pure.
 */
export function diffPayloads(before: unknown, after: unknown): PayloadChange[] {
  const out: PayloadChange[] = [];
  walk(before, after, '', out);
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (isObject(value) || Array.isArray(value)) return '(added)';
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** "lines[2].Quantity 4 → 6; Description "a" → "b"; and 3 more" — for operators. */
export function describeChanges(changes: readonly PayloadChange[], limit = 5): string {
  const shown = changes
    .slice(0, limit)
    .map((change) =>
      change.before === undefined && isObject(change.after)
        ? `${change.path} added`
        : change.after === undefined && isObject(change.before)
          ? `${change.path} removed`
          : `${change.path} ${show(change.before)} → ${show(change.after)}`,
    );
  const more = changes.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
