import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseJobData, type JobDataOf, type JobNameOf, type QueueContract } from './contract.ts';
import { jobIds, pollQueue, queueContracts } from './queues.ts';

export interface QueueConnection {
  connection: Redis;
  /** MLC_REDIS_PREFIX: every BullMQ key starts with it. */
  prefix: string;
}

/** A BullMQ queue built from its contract (name, default options) on a shared connection. */
export function openQueue(contract: QueueContract, options: QueueConnection): Queue {
  return new Queue(contract.name, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: contract.defaultJobOptions,
  });
}

export type QueueName = keyof typeof queueContracts;

/**
 * Every queue of design.md §2 on one connection: what an outbox relay needs (any app's outbox
 * rows may target any queue), and what operators' tools inspect. Close them with the connection.
 */
export function openAllQueues(options: QueueConnection): Record<QueueName, Queue> {
  return Object.fromEntries(
    Object.values(queueContracts).map((contract) => [contract.name, openQueue(contract, options)]),
  ) as Record<QueueName, Queue>;
}

/**
 * Adds one job directly (not through the outbox) after validating its data: for jobs that need
 * no ledger change in the same transaction, such as "sync now" polls and token refreshes.
 */
export async function addJob<C extends QueueContract, N extends JobNameOf<C>>(
  queue: Queue,
  contract: C,
  jobName: N,
  data: JobDataOf<C, N>,
  options: { jobId: string; delayMs?: number },
): Promise<void> {
  const parsed = parseJobData(contract, jobName, data);
  await queue.add(jobName, parsed, {
    jobId: options.jobId,
    ...(options.delayMs ? { delay: options.delayMs } : {}),
  });
}

/** "Sync now": one poll job per stream, grouped under `runId` so callers can follow them. */
export async function enqueuePollRun(
  queue: Queue,
  run: { connectionId: string; streams: readonly string[]; runId: string },
): Promise<string[]> {
  const ids: string[] = [];
  for (const stream of run.streams) {
    const jobId = jobIds.pollNow({ connectionId: run.connectionId, stream, runId: run.runId });
    await addJob(
      queue,
      pollQueue,
      'poll-stream',
      { connectionId: run.connectionId, stream, trigger: 'manual', runId: run.runId },
      { jobId },
    );
    ids.push(jobId);
  }
  return ids;
}
