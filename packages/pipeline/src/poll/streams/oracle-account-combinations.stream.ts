import { streamCatalog, type Accounting } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import type { OracleAccountCombination } from '@mlc/oracle-client';
import {
  dimensionsFromCombinations,
  recordSegmentValues,
  valuesFromCombinations,
} from './oracle-segment-values.ts';
import { addResults, emptyRecordResult, type Stream } from './stream.ts';

/**
 * ❓ The concatenated combination: Fusion exposes one attribute per segment, named after the
 * chart's segment codes; the connection's accounting segments name them. A combination whose
 * segments are not all present is skipped.
 */
export function combinationOf(row: OracleAccountCombination, accounting: Accounting): string | undefined {
  const values = accounting.segments.map((segment) => row[segment.name]);
  if (values.some((value) => typeof value !== 'string' && typeof value !== 'number')) return undefined;
  return values.map(String).join(accounting.delimiter);
}

/**
 * GL account combinations: a full scan on the master-data schedule, diffed by hash, so the mapper
 * can block a charge account Oracle does not have (or has disabled) before anything is written.
 */
export const oracleAccountCombinationsStream: Stream = {
  ...streamCatalog.accountCombinations,
  async run(context) {
    const { clients, masterData, settings, ledger } = context;
    const rows: OracleAccountCombination[] = [];
    for await (const page of clients.oracle.listAccountCombinations()) rows.push(...page);
    // Natural-account and cost-center values come from these rows too, unless a value set is named.
    const derived = dimensionsFromCombinations(settings);
    const snapshotHash = contentHash({
      rows,
      derived: derived.map(({ dimension, segment }) => ({
        entity: dimension.entity,
        segment,
        sync: dimension.options(settings).sync,
      })),
    });
    if (snapshotHash === (context.state as { hash?: string } | undefined)?.hash) {
      return {
        watermark: context.startedAt,
        state: context.state,
        read: rows.length,
        recorded: emptyRecordResult(),
      };
    }
    const inputs = rows.flatMap((row) => {
      const combination = combinationOf(row, settings.accounting);
      if (!combination) return [];
      const enabled = row.EnabledFlag ?? true;
      const ended = row.EndDateActive ? Date.parse(row.EndDateActive) < context.startedAt.getTime() : false;
      return [
        {
          externalId: row._CODE_COMBINATION_ID,
          key: combination,
          active: enabled && !ended,
          data: row,
          contentHash: contentHash(row),
        },
      ];
    });
    const changed = await masterData.upsert(settings.id, 'oracle', 'account_combination', inputs);
    await masterData.deactivateUnseen(
      settings.id,
      'oracle',
      'account_combination',
      inputs.map((input) => input.externalId),
    );
    if (changed > 0) {
      await ledger.requeue(
        settings.id,
        { blockedOnPrefix: 'account_combination:' },
        ['blocked'],
        'Oracle account combinations changed',
      );
    }
    let recorded = { ...emptyRecordResult(), changed };
    for (const { dimension, segment } of derived) {
      recorded = addResults(
        recorded,
        await recordSegmentValues(
          context,
          dimension,
          valuesFromCombinations(rows, segment, context.startedAt),
        ),
      );
    }
    return { watermark: context.startedAt, state: { hash: snapshotHash }, read: rows.length, recorded };
  },
};
