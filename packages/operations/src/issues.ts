import type { PrismaClient } from '@mlc/db';
import { assertConnectionExists } from './connections.ts';

export interface ConnectionIssueView {
  id: string;
  /** auth_failed | upstream_unavailable | rate_limited | configuration */
  kind: string;
  system: string | null;
  message: string;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Set once a later success cleared it (auto-resolved) or new credentials were stored. */
  resolvedAt: string | null;
  open: boolean;
}

/** A connection's issues, most recently seen first: open ones, resolved ones, or both. */
export async function listConnectionIssues(
  deps: { prisma: PrismaClient },
  connectionId: string,
  options: { state?: 'open' | 'resolved' | 'all'; limit?: number } = {},
): Promise<ConnectionIssueView[]> {
  await assertConnectionExists(deps.prisma, connectionId);
  const state = options.state ?? 'all';
  const issues = await deps.prisma.connectionIssue.findMany({
    where: {
      connectionId,
      ...(state === 'open'
        ? { resolvedAt: null }
        : state === 'resolved'
          ? { resolvedAt: { not: null } }
          : {}),
    },
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'asc' }],
    take: options.limit ?? 100,
  });
  return issues.map((issue) => ({
    id: issue.id,
    kind: issue.kind,
    system: issue.system,
    message: issue.message,
    occurrences: issue.occurrences,
    firstSeenAt: issue.firstSeenAt.toISOString(),
    lastSeenAt: issue.lastSeenAt.toISOString(),
    resolvedAt: issue.resolvedAt?.toISOString() ?? null,
    open: issue.resolvedAt === null,
  }));
}
