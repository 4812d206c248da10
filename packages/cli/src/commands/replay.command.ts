import type { LedgerStatus } from '@mlc/db';
import { Ledger } from '@mlc/ledger';
import { withDatabase } from '../database.ts';
import { loadDatabaseEnv } from '../env.ts';
import type { Output } from '../output.ts';

const replayable: LedgerStatus[] = ['failed', 'blocked', 'uncertain'];

/**
 * `mlc replay ID [--status failed|blocked|uncertain] [--record RID…]`: sends records back through
 * mapping and writing. Safe: the writer looks every record that was attempted before up in Oracle
 * first, so a replay never creates a second document.
 */
export async function replayCommand(
  id: string,
  options: { status?: string; record?: string[]; json?: boolean },
  output: Output,
): Promise<{ requeued: number; notRequeued: { id: string; status: string }[] }> {
  const env = loadDatabaseEnv();
  if (options.status && !(replayable as string[]).includes(options.status)) {
    throw new Error(`--status must be one of ${replayable.join(', ')}`);
  }
  const statuses = options.status ? [options.status as LedgerStatus] : replayable;
  const result = await withDatabase(env.DATABASE_URL, async ({ prisma }) => {
    const ledger = new Ledger(prisma);
    const ids = options.record?.length ? options.record : undefined;
    const requeued = await ledger.requeue(id, ids ? { ids } : {}, statuses, 'replayed by an operator');
    const notRequeued = ids
      ? await prisma.ledgerRecord.findMany({
          where: { connectionId: id, id: { in: ids.filter((rid) => !requeued.includes(rid)) } },
          select: { id: true, status: true },
        })
      : [];
    return { requeued: requeued.length, notRequeued };
  });
  if (options.json) output.json(result);
  else {
    output.result(`Re-queued ${result.requeued} record(s) of ${id}.`);
    for (const skipped of result.notRequeued)
      output.result(
        `  not re-queued: ${skipped.id} is ${skipped.status} (only ${statuses.join('/')} records are replayed)`,
      );
  }
  return result;
}
