import type { Prisma } from '@mlc/db';
import { parseJobData, type JobDataOf, type JobNameOf, type QueueContract } from './contract.ts';

export interface OutboxEntry {
  queue: string;
  jobName: string;
  jobId: string;
  data: Prisma.InputJsonValue;
  delayMs?: number;
}

/** A validated outbox entry for `contract`'s job; written by `writeOutbox` in the caller's transaction. */
export function outboxEntry<C extends QueueContract, N extends JobNameOf<C>>(
  contract: C,
  jobName: N,
  data: JobDataOf<C, N>,
  options: { jobId: string; delayMs?: number },
): OutboxEntry {
  const parsed = parseJobData(contract, jobName, data) as Prisma.InputJsonValue;
  return {
    queue: contract.name,
    jobName,
    jobId: options.jobId,
    data: parsed,
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
  };
}

/** The part of a Prisma client (or transaction client) the outbox writer needs. */
export interface OutboxWriter {
  outboxMessage: Pick<Prisma.TransactionClient['outboxMessage'], 'createMany'>;
}

/**
 * Records jobs to enqueue, inside the same transaction as the ledger change that calls for them.
 * An entry whose job id is already waiting in the outbox is skipped.
 */
export async function writeOutbox(tx: OutboxWriter, entries: readonly OutboxEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const { count } = await tx.outboxMessage.createMany({
    data: entries.map((entry) => ({
      queue: entry.queue,
      jobName: entry.jobName,
      jobId: entry.jobId,
      payload: entry.data,
      delayMs: entry.delayMs ?? 0,
    })),
    skipDuplicates: true,
  });
  return count;
}
