import type { LedgerEntity, LedgerStatus } from '@mlc/db';
import { InvalidRequestError, ledgerEntities, ledgerStatuses, queryLedger } from '@mlc/operations';
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

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined) return [];
  if (!(allowed as readonly string[]).includes(value))
    throw new InvalidRequestError(`--${name} must be one of ${allowed.join(', ')}`);
  return [value as T];
}

/** `mlc ledger ID [--status S] [--entity E] [--json]`: the records of a connection and why each is where it is. */
export async function ledgerCommand(
  id: string,
  options: { status?: string; entity?: string; limit?: string; json?: boolean },
  output: Output,
): Promise<LedgerRow[]> {
  const status = oneOf<LedgerStatus>('status', options.status, ledgerStatuses);
  const entity = oneOf<LedgerEntity>('entity', options.entity, ledgerEntities);
  const limit = Number(options.limit ?? 10_000);
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidRequestError('--limit must be a positive integer');
  const env = loadDatabaseEnv();
  const page = await withDatabase(env.DATABASE_URL, ({ prisma }) =>
    queryLedger({ prisma }, id, { status, entity, limit }),
  );
  // Grouped by entity (in the ledger's entity order), newest activity first within each.
  const order = (name: string) => (ledgerEntities as readonly string[]).indexOf(name);
  const result: LedgerRow[] = page.items
    .toSorted((a, b) => order(a.entity) - order(b.entity))
    .map((row) => ({
      id: row.id,
      entity: row.entity,
      sourceId: row.sourceId,
      sourceNumber: row.sourceNumber,
      status: row.status,
      targetId: row.targetId,
      targetNumber: row.targetNumber,
      reason: row.reason,
      attempts: row.attempts,
      updatedAt: row.updatedAt,
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
