import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';

export const queueNames = ['poll', 'map', 'oracle-write', 'procurify-write', 'token-refresh'] as const;
export type QueueName = (typeof queueNames)[number];

/** One queue's contract: its name, one zod schema per job name, and default job options. */
export interface QueueContract<Jobs extends Record<string, z.ZodType> = Record<string, z.ZodType>> {
  name: QueueName;
  jobs: Jobs;
  defaultJobOptions: JobsOptions;
  /** How long a job may hold its lock before it counts as stalled; the processor's time budget. */
  lockDurationMs: number;
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
