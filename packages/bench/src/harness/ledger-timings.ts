import type { LedgerEntity, PrismaClient } from '@mlc/db';
import { quantile } from './measure.ts';
import { connectionId } from './stack.ts';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  return {
    count: values.length,
    p50Ms: Math.round(quantile(values, 0.5)),
    p95Ms: Math.round(quantile(values, 0.95)),
    maxMs: Math.round(values.length ? Math.max(...values) : Number.NaN),
  };
}

export interface DocumentRunTimings {
  /** Records by entity and final status. */
  statuses: Record<string, Record<string, number>>;
  /** Records that reached a final state (synced, blocked, failed, skipped, uncertain). */
  finished: number;
  synced: number;
  /** From the poll request to the last record's last change, in ms. */
  wallMs: number;
  /** The sync was requested at t0 with every record already changed in Procurify: t0 → syncedAt. */
  requestToSynced: LatencySummary;
  /** t0 → firstSeenAt (the poller recorded the record). */
  requestToRecorded: LatencySummary;
  /** firstSeenAt → syncedAt (map queue, mapping, write queue, Oracle writes). */
  recordedToSynced: LatencySummary;
}

/** What the ledger says about the document records of a run that started at `startedAt`. */
export async function documentRunTimings(
  prisma: PrismaClient,
  startedAt: number,
  entities: LedgerEntity[] = ['purchase_order', 'bill'],
): Promise<DocumentRunTimings> {
  const rows = await prisma.ledgerRecord.findMany({
    where: { connectionId, entity: { in: entities } },
    select: { entity: true, status: true, firstSeenAt: true, syncedAt: true, updatedAt: true },
  });
  const statuses: Record<string, Record<string, number>> = {};
  let lastChange = startedAt;
  const requestToSynced: number[] = [];
  const requestToRecorded: number[] = [];
  const recordedToSynced: number[] = [];
  for (const row of rows) {
    const byStatus = (statuses[row.entity] ??= {});
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    lastChange = Math.max(lastChange, row.updatedAt.getTime());
    requestToRecorded.push(row.firstSeenAt.getTime() - startedAt);
    if (row.status === 'synced' && row.syncedAt) {
      requestToSynced.push(row.syncedAt.getTime() - startedAt);
      recordedToSynced.push(row.syncedAt.getTime() - row.firstSeenAt.getTime());
    }
  }
  const finalStates = new Set(['synced', 'blocked', 'failed', 'skipped', 'uncertain']);
  return {
    statuses,
    finished: rows.filter((row) => finalStates.has(row.status)).length,
    synced: requestToSynced.length,
    wallMs: lastChange - startedAt,
    requestToSynced: summarize(requestToSynced),
    requestToRecorded: summarize(requestToRecorded),
    recordedToSynced: summarize(recordedToSynced),
  };
}
