import type { LedgerEntity, LedgerStatus } from '@mlc/db';
import { withDatabase } from '../database.ts';
import { loadDatabaseEnv } from '../env.ts';
import type { Output } from '../output.ts';

export interface LedgerRow {
  id: string;
  entity: string;
  sourceId: string;
  sourceNumber: string | null;
  status: string;
  targetId: string | null;
  targetNumber: string | null;
  reason: string | null;
  attempts: number;
  updatedAt: string;
}

/** `mlc ledger ID [--status S] [--entity E] [--json]`: the records of a connection and why each is where it is. */
export async function ledgerCommand(
  id: string,
  options: { status?: string; entity?: string; limit?: string; json?: boolean },
  output: Output,
): Promise<LedgerRow[]> {
  const env = loadDatabaseEnv();
  const rows = await withDatabase(env.DATABASE_URL, async ({ prisma }) => {
    const connection = await prisma.connection.findUnique({ where: { id }, select: { id: true } });
    if (!connection) throw new Error(`no connection "${id}"`);
    return prisma.ledgerRecord.findMany({
      where: {
        connectionId: id,
        ...(options.status ? { status: options.status as LedgerStatus } : {}),
        ...(options.entity ? { entity: options.entity as LedgerEntity } : {}),
      },
      orderBy: [{ entity: 'asc' }, { updatedAt: 'desc' }],
      take: Number(options.limit ?? 10_000),
    });
  });
  const result: LedgerRow[] = rows.map((row) => ({
    id: row.id,
    entity: row.entity,
    sourceId: row.sourceId,
    sourceNumber: row.sourceNumber,
    status: row.status,
    targetId: row.targetId,
    targetNumber: row.targetNumber,
    reason: row.reason,
    attempts: row.attempts,
    updatedAt: row.updatedAt.toISOString(),
  }));
  if (options.json) output.json(result);
  else if (result.length === 0) output.result('No records match.');
  else {
    output.result(
      result
        .map(
          (r) =>
            `${r.entity.padEnd(15)} ${(r.sourceNumber ?? r.sourceId).padEnd(20)} ${r.status.padEnd(10)} ${(r.targetNumber ?? '').padEnd(14)} ${r.reason ?? ''}`,
        )
        .join('\n'),
    );
  }
  return result;
}
