import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { activeStreams, ConnectionStore } from '@mlc/connections';
import type { PrismaClient } from '@mlc/db';
import { createRedis, enqueuePollRun, openQueue, pollQueue, waitForRedis } from '@mlc/queues';
import { withDatabase } from '../database.ts';
import { loadPipelineEnv } from '../env.ts';
import type { Output } from '../output.ts';

const workingStates = ['pending', 'mapped', 'writing'] as const;

export interface SyncSummary {
  connectionId: string;
  runId: string;
  streams: { stream: string; state: string }[];
  records: { entity: string; status: string; count: number }[];
  drained: boolean;
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

/**
 * `mlc sync ID [--wait]`: polls every stream of the connection now. With --wait, follows the
 * polls and then the pipeline until nothing is left in flight, showing progress, and prints a
 * summary by entity and state.
 */
export async function syncCommand(
  id: string,
  options: { wait?: boolean; json?: boolean; timeoutSeconds?: string },
  output: Output,
): Promise<SyncSummary> {
  const env = loadPipelineEnv();
  return withDatabase(env.DATABASE_URL, async ({ prisma }) => {
    const settings = await new ConnectionStore(prisma, {
      allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
    }).settings(id);
    const redis = createRedis(env.REDIS_URL, 'producer', 'mlc-cli');
    await waitForRedis(redis);
    const queue = openQueue(pollQueue, { connection: redis, prefix: env.MLC_REDIS_PREFIX });
    try {
      const runId = randomUUID().slice(0, 8);
      const streams = activeStreams(settings).map((stream) => stream.name);
      const jobIds = await enqueuePollRun(queue, { connectionId: id, streams, runId });
      if (!options.json)
        output.progress(
          `sync ${runId}: polling ${streams.length} streams of ${id}${settings.status === 'active' ? '' : ` (connection is ${settings.status}: polls will be skipped)`}`,
        );
      const states = async () =>
        Promise.all(
          jobIds.map(async (jobId, index) => {
            const job = await queue.getJob(jobId);
            return { stream: streams[index] ?? jobId, state: job ? await job.getState() : 'missing' };
          }),
        );
      let streamStates = await states();
      let drained = !options.wait;
      if (options.wait) {
        const deadline = Date.now() + Number(options.timeoutSeconds ?? 600) * 1000;
        let last = '';
        for (;;) {
          streamStates = await states();
          const polled = streamStates.filter((s) => s.state === 'completed' || s.state === 'failed').length;
          const counts = await statusCounts(prisma, id);
          const working = counts
            .filter((c) => (workingStates as readonly string[]).includes(c.status))
            .reduce((sum, c) => sum + c.count, 0);
          const outbox = await pendingOutbox(prisma, id);
          const byStatus = new Map<string, number>();
          for (const count of counts)
            byStatus.set(count.status, (byStatus.get(count.status) ?? 0) + count.count);
          const line = `polled ${polled}/${streams.length} streams · ${[...byStatus].map(([status, n]) => `${n} ${status}`).join(' · ') || 'no records yet'}`;
          if (!options.json && line !== last) output.progress(line);
          last = line;
          if (polled === streams.length && working === 0 && outbox === 0) {
            drained = true;
            break;
          }
          if (Date.now() > deadline) break;
          await delay(500);
        }
      }
      const summary: SyncSummary = {
        connectionId: id,
        runId,
        streams: streamStates,
        records: await statusCounts(prisma, id),
        drained,
      };
      if (options.json) output.json(summary);
      else if (options.wait) {
        output.result(`${drained ? 'Drained' : 'Timed out before the pipeline drained'}: ${id}`);
        output.result(
          [
            'entity            status        count',
            ...summary.records.map((r) => `${r.entity.padEnd(18)}${r.status.padEnd(14)}${r.count}`),
          ].join('\n'),
        );
        const failedStreams = streamStates.filter((s) => s.state === 'failed');
        if (failedStreams.length)
          output.result(
            `Polls that failed: ${failedStreams.map((s) => s.stream).join(', ')} (see mlc connection test ${id})`,
          );
      } else
        output.result(
          `Enqueued ${streams.length} polls for ${id} (run ${runId}). Add --wait to follow them.`,
        );
      if (options.wait && !drained) process.exitCode = 1;
      return summary;
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
}
