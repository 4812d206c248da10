import { ConnectionNotFoundError, ConnectionStore, type ConnectionView } from '@mlc/connections';
import type { ConnectionStatus, PrismaClient } from '@mlc/db';
import type { TokenServiceClient } from '@mlc/token-client';
import { z } from 'zod';
import { ConflictError, InvalidRequestError } from './errors.ts';

/** One connection with what an operator looks at first: record counts, streams, open issues. */
export interface ConnectionDetail extends ConnectionView {
  records: { total: number; byStatus: Record<string, number> };
  streams: {
    stream: string;
    watermark: string | null;
    lastRunAt: string | null;
    lastSuccessAt: string | null;
    lastResult: string | null;
    lastError: string | null;
    lastCount: number;
  }[];
  openIssues: number;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Every connection, without secrets (credentials appear only as "stored at"). */
export function listConnections(deps: { prisma: PrismaClient }): Promise<ConnectionView[]> {
  // Views never derive URLs strictly, so listing works whatever MLC_ALLOW_INSECURE_UPSTREAMS says.
  return new ConnectionStore(deps.prisma, { allowInsecureUpstreams: true }).list();
}

export async function getConnection(deps: { prisma: PrismaClient }, id: string): Promise<ConnectionDetail> {
  const { prisma } = deps;
  const view = await new ConnectionStore(prisma, { allowInsecureUpstreams: true }).view(id);
  const [groups, cursors, openIssues] = await Promise.all([
    prisma.ledgerRecord.groupBy({ by: ['status'], where: { connectionId: id }, _count: true }),
    prisma.pollCursor.findMany({ where: { connectionId: id }, orderBy: { stream: 'asc' } }),
    prisma.connectionIssue.count({ where: { connectionId: id, resolvedAt: null } }),
  ]);
  const byStatus = Object.fromEntries(
    groups.map((group) => [group.status, group._count] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    ...view,
    records: { total: groups.reduce((sum, group) => sum + group._count, 0), byStatus },
    streams: cursors.map((cursor) => ({
      stream: cursor.stream,
      watermark: iso(cursor.watermark),
      lastRunAt: iso(cursor.lastRunAt),
      lastSuccessAt: iso(cursor.lastSuccessAt),
      lastResult: cursor.lastResult,
      lastError: cursor.lastError,
      lastCount: cursor.lastCount,
    })),
    openIssues,
  };
}

const savedSchema = z.object({ created: z.boolean(), view: z.looseObject({ id: z.string() }) });

/**
 * Creates or updates a connection from a connection file (design.md §3). The file holds
 * credentials, so it goes to token-service, the only holder of the master key, which validates
 * it, encrypts the secrets and answers with the stored view (no secrets).
 */
export async function saveConnection(
  deps: { tokens: TokenServiceClient },
  file: unknown,
): Promise<{ created: boolean; connection: ConnectionView }> {
  const saved = savedSchema.parse(await deps.tokens.saveConnection(file));
  return { created: saved.created, connection: saved.view as unknown as ConnectionView };
}

/** `mlc connection test` / POST …/test: reach, token and permission checks on both systems. */
export interface ConnectionTestReport {
  connectionId: string;
  ok: boolean;
  checks: { system: string; step: string; ok: boolean; message: string; durationMs: number }[];
}

const testReportSchema = z.object({
  connectionId: z.string(),
  ok: z.boolean(),
  checks: z.array(
    z.object({
      system: z.string(),
      step: z.string(),
      ok: z.boolean(),
      message: z.string(),
      durationMs: z.number(),
    }),
  ),
});

export async function testConnection(
  deps: { tokens: TokenServiceClient },
  id: string,
): Promise<ConnectionTestReport> {
  return testReportSchema.parse(await deps.tokens.testConnection(id));
}

async function setStatus(
  prisma: PrismaClient,
  id: string,
  change: { from: ConnectionStatus[]; to: ConnectionStatus; reason: string | null },
): Promise<ConnectionView> {
  // One conditional update, so a concurrent auth failure is never overwritten by a resume.
  const { count } = await prisma.connection.updateMany({
    where: { id, status: { in: change.from } },
    data: { status: change.to, statusReason: change.reason },
  });
  const store = new ConnectionStore(prisma, { allowInsecureUpstreams: true });
  const view = await store.view(id);
  if (count === 0 && view.status !== change.to) {
    throw new ConflictError(
      `Connection ${id} is ${view.status}${view.statusReason ? ` (${view.statusReason})` : ''}: store new credentials (mlc connection add, PUT /api/connections/${id}) to lift it`,
      { code: 'CONNECTION_AUTH_FAILED' },
    );
  }
  return view;
}

/**
 * Stops polling and writing for a connection: the poller skips its polls and the writers hold
 * its jobs (delayed, not failed) until it is resumed. Idempotent.
 */
export function pauseConnection(
  deps: { prisma: PrismaClient },
  id: string,
  reason?: string,
): Promise<ConnectionView> {
  return setStatus(deps.prisma, id, {
    from: ['active', 'paused'],
    to: 'paused',
    reason: reason ? `paused by an operator: ${reason}` : 'paused by an operator',
  });
}

/** Lets a paused connection poll and write again. An auth_failed one needs new credentials instead. */
export function resumeConnection(deps: { prisma: PrismaClient }, id: string): Promise<ConnectionView> {
  return setStatus(deps.prisma, id, { from: ['paused', 'active'], to: 'active', reason: null });
}

/** The connection must exist (read paths that would otherwise answer an empty list). */
export async function assertConnectionExists(prisma: PrismaClient, id: string): Promise<void> {
  const found = await prisma.connection.findUnique({ where: { id }, select: { id: true } });
  if (!found) throw new ConnectionNotFoundError(id);
}

/** A connection file's id must match the id in the path it was sent to. */
export function withConnectionId(file: unknown, id: string): unknown {
  if (!file || typeof file !== 'object' || Array.isArray(file))
    throw new InvalidRequestError('The body must be a connection file (a JSON object)');
  const given = (file as { id?: unknown }).id;
  if (given !== undefined && given !== id)
    throw new InvalidRequestError(
      `The file's id ${JSON.stringify(given)} differs from the connection "${id}"`,
    );
  return { ...file, id };
}
