import type { Queue } from 'bullmq';
import { activeStreams, type ConnectionStore } from '@mlc/connections';
import type { Logger } from '@mlc/logger';
import { jobIds, pollQueue } from '@mlc/queues';

/**
 * One BullMQ job scheduler per connection × stream, at the connection's interval (master data on
 * its slower schedule). Reconciled on start and periodically, so a new or edited connection is
 * picked up and a deleted one stops; safe to run from every poller replica.
 */
export async function reconcileSchedules(
  queue: Queue,
  connections: ConnectionStore,
  logger: Logger,
): Promise<number> {
  const desired = new Map<string, { every: number; connectionId: string; stream: string }>();
  for (const connection of await connections.list()) {
    for (const stream of activeStreams(connection)) {
      const minutes =
        stream.cadence === 'master'
          ? connection.schedule.masterDataIntervalMinutes
          : connection.schedule.intervalMinutes;
      desired.set(jobIds.pollSchedulerId({ connectionId: connection.id, stream: stream.name }), {
        every: minutes * 60_000,
        connectionId: connection.id,
        stream: stream.name,
      });
    }
  }
  for (const [schedulerId, { every, connectionId, stream }] of desired) {
    await queue.upsertJobScheduler(
      schedulerId,
      { every },
      {
        name: 'poll-stream',
        data: { connectionId, stream, trigger: 'schedule' },
        opts: pollQueue.defaultJobOptions,
      },
    );
  }
  const existing = await queue.getJobSchedulers(0, -1);
  for (const scheduler of existing) {
    const id = scheduler.key;
    if (id.startsWith('sched.') && !desired.has(id)) {
      await queue.removeJobScheduler(id);
      logger.info({ schedulerId: id }, 'poll schedule removed');
    }
  }
  return desired.size;
}
