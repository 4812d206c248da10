import { ConnectionStore } from '@mlc/connections';
import { createLogger } from '@mlc/logger';
import { dryRunConnection, type DryRunItem } from '@mlc/operations';
import { TokenServiceClient } from '@mlc/token-client';
import { withDatabase } from '../database.ts';
import { loadUpstreamReadEnv } from '../env.ts';
import type { Output } from '../output.ts';

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');
}

/**
 * `mlc dry-run ID [--record RID…] [--json]`: polls every stream as `sync` would (or takes the
 * chosen ledger records), maps what is new or changed, and prints the payloads a sync would
 * write — without writing anything or moving a cursor. `--json`: an array of
 * `{ entity, sourceId, target, operation, payload, status, reason, found }`.
 */
export async function dryRunCommand(
  id: string,
  options: { record?: string[]; json?: boolean },
  output: Output,
): Promise<DryRunItem[]> {
  const env = loadUpstreamReadEnv();
  const logger = createLogger({ name: 'mlc', level: 'silent' });
  const items = await withDatabase(env.DATABASE_URL, (database) =>
    dryRunConnection(
      {
        prisma: database.prisma,
        connections: new ConnectionStore(database.prisma, {
          allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
        }),
        tokens: new TokenServiceClient({
          url: env.TOKEN_SERVICE_URL,
          internalToken: env.INTERNAL_TOKEN,
          logger,
          timeoutMs: 120_000,
        }),
        logger,
      },
      id,
      options.record?.length ? { recordIds: options.record } : {},
    ),
  );
  if (options.json) {
    output.json(items);
    return items;
  }
  if (items.length === 0) {
    output.result(`Nothing new or changed for ${id}: a sync now would write nothing.`);
    return items;
  }
  for (const item of items) {
    output.result(
      `${item.operation.toUpperCase().padEnd(6)} ${item.target} ${item.entity} ${item.sourceId} [${item.status}, ${item.found}]${item.reason ? ` ${item.reason}` : ''}`,
    );
    if (item.payload !== null) output.result(indent(JSON.stringify(item.payload, null, 2), '    '));
  }
  const writes = items.filter((item) => item.operation !== 'none').length;
  const byStatus = new Map<string, number>();
  for (const item of items) byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + 1);
  output.result(
    `Dry run of ${id}: ${writes} document(s) would be written (${[...byStatus].map(([status, n]) => `${n} ${status}`).join(', ')}). Nothing was written.`,
  );
  return items;
}
