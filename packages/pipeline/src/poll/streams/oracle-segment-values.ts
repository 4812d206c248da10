import type { Accounting, ConnectionSettings, StreamDefinition } from '@mlc/connections';
import type { LedgerEntity } from '@mlc/db';
import { contentHash, type OracleSegmentValue } from '@mlc/mapping';
import type { RecordResult } from '@mlc/ledger';
import type { OracleAccountCombination, OracleValueSetValue } from '@mlc/oracle-client';
import { segmentValueMasterInput } from '../../master/master-records.ts';
import type { MasterChange } from '../../master/master-sync.ts';
import { emptyRecordResult, type Stream, type StreamContext } from './stream.ts';

const dayMs = 86_400_000;

/** In effect on `now`: started (or no start) and not ended (an end date is the last day in effect). */
function inEffect(start: string | null | undefined, end: string | null | undefined, now: Date): boolean {
  if (start && Date.parse(start) > now.getTime()) return false;
  if (end && Date.parse(end) + dayMs <= now.getTime()) return false;
  return true;
}

/** The accounting segment (its combination attribute) taken from the first of `froms` present. */
export function segmentNamed(accounting: Accounting, froms: readonly string[]): string | undefined {
  for (const from of froms) {
    const segment = accounting.segments.find((candidate) => 'from' in candidate && candidate.from === from);
    if (segment) return segment.name;
  }
  return undefined;
}

export function valuesFromValueSet(rows: readonly OracleValueSetValue[], now: Date): OracleSegmentValue[] {
  return rows
    .map((row) => ({
      value: row.Value,
      description: row.Description?.trim() || null,
      enabled: row.EnabledFlag !== false && inEffect(row.StartDateActive, row.EndDateActive, now),
      accountType: null,
    }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/**
 * The distinct values of one segment among the account combinations: enabled when any enabled,
 * in-effect combination uses it; the account type the most common among them (ties: the first
 * letter). Combinations carry no descriptions.
 */
export function valuesFromCombinations(
  rows: readonly OracleAccountCombination[],
  segment: string,
  now: Date,
): OracleSegmentValue[] {
  const byValue = new Map<string, { enabled: boolean; types: Map<string, number> }>();
  for (const row of rows) {
    const raw = row[segment];
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    const value = String(raw).trim();
    if (value === '') continue;
    const entry = byValue.get(value) ?? { enabled: false, types: new Map<string, number>() };
    const enabled = (row.EnabledFlag ?? true) && inEffect(row.StartDateActive, row.EndDateActive, now);
    entry.enabled ||= enabled;
    if (row.AccountType) entry.types.set(row.AccountType, (entry.types.get(row.AccountType) ?? 0) + 1);
    byValue.set(value, entry);
  }
  return [...byValue.entries()]
    .map(([value, entry]) => {
      const [type] = [...entry.types.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      return { value, description: null, enabled: entry.enabled, accountType: type?.[0] ?? null };
    })
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** One chart-of-accounts dimension this connector syncs (natural accounts, cost centers). */
export interface SegmentDimension {
  entity: Extract<LedgerEntity, 'gl_account' | 'cost_center'>;
  masterKind: 'gl_account_value' | 'cost_center_value';
  change: MasterChange;
  /** Accounting `from`s whose segment carries the values, in order of preference. */
  froms: readonly string[];
  options: (settings: ConnectionSettings) => { sync: boolean; valueSet?: string | undefined };
}

export const glAccountDimension: SegmentDimension = {
  entity: 'gl_account',
  masterKind: 'gl_account_value',
  change: 'oracle.gl_account_value',
  froms: ['glAccount'],
  options: (settings) => settings.options.masterData.glAccounts,
};

export const costCenterDimension: SegmentDimension = {
  entity: 'cost_center',
  masterKind: 'cost_center_value',
  change: 'oracle.cost_center_value',
  froms: ['costCenter', 'department'],
  options: (settings) => settings.options.masterData.costCenters,
};

/**
 * The dimensions whose values come from the account combinations (no value set named, and an
 * accounting segment for them): the combinations stream derives them from the rows it reads
 * anyway, so they cost no request of their own.
 */
export function dimensionsFromCombinations(
  settings: ConnectionSettings,
): { dimension: SegmentDimension; segment: string }[] {
  return [glAccountDimension, costCenterDimension].flatMap((dimension) => {
    if (dimension.options(settings).valueSet) return [];
    const segment = segmentNamed(settings.accounting, dimension.froms);
    return segment ? [{ dimension, segment }] : [];
  });
}

/**
 * Caches a dimension's values as master data (for the automatic mappings) and — when its sync is
 * on — records them as ledger records of its entity, which the mapper turns into Procurify
 * account codes or departments. Returns what changed.
 */
export async function recordSegmentValues(
  context: StreamContext,
  dimension: SegmentDimension,
  values: readonly OracleSegmentValue[],
): Promise<RecordResult> {
  const { masterData, ledger, settings } = context;
  const inputs = values.map(segmentValueMasterInput);
  const changed = await masterData.upsert(settings.id, 'oracle', dimension.masterKind, inputs);
  await masterData.deactivateUnseen(
    settings.id,
    'oracle',
    dimension.masterKind,
    inputs.map((input) => input.externalId),
  );
  const recorded = dimension.options(settings).sync
    ? await ledger.recordSourceVersions(
        settings.id,
        dimension.entity,
        values.map((value) => ({
          sourceId: value.value,
          sourceNumber: value.value,
          contentHash: contentHash(value),
          snapshot: value,
        })),
      )
    : emptyRecordResult();
  if (changed > 0) await context.masterSync.masterChanged(settings.id, dimension.change);
  return { ...recorded, changed: recorded.changed + changed };
}

/**
 * A dimension's values from the value set the connection names (options.masterData.*.valueSet):
 * a full scan on the master-data schedule, diffed by hash. Active only when a value set is named;
 * otherwise the combinations stream derives the values.
 */
export function valueSetStream(definition: StreamDefinition, dimension: SegmentDimension): Stream {
  return {
    ...definition,
    async run(context) {
      const { clients, settings } = context;
      const options = dimension.options(settings);
      if (!options.valueSet) return { watermark: context.startedAt, read: 0, recorded: emptyRecordResult() };
      const values = valuesFromValueSet(
        await clients.oracle.listValueSetValues(options.valueSet),
        context.startedAt,
      );
      const snapshotHash = contentHash({ values, valueSet: options.valueSet, sync: options.sync });
      if (snapshotHash === (context.state as { hash?: string } | undefined)?.hash) {
        return {
          watermark: context.startedAt,
          state: context.state,
          read: values.length,
          recorded: emptyRecordResult(),
        };
      }
      const recorded = await recordSegmentValues(context, dimension, values);
      return { watermark: context.startedAt, state: { hash: snapshotHash }, read: values.length, recorded };
    },
  };
}
