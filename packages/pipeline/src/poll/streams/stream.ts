import type { ConnectionSettings, StreamDefinition } from '@mlc/connections';
import type { Ledger, MasterData, RecordResult } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import type { ConnectionClients } from '@mlc/token-client';
import type { MasterSyncHooks } from '../../master/master-sync.ts';

export interface StreamContext {
  settings: ConnectionSettings;
  clients: ConnectionClients;
  /** Real, or a dry run's collector (records nothing). */
  ledger: Pick<Ledger, 'knownVersions' | 'recordSourceVersions' | 'requeue' | 'byTarget'>;
  masterData: Pick<MasterData, 'upsert' | 'upsertChanged' | 'deactivateUnseen'>;
  /** After master data changed: vendor-link names, automatic dimension mappings, re-queues (a dry run: nothing). */
  masterSync: MasterSyncHooks;
  /** The stream's cursor: undefined on the first poll. */
  watermark: Date | undefined;
  state: unknown;
  /** When this poll started (the next watermark when it succeeds). */
  startedAt: Date;
  detailConcurrency: number;
  logger: Logger;
}

export interface StreamResult {
  watermark: Date;
  state?: unknown;
  /** Records (or rows) read from the upstream. */
  read: number;
  recorded: RecordResult;
}

export interface Stream extends StreamDefinition {
  run(context: StreamContext): Promise<StreamResult>;
}

export const emptyRecordResult = (): RecordResult => ({ inserted: 0, changed: 0, unchanged: 0 });

export function addResults(total: RecordResult, more: RecordResult): RecordResult {
  return {
    inserted: total.inserted + more.inserted,
    changed: total.changed + more.changed,
    unchanged: total.unchanged + more.unchanged,
  };
}

/** Where a poll starts reading: the cursor minus the overlap, or the initial lookback. */
export function windowStart(context: StreamContext, overlapMs: number): Date {
  if (context.watermark) return new Date(context.watermark.getTime() - overlapMs);
  return new Date(context.startedAt.getTime() - context.settings.schedule.initialLookbackDays * 86_400_000);
}
