import type { ConnectionStore } from '@mlc/connections';
import type { PrismaClient } from '@mlc/db';
import type { Logger } from '@mlc/logger';
import { dryRun, MappingContextCache, type DryRunItem } from '@mlc/pipeline';
import type { TokenServiceClient } from '@mlc/token-client';
import { assertConnectionExists } from './connections.ts';

export type { DryRunItem } from '@mlc/pipeline';

export interface DryRunDeps {
  prisma: PrismaClient;
  connections: ConnectionStore;
  /** Tokens for the upstream reads come from token-service, like every other app's. */
  tokens: TokenServiceClient;
  logger: Logger;
}

/**
 * What a sync would write, without writing anything: polls every transactional stream as `sync`
 * would (no cursor moves, nothing recorded) — or takes the chosen ledger records — and maps each
 * record with the current mappings. The upstreams see GETs only.
 */
export async function dryRunConnection(
  deps: DryRunDeps,
  connectionId: string,
  options: { recordIds?: readonly string[] } = {},
): Promise<DryRunItem[]> {
  await assertConnectionExists(deps.prisma, connectionId);
  // A fresh cache per run: a dry run must see the mappings as they are this instant.
  const cache = new MappingContextCache(deps.prisma, deps.connections, 0);
  return dryRun(
    {
      prisma: deps.prisma,
      connections: deps.connections,
      tokens: deps.tokens,
      cache,
      logger: deps.logger.child({ module: 'dry-run', connectionId }),
    },
    connectionId,
    options.recordIds?.length ? { recordIds: options.recordIds } : {},
  );
}
