import type { LedgerStatus, PrismaClient } from '@mlc/db';
import { Ledger } from '@mlc/ledger';
import { z } from 'zod';
import { assertConnectionExists } from './connections.ts';
import { InvalidRequestError } from './errors.ts';
import { ledgerWhere, type LedgerFilter } from './ledger.ts';

/** The states a replay sends back through the pipeline (design.md §2). */
export const replayableStatuses = [
  'failed',
  'blocked',
  'uncertain',
] as const satisfies readonly LedgerStatus[];
export type ReplayableStatus = (typeof replayableStatuses)[number];

const recordId = z.uuid();
const inFlight: readonly LedgerStatus[] = ['pending', 'mapped', 'writing'];

export interface ReplaySelection {
  /** Only these states (default: all three replayable ones). */
  statuses?: readonly ReplayableStatus[];
  /** Only these records (ledger ids). */
  recordIds?: readonly string[];
  /** Only records matching this ledger filter (its own `status` is ignored: use `statuses`). */
  filter?: Omit<LedgerFilter, 'status'>;
  /** Recorded on each record's history, e.g. "replayed by an operator (admin API)". */
  actor?: string;
}

/** Why a record named in a replay did not move. Codes are stable. */
export interface NotRequeued {
  id: string;
  status: LedgerStatus | null;
  code: 'NOT_FOUND' | 'IN_FLIGHT' | 'NOT_REPLAYABLE' | 'STATUS_NOT_SELECTED' | 'FILTERED_OUT' | 'CHANGED';
  reason: string;
}

export interface ReplayResult {
  requeued: number;
  requeuedIds: string[];
  notRequeued: NotRequeued[];
}

function whyNot(
  id: string,
  status: LedgerStatus | undefined,
  statuses: readonly ReplayableStatus[],
  filteredOut: boolean,
): NotRequeued {
  if (status === undefined)
    return { id, status: null, code: 'NOT_FOUND', reason: 'no such record in this connection' };
  if (inFlight.includes(status))
    return {
      id,
      status,
      code: 'IN_FLIGHT',
      reason: `already on its way through the pipeline (${status})`,
    };
  if ((replayableStatuses as readonly LedgerStatus[]).includes(status))
    return statuses.includes(status as ReplayableStatus)
      ? filteredOut
        ? { id, status, code: 'FILTERED_OUT', reason: 'does not match the replay filter' }
        : { id, status, code: 'CHANGED', reason: `changed while the replay ran (now ${status})` }
      : {
          id,
          status,
          code: 'STATUS_NOT_SELECTED',
          reason: `is ${status}; this replay only takes ${statuses.join('/')} records`,
        };
  return {
    id,
    status,
    code: 'NOT_REPLAYABLE',
    reason: `is ${status}: only ${replayableStatuses.join('/')} records are replayed`,
  };
}

/**
 * Sends failed, blocked or uncertain records back through mapping and writing: one record, the
 * records matching a filter, or every such record of the connection. Safe to repeat: the writer
 * looks each previously attempted record up in Oracle before creating anything, so a replay
 * never makes a second document. Records named by id that did not move are listed with why.
 */
export async function replayRecords(
  deps: { prisma: PrismaClient },
  connectionId: string,
  selection: ReplaySelection = {},
): Promise<ReplayResult> {
  const { prisma } = deps;
  await assertConnectionExists(prisma, connectionId);
  const statuses = selection.statuses?.length ? [...new Set(selection.statuses)] : [...replayableStatuses];
  const named = selection.recordIds ? [...new Set(selection.recordIds)] : undefined;
  if (named?.length === 0) throw new InvalidRequestError('recordIds is empty: name at least one record');
  // Ledger ids are UUIDs; anything else cannot name a record (and would upset the uuid[] cast).
  const ids = named?.filter((id) => recordId.safeParse(id).success);
  const reason = selection.actor ?? 'replayed by an operator';
  const ledger = new Ledger(prisma);

  let chosen = ids;
  const filtered =
    selection.filter !== undefined && Object.values(selection.filter).some((value) => value !== undefined);
  if (filtered) {
    const matching = await prisma.ledgerRecord.findMany({
      where: {
        AND: [
          ledgerWhere(connectionId, { ...selection.filter, status: statuses }),
          ...(ids ? [{ id: { in: ids } }] : []),
        ],
      },
      select: { id: true },
    });
    chosen = matching.map((row) => row.id);
  }
  const requeuedIds =
    chosen && chosen.length === 0
      ? []
      : await ledger.requeue(connectionId, chosen ? { ids: chosen } : {}, statuses, reason);

  const moved = new Set(requeuedIds);
  const matched = new Set(chosen ?? []);
  const missed = (named ?? []).filter((id) => !moved.has(id));
  const current = missed.length
    ? await prisma.ledgerRecord.findMany({
        where: { connectionId, id: { in: missed.filter((id) => recordId.safeParse(id).success) } },
        select: { id: true, status: true },
      })
    : [];
  const statusOf = new Map(current.map((row) => [row.id, row.status]));
  return {
    requeued: requeuedIds.length,
    requeuedIds,
    notRequeued: missed.map((id) => whyNot(id, statusOf.get(id), statuses, filtered && !matched.has(id))),
  };
}
