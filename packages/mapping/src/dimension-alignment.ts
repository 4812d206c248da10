import { textOrNull } from './master-diff.ts';
import { exactNameKey } from './vendor-match.ts';
import { featureSimilarity, nameFeatures, type NameFeatures } from './vendor-name.ts';

/**
 * Automatic dimension mappings: Procurify account codes ⇄ Oracle natural-account values,
 * departments ⇄ cost-center values, locations ⇄ business units. Exact matches become confirmed
 * mappings (which the charge-account builder uses); close names become `suggested` rows for a
 * person to confirm. Operator mappings are never touched.
 */

export type AlignedKind = 'gl_account' | 'department' | 'location';

/** A Procurify account code (key = code), department or location (key = id). */
export interface ProcurifyDimensionItem {
  key: string;
  label: string | null;
  externalId: string | null;
  active: boolean;
}

/** An Oracle segment value (value = the value) or business unit (value = its name). */
export interface OracleDimensionValue {
  value: string;
  label: string | null;
  active: boolean;
}

export interface ExistingDimensionMapping {
  procurifyKey: string;
  oracleValue: string;
  matchedBy: string;
  state: 'confirmed' | 'suggested';
}

/** Rows this module owns; any other `matchedBy` (explicit, or anything a person set) is left alone. */
export const automaticMatchKinds: ReadonlySet<string> = new Set(['exact', 'external_id', 'suggested']);

export interface DimensionMappingChange {
  action: 'upsert' | 'delete';
  procurifyKey: string;
  procurifyLabel: string | null;
  oracleValue: string;
  oracleLabel: string | null;
  matchedBy: 'exact' | 'external_id' | 'suggested';
  state: 'confirmed' | 'suggested';
}

/** The least similarity worth suggesting to a person. */
export const minDimensionSuggestionScore = 0.5;

type Proposal = Omit<DimensionMappingChange, 'action'>;

function unique<T>(list: readonly T[]): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}

function propose(
  kind: AlignedKind,
  item: ProcurifyDimensionItem,
  scored: readonly { value: OracleDimensionValue; features: NameFeatures }[],
  byValue: ReadonlyMap<string, OracleDimensionValue>,
  byLabel: ReadonlyMap<string, OracleDimensionValue[]>,
): Proposal | undefined {
  const row = (value: OracleDimensionValue, matchedBy: Proposal['matchedBy']): Proposal => ({
    procurifyKey: item.key,
    procurifyLabel: item.label,
    oracleValue: value.value,
    oracleLabel: value.label,
    matchedBy,
    state: matchedBy === 'suggested' ? 'suggested' : 'confirmed',
  });
  const externalId = textOrNull(item.externalId);
  const label = textOrNull(item.label);
  switch (kind) {
    case 'gl_account': {
      // Account codes are the natural-account values themselves when the charts agree.
      const same = byValue.get(item.key);
      if (same?.active) return row(same, 'exact');
      break;
    }
    case 'department': {
      const byExternal = externalId === null ? undefined : byValue.get(externalId);
      if (byExternal?.active) return row(byExternal, 'external_id');
      const named = label === null ? undefined : unique(byLabel.get(exactNameKey(label)) ?? []);
      if (named) return row(named, 'exact');
      break;
    }
    case 'location': {
      // A business unit is known by its name: the location's external_id or name naming one.
      const byExternal =
        externalId === null ? undefined : unique(byLabel.get(exactNameKey(externalId)) ?? []);
      if (byExternal) return row(byExternal, 'external_id');
      const named = label === null ? undefined : unique(byLabel.get(exactNameKey(label)) ?? []);
      if (named) return row(named, 'exact');
      break;
    }
  }
  if (label === null) return undefined;
  let best: { value: OracleDimensionValue; score: number } | undefined;
  const features = nameFeatures(label);
  for (const { value, features: other } of scored) {
    const score = featureSimilarity(features, other);
    if (
      score >= minDimensionSuggestionScore &&
      (!best || score > best.score || (score === best.score && value.value < best.value.value))
    )
      best = { value, score };
  }
  return best ? row(best.value, 'suggested') : undefined;
}

/**
 * The changes that bring a kind's automatic mappings in line with both sides' master data, for
 * every Procurify item without an operator's mapping:
 * - gl_account: an active Oracle value equal to the code → confirmed (`exact`);
 * - department: an active value equal to the department's external_id → confirmed
 *   (`external_id`), else the one active value whose description is the department's name
 *   (case/space-insensitive) → confirmed (`exact`);
 * - location: the one business unit named by the location's external_id (`external_id`) or name
 *   (`exact`) → confirmed;
 * - otherwise the most similar active value (≥ 0.5, ties to the lowest value) → `suggested`,
 *   which mapping ignores until a person confirms it with `mlc mapping set`.
 * An automatic row whose match is gone is deleted; an unchanged one is left alone.
 */
export function alignDimensionMappings(
  kind: AlignedKind,
  items: readonly ProcurifyDimensionItem[],
  values: readonly OracleDimensionValue[],
  existing: readonly ExistingDimensionMapping[],
): DimensionMappingChange[] {
  const byValue = new Map(values.map((value) => [value.value, value]));
  const byLabel = new Map<string, OracleDimensionValue[]>();
  for (const value of values) {
    if (!value.active || value.label === null) continue;
    const key = exactNameKey(value.label);
    byLabel.set(key, [...(byLabel.get(key) ?? []), value]);
  }
  // Only active, described values can be suggested; their name features are computed once.
  const scored = values.flatMap((value) =>
    value.active && value.label !== null ? [{ value, features: nameFeatures(value.label) }] : [],
  );
  const existingByKey = new Map(existing.map((mapping) => [mapping.procurifyKey, mapping]));
  const changes: DimensionMappingChange[] = [];
  for (const item of [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const current = existingByKey.get(item.key);
    if (current && !automaticMatchKinds.has(current.matchedBy)) continue;
    const proposal = propose(kind, item, scored, byValue, byLabel);
    if (proposal) {
      const same =
        current &&
        current.oracleValue === proposal.oracleValue &&
        current.matchedBy === proposal.matchedBy &&
        current.state === proposal.state;
      if (!same) changes.push({ action: 'upsert', ...proposal });
    } else if (current) {
      changes.push({
        action: 'delete',
        procurifyKey: current.procurifyKey,
        procurifyLabel: item.label,
        oracleValue: current.oracleValue,
        oracleLabel: null,
        matchedBy: current.matchedBy as DimensionMappingChange['matchedBy'],
        state: current.state,
      });
    }
  }
  return changes;
}
