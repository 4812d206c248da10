import type { PrismaClient, UpstreamSystem } from '@mlc/db';

/** Kinds of connection issue operators see (design.md §2, issue list). */
export type ConnectionIssueKind = 'auth_failed' | 'upstream_unavailable' | 'rate_limited' | 'configuration';

type Db = Pick<PrismaClient, 'connectionIssue'>;

function openKey(connectionId: string, kind: string, system: UpstreamSystem | null): string {
  return `${connectionId}|${kind}|${system ?? '-'}`;
}

/**
 * Raises (or bumps) the open issue of this kind: at most one open issue per connection, kind and
 * system, with first and last seen and how often it happened.
 */
export async function raiseConnectionIssue(
  db: Db,
  issue: { connectionId: string; kind: ConnectionIssueKind; system: UpstreamSystem | null; message: string },
): Promise<void> {
  const key = openKey(issue.connectionId, issue.kind, issue.system);
  const now = new Date();
  await db.connectionIssue.upsert({
    where: { openKey: key },
    create: {
      connectionId: issue.connectionId,
      kind: issue.kind,
      system: issue.system,
      message: issue.message,
      openKey: key,
      firstSeenAt: now,
      lastSeenAt: now,
    },
    update: { message: issue.message, lastSeenAt: now, occurrences: { increment: 1 } },
  });
}

/** Resolves the open issue of this kind, if any (after a success). Returns whether one was open. */
export async function resolveConnectionIssue(
  db: Db,
  issue: { connectionId: string; kind: ConnectionIssueKind; system: UpstreamSystem | null },
): Promise<boolean> {
  const { count } = await db.connectionIssue.updateMany({
    where: { openKey: openKey(issue.connectionId, issue.kind, issue.system) },
    data: { resolvedAt: new Date(), openKey: null },
  });
  return count > 0;
}
