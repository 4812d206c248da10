import type { Machine } from './harness/machine.ts';
import type { CostResult } from './scenarios/cost.ts';
import type { FloorResult } from './scenarios/floor.ts';
import type { IdlePollResult } from './scenarios/idle-poll.ts';
import type { MemoryResult } from './scenarios/memory.ts';
import type { ThroughputResult } from './scenarios/throughput.ts';
import type { WritersResult } from './scenarios/writers.ts';

export interface Results {
  startedAt: string;
  finishedAt?: string;
  command: string;
  machine: Machine;
  services: { postgres: string; redis: string };
  loadAverageAtStart: number;
  loadAverageAtEnd?: number;
  /** BENCH_APP_NODE_OPTIONS of the run ('' = Node's defaults). */
  appNodeOptions: string;
  throughput: ThroughputResult[];
  floor: FloorResult[];
  cost?: CostResult;
  memory?: MemoryResult;
  idlePoll?: IdlePollResult;
  writers?: WritersResult;
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The summary `pnpm bench` prints at the end (the JSON file holds everything). */
export function printSummary(results: Results): void {
  const say = (text = '') => console.log(text);
  const { machine } = results;
  say(`\n== Summary (${results.command})`);
  say(
    `machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB; Node ${machine.node}; PostgreSQL ${machine.postgres}; Redis ${machine.redis}`,
  );
  say(`load average: ${results.loadAverageAtStart} at start, ${results.loadAverageAtEnd ?? '?'} at end`);
  if (results.appNodeOptions) say(`apps ran with NODE_OPTIONS="${results.appNodeOptions}"`);

  if (results.throughput.length > 0) {
    say('\nThroughput (one "sync now" of N POs × 5 lines + N bills; t0 = the sync request)');
    say(
      table(
        [
          'latency',
          'records',
          'synced',
          'wall s',
          'records/s',
          'synced/s',
          't0→synced p50/p95 s',
          'change→synced p50/p95 ms',
          'other cores',
        ],
        results.throughput.map((run) => [
          run.profile,
          run.timings.finished,
          run.timings.synced,
          seconds(run.timings.wallMs),
          run.recordsPerSecond,
          run.syncedPerSecond,
          `${seconds(run.timings.requestToSynced.p50Ms)}/${seconds(run.timings.requestToSynced.p95Ms)}`,
          `${run.changeToSynced.p50Ms}/${run.changeToSynced.p95Ms}`,
          run.measurement.cpu.otherCores,
        ]),
      ),
    );
  }
  if (results.floor.length > 0) {
    say('\nFloor (same HTTP calls, same clients and concurrency, no queues or ledger)');
    say(
      table(
        ['latency', 'wall s', 'records/s', 'pipeline ÷ floor', 'HTTP calls pipeline / floor', 'other cores'],
        results.floor.map((floor) => {
          const pipeline = results.throughput.find((run) => run.profile === floor.profile);
          return [
            floor.profile,
            seconds(floor.wallMs),
            floor.recordsPerSecond,
            pipeline ? (floor.wallMs / pipeline.timings.wallMs).toFixed(2) : '?',
            `${pipeline?.measurement.http.total ?? '?'} / ${floor.http.total}`,
            floor.cpu.otherCores,
          ];
        }),
      ),
    );
  }
  if (results.cost) {
    const { cost } = results;
    say(`\nCost per record (${cost.purchaseOrders} POs + ${cost.bills} bills)`);
    say(
      table(
        ['kind', 'HTTP calls', 'minimum', 'per record read', 'per record synced'],
        (['purchase_order', 'bill'] as const).map((kind) => [
          kind,
          cost.http[kind].calls,
          cost.http[kind].minimum,
          cost.http[kind].perRecordRead,
          cost.http[kind].perRecordSynced,
        ]),
      ),
    );
    say(
      `per record read: ${cost.perRecord.redisCommands} Redis commands (${cost.perRecord.redisScripts} scripts), ${cost.perRecord.postgresStatements} Postgres statements`,
    );
    say(
      `per record synced: ${cost.perSyncedRecord.httpCalls} HTTP calls, ${cost.perSyncedRecord.redisCommands} Redis commands, ${cost.perSyncedRecord.postgresStatements} Postgres statements`,
    );
    say(
      `statements per record by app: ${Object.entries(cost.perRecord.postgresStatementsByApp)
        .map(([app, n]) => `${app} ${n}`)
        .join(', ')}`,
    );
    say(
      `CPU ms per record: ${Object.entries(cost.perRecord.cpuMsByComponent)
        .map(([component, ms]) => `${component} ${ms}`)
        .join(', ')}`,
    );
  }
  if (results.memory) {
    const { memory } = results;
    say(
      `\nMemory (${memory.purchaseOrders} POs + ${memory.bills} bills; largest backlog ${memory.largestBacklog}; ${memory.drained ? 'drained' : 'stopped'} after ${memory.minutes} min, ${memory.finished}/${memory.recorded} finished)`,
    );
    say(
      table(
        ['app', 'idle RSS MiB', 'peak RSS MiB', 'final RSS MiB', 'peak heap used MiB'],
        Object.entries(memory.apps).map(([app, m]) => [
          app,
          m.idleRssMiB,
          m.peakRssMiB,
          m.finalRssMiB,
          m.peakHeapUsedMiB ?? '-',
        ]),
      ),
    );
  }
  if (results.idlePoll) {
    say(`\nIdle poll (median of ${results.idlePoll.rounds} polls per stream)`);
    say(
      table(
        ['history', 'stream', 'HTTP', 'poll ms', 'statements', 'Redis cmds'],
        results.idlePoll.runs.flatMap((run) =>
          run.streams.map((stream) => [
            run.history,
            stream.stream,
            stream.httpRequests,
            stream.pollMs,
            stream.postgresStatements,
            stream.redisCommands,
          ]),
        ),
      ),
    );
    for (const run of results.idlePoll.runs)
      say(
        `history ${run.history}: with no poll, ${run.background.postgresStatementsPerSecond} statements/s and ${run.background.redisCommandsPerSecond} Redis commands/s`,
      );
  }
  if (results.writers) {
    const { writers } = results;
    say(
      `\nOracle writers (latency-bound Oracle, ${writers.concurrencyPerProcess} writes in flight per process)`,
    );
    say(
      table(
        ['processes', 'in flight', 'written', 'wall s', 'writes/s', 'other cores'],
        writers.runs.map((run) => [
          run.processes,
          run.inFlight,
          run.written,
          seconds(run.wallMs),
          run.writesPerSecond,
          run.measurement.cpu.otherCores,
        ]),
      ),
    );
  }
}
