import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { PrismaClient } from '@mlc/db';
import type { Redis } from 'ioredis';

/** Peak and current resident memory of a process, from /proc/<pid>/status (Linux), in MiB. */
export function memoryOf(pid: number): { peakRssMiB: number; rssMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakRssMiB: kib('VmHWM') / 1024, rssMiB: kib('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Calls per Redis command since the last CONFIG RESETSTAT (INFO commandstats). */
export async function redisCommandStats(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
    calls[match[1] ?? '?'] = Number(match[2]);
  return calls;
}

export type DatabaseStats = Record<
  'xactCommit' | 'xactRollback' | 'tupReturned' | 'tupFetched' | 'tupInserted' | 'tupUpdated' | 'tupDeleted',
  number
>;

/** pg_stat_database for one database (cumulative; take differences). */
export async function databaseStats(prisma: PrismaClient, databaseName: string): Promise<DatabaseStats> {
  const rows = await prisma.$queryRaw<Record<string, bigint>[]>`
    SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted
    FROM pg_stat_database WHERE datname = ${databaseName}`;
  const row = rows[0] ?? {};
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    xactCommit: n('xact_commit'),
    xactRollback: n('xact_rollback'),
    tupReturned: n('tup_returned'),
    tupFetched: n('tup_fetched'),
    tupInserted: n('tup_inserted'),
    tupUpdated: n('tup_updated'),
    tupDeleted: n('tup_deleted'),
  };
}

export function difference<T extends Record<string, number>>(after: T, before: T): T {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(after), ...Object.keys(before)]))
    out[key] = (after[key] ?? 0) - (before[key] ?? 0);
  return out as T;
}

export function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((total, value) => total + value, 0);
}

/** The value at quantile q (0..1) of `values` (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** The 1-minute load average: other work on the machine while a figure was taken. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

export interface StatementStat {
  query: string;
  calls: number;
  totalMs: number;
  rows: number;
}

/** Clears pg_stat_statements (on the benchmark's own server only). */
export async function resetStatementStats(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`SELECT pg_stat_statements_reset()::text AS reset`;
}

/** The apps' statements (role postgres) on `databaseName` since the last reset, most called first. */
export async function statementStats(prisma: PrismaClient, databaseName: string): Promise<StatementStat[]> {
  const rows = await prisma.$queryRaw<{ query: string; calls: bigint; total_ms: number; rows: bigint }[]>`
    SELECT s.query, s.calls, s.total_exec_time AS total_ms, s.rows
    FROM pg_stat_statements s
    JOIN pg_database d ON d.oid = s.dbid
    JOIN pg_roles r ON r.oid = s.userid
    WHERE d.datname = ${databaseName} AND r.rolname = 'postgres'
    ORDER BY s.calls DESC`;
  return rows.map((row) => ({
    query: row.query.replace(/\s+/g, ' ').trim(),
    calls: Number(row.calls),
    totalMs: Math.round(row.total_ms),
    rows: Number(row.rows),
  }));
}

/** Every process whose parent is `pid` (a postmaster's backends and helpers), from /proc. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** Where an app's ops server listens, from its "ops server listening" log line. */
export function opsUrlOf(logFile: string): string | undefined {
  try {
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((entry) => entry.includes('"msg":"ops server listening"'));
    return line ? (JSON.parse(line) as { url?: string }).url : undefined;
  } catch {
    return undefined;
  }
}

/** V8 heap figures from an app's /metrics (prom-client's default metrics), in MiB. */
export async function heapOf(
  opsUrl: string,
): Promise<{ heapUsedMiB: number; heapTotalMiB: number; externalMiB: number } | undefined> {
  try {
    const text = await (await fetch(`${opsUrl}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
    const metric = (name: string) =>
      Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? Number.NaN) /
      2 ** 20;
    return {
      heapUsedMiB: Math.round(metric('nodejs_heap_size_used_bytes')),
      heapTotalMiB: Math.round(metric('nodejs_heap_size_total_bytes')),
      externalMiB: Math.round(metric('nodejs_external_memory_bytes')),
    };
  } catch {
    return undefined;
  }
}
