import { setTimeout as delay } from 'node:timers/promises';
import { startMeasurement, type BenchServices, type Measurement } from '../harness/measurement.ts';
import { benchSeed, linesPerPo } from '../harness/settings.ts';
import { realisticOracleLatency } from '../harness/simulator-process.ts';
import { connectionId, documentStreams, startStack } from '../harness/stack.ts';

export interface WritersRun {
  processes: number;
  inFlight: number;
  written: number;
  /** First write intent → last record synced. */
  wallMs: number;
  writesPerSecond: number;
  measurement: Measurement;
}

export interface WritersResult {
  scenario: 'writers';
  purchaseOrders: number;
  bills: number;
  concurrencyPerProcess: number;
  runs: WritersRun[];
}

const concurrencyPerProcess = 8;

/**
 * Scenario 4b: Oracle write throughput with 1, 2 and 4 oracle-writer processes against a
 * latency-bound Oracle (create 300 ms, GET 100 ms). Each run maps the whole backlog first with no
 * writer running, then starts the writers: the figure is the write stage alone, from the first
 * write intent to the last record synced. Each process writes 8 at a time (ORACLE_WRITE_CONCURRENCY
 * default); the connection allows 64 in flight, so the processes, not the connection, set the pace.
 */
export async function runWriters(options: {
  services: BenchServices;
  purchaseOrders: number;
  bills: number;
  processes: readonly number[];
}): Promise<WritersResult> {
  const runs: WritersRun[] = [];
  for (const processes of options.processes) {
    const stack = await startStack({
      name: `writers-${processes}`,
      ...options.services,
      size: { seed: benchSeed, purchaseOrders: options.purchaseOrders, bills: options.bills, linesPerPo },
      oracleWriters: 0,
      appEnv: { ORACLE_WRITE_CONCURRENCY: String(concurrencyPerProcess) },
      connectionOptions: { maxInFlightWrites: 64, oracleRequestsPerSecond: 1000 },
    });
    try {
      await stack.sims.setFaults({ oracle: realisticOracleLatency });
      const { startedAt } = await stack.poll(documentStreams);
      // Everything read and mapped, the write jobs waiting in the oracle-write queue.
      for (;;) {
        const cursors = await stack.prisma.pollCursor.count({
          where: {
            connectionId,
            stream: { in: [...documentStreams] },
            updatedAt: { gte: new Date(startedAt) },
          },
        });
        const pending = await stack.prisma.ledgerRecord.count({ where: { connectionId, status: 'pending' } });
        const outbox = await stack.prisma.outboxMessage.count();
        if (cursors === documentStreams.length && pending === 0 && outbox === 0) break;
        await delay(250);
      }
      const measurement = await startMeasurement(stack, options.services);
      await stack.startOracleWriters(processes);
      await stack.drain(documentStreams, startedAt, 3_600_000);
      const measured = await measurement.end();
      const [span] = await stack.prisma.$queryRaw<
        { first: Date | null; last: Date | null; written: bigint }[]
      >`
        SELECT min(last_attempt_at) AS first, max(synced_at) AS last, count(*) FILTER (WHERE status = 'synced') AS written
        FROM sync_ledger WHERE connection_id = ${connectionId} AND entity IN ('purchase_order', 'bill')`;
      const wallMs = (span?.last?.getTime() ?? 0) - (span?.first?.getTime() ?? 0);
      const written = Number(span?.written ?? 0);
      runs.push({
        processes,
        inFlight: processes * concurrencyPerProcess,
        written,
        wallMs,
        writesPerSecond: Math.round((written / wallMs) * 10_000) / 10,
        measurement: measured,
      });
    } finally {
      await stack.close();
    }
  }
  return {
    scenario: 'writers',
    purchaseOrders: options.purchaseOrders,
    bills: options.bills,
    concurrencyPerProcess,
    runs,
  };
}
