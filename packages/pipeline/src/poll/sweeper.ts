import type { Queue } from 'bullmq';
import type { LedgerEntity, LedgerStatus, PrismaClient } from '@mlc/db';
import type { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { jobIds } from '@mlc/queues';
import { entityTargets } from '../entities.ts';

type StageQueue = 'map' | 'oracle-write' | 'procurify-write';

/** Where a record in a working state waits, and under which job id. */
function stageOf(
  status: LedgerStatus,
  entity: LedgerEntity,
): { queue: StageQueue; jobId: typeof jobIds.map } | undefined {
  if (status === 'pending') return { queue: 'map', jobId: jobIds.map };
  if (status !== 'mapped' && status !== 'writing' && status !== 'uncertain') return undefined;
  return entityTargets[entity].system === 'oracle'
    ? { queue: 'oracle-write', jobId: jobIds.oracleWrite }
    : { queue: 'procurify-write', jobId: jobIds.procurifyWrite };
}

/**
 * Recovers records whose job is gone (Redis lost it, or a job failed without recording why): a
 * record left in a working state longer than `staleAfterMs` whose job no longer exists, or has
 * finished, is sent through mapping again. The ledger stays the authority: processors check
 * hashes and states, so a recovered record is never written twice.
 */
export async function sweepStaleRecords(deps: {
  prisma: PrismaClient;
  ledger: Ledger;
  queues: Record<StageQueue, Queue>;
  staleAfterMs: number;
  logger: Logger;
  batchSize?: number;
}): Promise<number> {
  const stale = await deps.prisma.ledgerRecord.findMany({
    where: {
      status: { in: ['pending', 'mapped', 'writing', 'uncertain'] },
      updatedAt: { lt: new Date(Date.now() - deps.staleAfterMs) },
      // Not `NOT: { errorCode: 'DRY_RUN' }`: SQL's NOT (NULL = 'DRY_RUN') is NULL, which left out
      // every record without an error code — nearly all whose job a Redis restart lost (chaos run).
      OR: [{ errorCode: null }, { errorCode: { not: 'DRY_RUN' } }],
    },
    select: {
      id: true,
      connectionId: true,
      entity: true,
      sourceId: true,
      contentHash: true,
      replays: true,
      status: true,
    },
    orderBy: { updatedAt: 'asc' },
    take: deps.batchSize ?? 500,
  });
  const lost = new Map<string, string[]>();
  for (const record of stale) {
    const stage = stageOf(record.status, record.entity);
    if (!stage) continue;
    const job = await deps.queues[stage.queue].getJob(stage.jobId(record));
    const state = job ? await job.getState() : 'missing';
    if (state === 'missing' || state === 'completed' || state === 'failed' || state === 'unknown') {
      lost.set(record.connectionId, [...(lost.get(record.connectionId) ?? []), record.id]);
    }
  }
  let recovered = 0;
  for (const [connectionId, ids] of lost) {
    const requeued = await deps.ledger.requeue(
      connectionId,
      { ids },
      ['pending', 'mapped', 'writing', 'uncertain'],
      'recovered by the sweeper: its job was lost or ended without an outcome',
    );
    recovered += requeued.length;
  }
  if (recovered > 0) deps.logger.warn({ recovered }, 'records recovered from lost jobs');
  return recovered;
}
