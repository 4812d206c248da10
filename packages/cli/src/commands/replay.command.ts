import { InvalidRequestError, replayableStatuses, replayRecords, type ReplayResult } from '@mlc/operations';
import { withDatabase } from '../database.ts';
import { loadDatabaseEnv } from '../env.ts';
import type { Output } from '../output.ts';

/**
 * `mlc replay ID [--status failed|blocked|uncertain] [--record RID…]`: sends records back through
 * mapping and writing. Safe: the writer looks every record that was attempted before up in Oracle
 * first, so a replay never creates a second document.
 */
export async function replayCommand(
  id: string,
  options: { status?: string; record?: string[]; json?: boolean },
  output: Output,
): Promise<ReplayResult> {
  const status = replayableStatuses.find((candidate) => candidate === options.status);
  if (options.status && !status)
    throw new InvalidRequestError(`--status must be one of ${replayableStatuses.join(', ')}`);
  const env = loadDatabaseEnv();
  const result = await withDatabase(env.DATABASE_URL, ({ prisma }) =>
    replayRecords({ prisma }, id, {
      ...(status ? { statuses: [status] } : {}),
      ...(options.record?.length ? { recordIds: options.record } : {}),
      actor: 'replayed by an operator (mlc replay)',
    }),
  );
  if (options.json) output.json(result);
  else {
    output.result(`Re-queued ${result.requeued} record(s) of ${id}.`);
    for (const skipped of result.notRequeued)
      output.result(`  not re-queued: ${skipped.id} ${skipped.reason}`);
  }
  return result;
}
