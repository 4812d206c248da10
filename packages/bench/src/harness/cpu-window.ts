import { readFileSync } from 'node:fs';
import type { PrismaClient } from '@mlc/db';
import { childPids, cpuSecondsOf, loadAverage } from './measure.ts';

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [, ...fields] = line.trim().split(/\s+/);
  const ticks = fields.map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return (total - idle) / 100;
}

export interface CpuReport {
  wallSeconds: number;
  /** CPU seconds per component (each app process, the simulators, Redis, Postgres backends, the bench). */
  byComponent: Record<string, number>;
  /** Busy cores the benchmark did not account for: other work sharing the machine. */
  otherCores: number;
  loadAverageAtEnd: number;
}

/**
 * Where the CPU went during a measurement, and how much of the machine something else used:
 * the whole machine's busy time minus every process of the benchmark (apps, simulators, Redis,
 * the Postgres backends serving the benchmark's database, this process).
 */
export async function startCpuWindow(options: {
  /**
   * The benchmark's processes, read at the start and at the end: a process started mid-window
   * (the writers scenario starts its oracle-writers after the measurement began) counts from
   * zero, rather than as "other cores".
   */
  processes: () => { label: string; pid: number | undefined }[];
  /** Where the Postgres backends serving `databaseName` are found (omitted: no database involved). */
  prisma?: PrismaClient | undefined;
  databaseName?: string;
  /** The benchmark's own PostgreSQL server: all its processes count, not only its backends. */
  postmasterPid?: number | undefined;
}): Promise<{ end(): Promise<CpuReport> }> {
  const backends = async (): Promise<number[]> => {
    if (options.postmasterPid !== undefined)
      return [options.postmasterPid, ...childPids(options.postmasterPid)];
    if (!options.prisma) return [];
    const rows = await options.prisma.$queryRaw<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity WHERE datname = ${options.databaseName ?? ''}`;
    return rows.map((row) => row.pid);
  };
  const snapshot = async () => {
    const byComponent: Record<string, number> = {};
    for (const { label, pid } of options.processes())
      if (pid !== undefined) byComponent[label] = cpuSecondsOf(pid) ?? 0;
    const pg = new Map<number, number>();
    for (const pid of await backends()) pg.set(pid, cpuSecondsOf(pid) ?? 0);
    const own = process.cpuUsage();
    return {
      at: performance.now(),
      machine: machineBusySeconds(),
      byComponent,
      pg,
      bench: (own.user + own.system) / 1e6,
    };
  };
  const before = await snapshot();
  return {
    async end() {
      const after = await snapshot();
      const byComponent: Record<string, number> = {};
      for (const [label, seconds] of Object.entries(after.byComponent))
        byComponent[label] = round(seconds - (before.byComponent[label] ?? 0));
      // Backends that existed at the end; one that started mid-run counts from zero.
      let postgres = 0;
      for (const [pid, seconds] of after.pg) postgres += seconds - (before.pg.get(pid) ?? 0);
      byComponent['postgres'] = round(postgres);
      byComponent['bench'] = round(after.bench - before.bench);
      const wallSeconds = (after.at - before.at) / 1000;
      const accounted = Object.values(byComponent).reduce((sum, value) => sum + value, 0);
      return {
        wallSeconds: round(wallSeconds),
        byComponent,
        otherCores: round(Math.max(0, after.machine - before.machine - accounted) / wallSeconds),
        loadAverageAtEnd: loadAverage(),
      };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
