import type { Queue } from 'bullmq';
import type { LedgerStatus, PrismaClient } from '@mlc/db';
import type { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { jobIds } from '@mlc/queues';

/** Where a record in each working state waits, and under which job id. */
const stageOf: Partial<Record<LedgerStatus, { queue: 'map' | 'oracle-write'; jobId: typeof jobIds.map }>> = {
  pending: { queue: 'map', jobId: jobIds.map },
  mapped: { queue: 'oracle-write', jobId: jobIds.oracleWrite },
  writing: { queue: 'oracle-write', jobId: jobIds.oracleWrite },
  uncertain: { queue: 'oracle-write', jobId: jobIds.oracleWrite },
};

/**
 * Recovers records whose job is gone (Redis lost it, or a job failed without recording why): a
 * record left in a working state longer than `staleAfterMs` whose job no longer exists, or has
 * finished, is sent through mapping again. The ledger stays the authority: processors check
 * hashes and states, so a recovered record is never written twice.
 */
export async function sweepStaleRecords(deps: {
  prisma: PrismaClient;
  ledger: Ledger;
  queues: { map: Queue; 'oracle-write': Queue };
  staleAfterMs: number;
  logger: Logger;
  batchSize?: number;
}): Promise<number> {
  const stale = await deps.prisma.ledgerRecord.findMany({
    where: {
      status: { in: ['pending', 'mapped', 'writing', 'uncertain'] },
      updatedAt: { lt: new Date(Date.now() - deps.staleAfterMs) },
      NOT: { errorCode: 'DRY_RUN' },
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
    const stage = stageOf[record.status];
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
