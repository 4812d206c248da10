import { setTimeout as delay } from 'node:timers/promises';
import type { PrismaClient } from '@mlc/db';
import { syncNow } from '@mlc/operations';
import { createRedis, openQueue, pollQueue, waitForRedis } from '@mlc/queues';
import type { Queue } from 'bullmq';
import { withDatabase } from '../database.ts';
import { loadPipelineEnv } from '../env.ts';
import type { Output } from '../output.ts';

const workingStates = ['pending', 'mapped', 'writing'] as const;
/** The order states are shown in: the pipeline's, then the side states. */
const statusOrder = [
  'pending',
  'mapped',
  'writing',
  'synced',
  'blocked',
  'failed',
  'uncertain',
  'skipped',
  'superseded',
];

export interface SyncSummary {
  connectionId: string;
  runId: string;
  streams: { stream: string; state: string; failedReason?: string }[];
  records: { entity: string; status: string; count: number }[];
  drained: boolean;
  elapsedMs: number;
}

async function statusCounts(prisma: PrismaClient, connectionId: string) {
  const groups = await prisma.ledgerRecord.groupBy({
    by: ['entity', 'status'],
    where: { connectionId },
    _count: true,
  });
  return groups
    .map((group) => ({ entity: group.entity, status: group.status, count: group._count }))
    .sort((a, b) => a.entity.localeCompare(b.entity) || a.status.localeCompare(b.status));
}

async function pendingOutbox(prisma: PrismaClient, connectionId: string): Promise<number> {
  const rows = await prisma.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM outbox WHERE payload->>'connectionId' = ${connectionId}`;
  return Number(rows[0]?.n ?? 0);
}

async function pollStates(queue: Queue, polls: readonly { stream: string; jobId: string }[]) {
  return Promise.all(
    polls.map(async ({ stream, jobId }) => {
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : 'missing';
      return state === 'failed' && job?.failedReason
        ? { stream, state, failedReason: job.failedReason }
        : { stream, state };
    }),
  );
}

/** "polls 3/5 · 12 pending · 4 mapped · 30 synced · 2 blocked": what changed since the last line. */
function progressLine(
  polled: number,
  streams: number,
  counts: readonly { status: string; count: number }[],
  outbox: number,
): string {
  const byStatus = new Map<string, number>();
  for (const count of counts) byStatus.set(count.status, (byStatus.get(count.status) ?? 0) + count.count);
  const states = [...byStatus]
    .sort(([a], [b]) => statusOrder.indexOf(a) - statusOrder.indexOf(b))
    .map(([status, n]) => `${n} ${status}`);
  return [
    `polls ${polled}/${streams}`,
    ...(states.length ? states : ['no records yet']),
    ...(outbox ? [`${outbox} queued`] : []),
  ].join(' · ');
}

/**
 * `mlc sync ID [--wait]`: polls every stream of the connection now. With --wait, follows the polls
 * and then the pipeline until nothing is left in flight — one progress line on stderr each time
 * the counts change — and prints a summary by entity and state. `--json` prints only the summary.
 * Exit code 1 when a poll failed or --wait timed out.
 */
export async function syncCommand(
  id: string,
  options: { wait?: boolean; json?: boolean; timeoutSeconds?: string },
  output: Output,
): Promise<SyncSummary> {
  const env = loadPipelineEnv();
  const timeoutSeconds = Number(options.timeoutSeconds ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new Error(`--timeout-seconds must be a positive number, not "${options.timeoutSeconds}"`);
  const started = Date.now();
  return withDatabase(env.DATABASE_URL, async ({ prisma }) => {
    const redis = createRedis(env.REDIS_URL, 'producer', 'mlc-cli');
    try {
      await waitForRedis(redis);
      const queue = openQueue(pollQueue, { connection: redis, prefix: env.MLC_REDIS_PREFIX });
      try {
        const run = await syncNow({ prisma, pollQueue: queue }, id);
        const streams = run.polls.length;
        if (!options.json) output.progress(`sync ${run.runId}: polling ${streams} streams of ${id}`);
        let states = await pollStates(queue, run.polls);
        let drained = !options.wait;
        if (options.wait) {
          const deadline = started + timeoutSeconds * 1000;
          let last = '';
          for (;;) {
            states = await pollStates(queue, run.polls);
            const polled = states.filter((s) => s.state === 'completed' || s.state === 'failed').length;
            const [counts, outbox] = await Promise.all([statusCounts(prisma, id), pendingOutbox(prisma, id)]);
            const working = counts
              .filter((c) => (workingStates as readonly string[]).includes(c.status))
              .reduce((sum, c) => sum + c.count, 0);
            const line = progressLine(polled, streams, counts, outbox);
            if (!options.json && line !== last) {
              const elapsed = Math.round((Date.now() - started) / 1000);
              output.progress(output.isInteractive ? `[${String(elapsed).padStart(4)}s] ${line}` : line);
            }
            last = line;
            if (polled === streams && working === 0 && outbox === 0) {
              drained = true;
              break;
            }
            if (Date.now() > deadline) break;
            // Another process moves the records on; there is no event to wait for from here.
            await delay(500);
          }
        }
        const summary: SyncSummary = {
          connectionId: id,
          runId: run.runId,
          streams: states,
          records: await statusCounts(prisma, id),
          drained,
          elapsedMs: Date.now() - started,
        };
        const failed = states.filter((s) => s.state === 'failed');
        if (options.json) output.json(summary);
        else if (options.wait) {
          output.result(
            drained
              ? `Drained ${id} in ${Math.round(summary.elapsedMs / 100) / 10} s.`
              : `Timed out after ${timeoutSeconds} s before the pipeline of ${id} drained.`,
          );
          output.result(
            [
              'entity            status        count',
              ...summary.records.map((r) => `${r.entity.padEnd(18)}${r.status.padEnd(14)}${r.count}`),
            ].join('\n'),
          );
        } else
          output.result(`Enqueued ${streams} polls for ${id} (run ${run.runId}). Add --wait to follow them.`);
        if (failed.length > 0) {
          output.progress(
            `mlc: ${failed.length} poll(s) failed: ${failed.map((s) => `${s.stream} (${s.failedReason ?? 'unknown'})`).join('; ')}; see mlc connection test ${id}`,
          );
          process.exitCode = 1;
        } else if (options.wait && !drained) process.exitCode = 1;
        return summary;
      } finally {
        await queue.close();
      }
    } finally {
      redis.disconnect();
    }
  });
}
