import { setTimeout as delay } from 'node:timers/promises';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { RateLimitedError, summarizeError, type ErrorClass, classifyError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { recordJob, type JobOutcome } from '@mlc/observability';
import { parseJobData, type JobDataOf, type JobNameOf, type QueueContract } from './contract.ts';

export interface JobContext {
  job: Job;
  /** Child logger bound to queue, job id, job name and attempt. */
  logger: Logger;
  token: string | undefined;
  /** Aborted when the worker shuts down past its deadline; long handlers should pass it on. */
  signal: AbortSignal | undefined;
}

export type JobHandlers<C extends QueueContract> = {
  [N in JobNameOf<C>]: (data: JobDataOf<C, N>, context: JobContext) => Promise<unknown>;
};

/** What to do with a job whose handler threw. */
export type FailureDecision =
  | { action: 'retry' } // let BullMQ retry with the contract's backoff (counts an attempt)
  | { action: 'fail' } // UnrecoverableError: no retry
  | { action: 'delay'; delayMs: number }; // run again later without counting an attempt

/** design.md's taxonomy → retry policy. */
export function decideByErrorClass(error: unknown): FailureDecision {
  const errorClass: ErrorClass = classifyError(error);
  switch (errorClass) {
    case 'permanent':
    case 'mapping':
    case 'auth':
      return { action: 'fail' };
    case 'rate_limited': {
      const retryAfterMs = error instanceof RateLimitedError ? error.retryAfterMs : undefined;
      return { action: 'delay', delayMs: Math.min(Math.max(retryAfterMs ?? 5_000, 250), 10 * 60_000) };
    }
    case 'transient':
    case 'uncertain':
      return { action: 'retry' };
  }
}

export interface StartWorkerOptions {
  connection: Redis;
  prefix: string;
  logger: Logger;
  concurrency?: number;
  /** Override the taxonomy-based decision (e.g. a writer that has recorded the failure itself). */
  decide?: (error: unknown, job: Job) => FailureDecision;
  autorun?: boolean;
}

export interface ManagedWorker {
  worker: Worker;
  /** Stops taking jobs, waits for active ones up to `deadlineMs`, then cancels them (AbortSignal). */
  close(deadlineMs: number): Promise<void>;
}

/**
 * A BullMQ worker for one contract: validates job data (invalid data fails without retries),
 * gives each job a child logger, and turns handler errors into the taxonomy's retry policy.
 */
export function startWorker<C extends QueueContract>(
  contract: C,
  handlers: JobHandlers<C>,
  options: StartWorkerOptions,
): ManagedWorker {
  const decide = options.decide ?? ((error: unknown) => decideByErrorClass(error));
  const baseLogger = options.logger.child({ module: 'worker', queue: contract.name });

  const handle = async (job: Job, token?: string, signal?: AbortSignal): Promise<unknown> => {
    const jobName = job.name as JobNameOf<C>;
    const handler = handlers[jobName] as
      ((data: unknown, context: JobContext) => Promise<unknown>) | undefined;
    if (!handler) throw new UnrecoverableError(`Queue ${contract.name} has no handler for job "${job.name}"`);
    let data: unknown;
    try {
      data = parseJobData(contract, jobName, job.data);
    } catch (error) {
      throw new UnrecoverableError(
        `Invalid job data for ${contract.name}/${job.name}: ${summarizeError(error).message}`,
      );
    }
    const logger = baseLogger.child({ jobId: job.id, jobName: job.name, attempt: job.attemptsMade + 1 });
    try {
      return await handler(data, { job, logger, token, signal });
    } catch (error) {
      const decision = decide(error, job);
      const summary = summarizeError(error);
      if (decision.action === 'fail') {
        logger.warn({ err: error, errorClass: summary.errorClass }, 'job failed permanently');
        throw new UnrecoverableError(`${summary.code}: ${summary.message}`);
      }
      if (decision.action === 'delay') {
        logger.info({ delayMs: decision.delayMs, errorClass: summary.errorClass }, 'job delayed');
        await job.moveToDelayed(Date.now() + decision.delayMs, token);
        throw new DelayedError();
      }
      logger.warn({ err: error, errorClass: summary.errorClass }, 'job attempt failed; will retry');
      throw error;
    }
  };

  const processor = async (job: Job, token?: string, signal?: AbortSignal): Promise<unknown> => {
    // mlc_jobs_total / mlc_job_duration_seconds: one observation per attempt, whatever its end.
    const started = performance.now();
    let outcome: JobOutcome = 'failed';
    try {
      const result = await handle(job, token, signal);
      outcome = 'completed';
      return result;
    } catch (error) {
      if (error instanceof DelayedError) outcome = 'delayed';
      else if (!(error instanceof UnrecoverableError) && job.attemptsMade + 1 < (job.opts.attempts ?? 1))
        outcome = 'retried';
      throw error;
    } finally {
      recordJob({
        queue: contract.name,
        job: job.name,
        outcome,
        durationSeconds: (performance.now() - started) / 1000,
      });
    }
  };

  const worker = new Worker(contract.name, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: contract.lockDurationMs,
    autorun: options.autorun ?? true,
  });
  worker.on('error', (error) => baseLogger.error({ err: error }, 'worker error'));
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      baseLogger.error({ jobId: job.id, jobName: job.name, err: error }, 'job exhausted its attempts');
    }
  });

  let closing: Promise<void> | undefined;
  const finishedWithin = (promise: Promise<void>, ms: number) =>
    Promise.race([promise.then(() => true), delay(ms, false, { ref: false })]);
  return {
    worker,
    close(deadlineMs: number) {
      closing ??= (async () => {
        const graceful = worker.close();
        if (await finishedWithin(graceful, deadlineMs)) return;
        baseLogger.warn({ deadlineMs }, 'active jobs did not finish before the deadline; cancelling them');
        worker.cancelAllJobs('shutdown deadline reached');
        if (await finishedWithin(graceful, 1_000)) return;
        // The process exits anyway; the jobs' locks expire and another worker retries them as stalled.
        baseLogger.warn('active jobs ignored cancellation; they will be retried as stalled jobs');
      })();
      return closing;
    },
  };
}
