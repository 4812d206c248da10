import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';

export const queueNames = ['poll', 'map', 'oracle-write', 'procurify-write', 'token-refresh'] as const;
export type QueueName = (typeof queueNames)[number];

/** One queue's contract: its name, one zod schema per job name, and default job options. */
export interface QueueContract<Jobs extends Record<string, z.ZodType> = Record<string, z.ZodType>> {
  name: QueueName;
  jobs: Jobs;
  defaultJobOptions: JobsOptions;
  /**
   * BullMQ's job lock: renewed every half of it while the processor runs, so it bounds how long
   * the job of a crashed worker waits before it is retried as stalled, not how long a job may
   * run. The writers' per-record locks and write slots use it as their lease, renewed the same way.
   */
  lockDurationMs: number;
  /**
   * BullMQ priority of a job (1 = highest after the unprioritized ones, which always go first);
   * undefined = no priority. Applied by the outbox relay.
   */
  priorityOf?: (data: unknown) => number | undefined;
}

export type JobNameOf<C extends QueueContract> = Extract<keyof C['jobs'], string>;
export type JobDataOf<C extends QueueContract, N extends JobNameOf<C>> = z.infer<C['jobs'][N]>;

export function defineQueue<const Jobs extends Record<string, z.ZodType>>(
  contract: QueueContract<Jobs>,
): QueueContract<Jobs> {
  return contract;
}

/** Validates job data against its contract before it is stored anywhere. */
export function parseJobData<C extends QueueContract, N extends JobNameOf<C>>(
  contract: C,
  jobName: N,
  data: unknown,
): JobDataOf<C, N> {
  const schema = contract.jobs[jobName];
  if (!schema) throw new Error(`Queue ${contract.name} has no job named ${jobName}`);
  return schema.parse(data) as JobDataOf<C, N>;
}
