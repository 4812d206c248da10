import type { LedgerStatus, PrismaClient } from '@mlc/db';
import type { Queue } from 'bullmq';

const working: LedgerStatus[] = ['pending', 'mapped', 'writing', 'uncertain'];

/** Where the pipeline stands, from Postgres (ledger, outbox) and Redis (queued record jobs). */
export interface PipelineState {
  /** Ledger records by entity and state. */
  byEntity: Record<string, Partial<Record<LedgerStatus, number>>>;
  /** Records in pending, mapped, writing or uncertain. */
  inFlight: number;
  outbox: number;
  /** Record jobs waiting, active, delayed or prioritized in map and both write queues; undefined while Redis is away. */
  queued: number | undefined;
}

export async function readPipelineState(
  prisma: PrismaClient,
  connectionId: string,
  recordQueues: readonly Queue[],
): Promise<PipelineState> {
  const [groups, outbox] = await Promise.all([
    prisma.ledgerRecord.groupBy({ by: ['entity', 'status'], where: { connectionId }, _count: true }),
    prisma.outboxMessage.count(),
  ]);
  const byEntity: PipelineState['byEntity'] = {};
  let inFlight = 0;
  for (const group of groups) {
    (byEntity[group.entity] ??= {})[group.status] = group._count;
    if (working.includes(group.status)) inFlight += group._count;
  }
  let queued: number | undefined;
  try {
    const counts = await Promise.all(
      recordQueues.map((queue) =>
        queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children'),
      ),
    );
    queued = counts.reduce((sum, byState) => sum + Object.values(byState).reduce((a, b) => a + b, 0), 0);
  } catch {
    queued = undefined;
  }
  return { byEntity, inFlight, outbox, queued };
}

export function count(state: PipelineState, entity: string, status?: LedgerStatus): number {
  const byStatus = state.byEntity[entity] ?? {};
  if (status) return byStatus[status] ?? 0;
  return Object.values(byStatus).reduce((sum, n) => sum + n, 0);
}

/** "purchase_order 1520 synced, 80 blocked, 12 writing | bill …" */
export function describeState(state: PipelineState, entities: readonly string[]): string {
  return entities
    .map((entity) => {
      const byStatus = state.byEntity[entity] ?? {};
      const parts = Object.entries(byStatus)
        .toSorted(([, a], [, b]) => b - a)
        .map(([status, n]) => `${n} ${status}`);
      return `${entity} ${parts.join(', ') || '-'}`;
    })
    .join(' | ');
}
