import { setTimeout as delay } from 'node:timers/promises';
import { startCpuWindow, type CpuReport } from './cpu-window.ts';
import {
  databaseStats,
  difference,
  redisCommandStats,
  resetStatementStats,
  statementStats,
  sum,
  type DatabaseStats,
  type StatementStat,
} from './measure.ts';
import type { BenchPostgres } from './postgres-server.ts';
import type { BenchRedis } from './redis-server.ts';
import type { Stack } from './stack.ts';

export interface BenchServices {
  postgres: BenchPostgres;
  redis: BenchRedis;
}

export interface Measurement {
  cpu: CpuReport;
  /** Requests the simulators served, by `side METHOD /route`. */
  http: { total: number; byRoute: Record<string, number> };
  /** INFO commandstats: every client of the benchmark's Redis (only the apps, unless shared). */
  redis: { total: number; byCommand: Record<string, number>; sharedWithOthers: boolean };
  postgres: {
    /** pg_stat_statements, the apps' role only (benchmark's own server). */
    statements?: { total: number; top: StatementStat[] };
    /** pg_stat_database deltas of the benchmark's database (shared server fallback; includes the benchmark's own reads). */
    database?: DatabaseStats;
    /** Per app, from the counting proxies (when the stack was started with countStatements). */
    byApp?: Record<string, { total: number; byKind: Record<string, number> }>;
  };
}

/**
 * Counters of everything a run touches, zeroed (or snapshotted) now and read at `end()`: the
 * simulators' request counters, Redis INFO commandstats, Postgres statements, CPU per process.
 */
export async function startMeasurement(
  stack: Stack,
  services: BenchServices,
): Promise<{ end(): Promise<Measurement> }> {
  await stack.sims.resetCounters();
  if (services.redis.isPrivate) await stack.redis.config('RESETSTAT');
  const redisBefore = services.redis.isPrivate ? {} : await redisCommandStats(stack.redis);
  if (services.postgres.hasStatementStats) await resetStatementStats(stack.prisma);
  const databaseBefore = services.postgres.hasStatementStats
    ? undefined
    : await databaseStats(stack.prisma, stack.databaseName);
  for (const counter of stack.statements.values()) counter.reset();
  const cpu = await startCpuWindow({
    processes: () => [
      ...stack.apps.map((app) => ({ label: app.label, pid: app.process.pid })),
      { label: 'simulators', pid: stack.sims.pid },
      { label: 'redis', pid: services.redis.pid },
    ],
    prisma: stack.prisma,
    databaseName: stack.databaseName,
    postmasterPid: services.postgres.isPrivate ? services.postgres.pid : undefined,
  });
  return {
    async end() {
      const cpuReport = await cpu.end();
      const byRoute = await stack.sims.counters();
      const byCommand = difference(await redisCommandStats(stack.redis), redisBefore);
      // INFO itself and CONFIG RESETSTAT are the benchmark's, not the pipeline's.
      delete byCommand['info'];
      delete byCommand['config|resetstat'];
      const postgres: Measurement['postgres'] = {};
      if (services.postgres.hasStatementStats) {
        const top = await statementStats(stack.prisma, stack.databaseName);
        postgres.statements = { total: top.reduce((total, row) => total + row.calls, 0), top };
      } else if (databaseBefore) {
        // Backends publish their counters when idle for a while (PGSTAT_IDLE_INTERVAL, 10 s).
        await delay(11_000);
        postgres.database = difference(await databaseStats(stack.prisma, stack.databaseName), databaseBefore);
      }
      if (stack.statements.size > 0) {
        postgres.byApp = {};
        for (const [label, counter] of stack.statements)
          postgres.byApp[label] = { total: counter.counts.total, byKind: { ...counter.counts.byKind } };
      }
      return {
        cpu: cpuReport,
        http: { total: sum(byRoute), byRoute },
        redis: { total: sum(byCommand), byCommand, sharedWithOthers: !services.redis.isPrivate },
        postgres,
      };
    },
  };
}
