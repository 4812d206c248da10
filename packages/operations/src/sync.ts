import { randomUUID } from 'node:crypto';
import { activeStreams, ConnectionStore } from '@mlc/connections';
import type { PrismaClient } from '@mlc/db';
import { enqueuePollRun } from '@mlc/queues';
import type { Queue } from 'bullmq';
import { ConflictError } from './errors.ts';

export interface SyncRun {
  connectionId: string;
  /** Groups this run's poll jobs (`trigger: manual`), so a caller can follow them. */
  runId: string;
  polls: { stream: string; jobId: string }[];
}

/**
 * "Sync now": one poll job per active stream of the connection, on the `poll` queue. A paused
 * or auth_failed connection is refused (its polls would only be skipped).
 */
export async function syncNow(
  deps: { prisma: PrismaClient; pollQueue: Queue },
  connectionId: string,
): Promise<SyncRun> {
  const settings = await new ConnectionStore(deps.prisma, { allowInsecureUpstreams: true }).settings(
    connectionId,
  );
  if (settings.status !== 'active') {
    throw new ConflictError(
      `Connection ${connectionId} is ${settings.status}${settings.statusReason ? ` (${settings.statusReason})` : ''}; resume it before syncing`,
      { code: `CONNECTION_${settings.status.toUpperCase()}` },
    );
  }
  const runId = randomUUID().slice(0, 8);
  const streams = activeStreams(settings).map((stream) => stream.name);
  const jobIds = await enqueuePollRun(deps.pollQueue, { connectionId, streams, runId });
  return {
    connectionId,
    runId,
    polls: streams.map((stream, index) => ({ stream, jobId: jobIds[index] ?? '' })),
  };
}
