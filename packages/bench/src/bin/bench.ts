#!/usr/bin/env node
// `pnpm bench [SCENARIO…]`: the pipeline's benchmarks, each app and the simulators in their own
// processes. See packages/bench/README.md; the figures are in docs/benchmarks.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { env } from '../env.ts';
import { closeEverything, onInterrupt } from '../harness/cleanup.ts';
import { loadAverage } from '../harness/measure.ts';
import type { BenchServices } from '../harness/measurement.ts';
import { benchDir } from '../harness/paths.ts';
import { startBenchPostgres } from '../harness/postgres-server.ts';
import { startBenchRedis } from '../harness/redis-server.ts';
import { describeMachine } from '../harness/machine.ts';
import { printSummary, type Results } from '../report.ts';
import { runCost } from '../scenarios/cost.ts';
import { runFloor } from '../scenarios/floor.ts';
import { runIdlePoll } from '../scenarios/idle-poll.ts';
import { runMemory } from '../scenarios/memory.ts';
import { runThroughput, type LatencyProfile } from '../scenarios/throughput.ts';
import { runWriters } from '../scenarios/writers.ts';

const scenarioNames = ['throughput', 'floor', 'cost', 'memory', 'idle-poll', 'writers'] as const;
type ScenarioName = (typeof scenarioNames)[number];

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    profiles: { type: 'string', default: 'zero,realistic' },
    size: { type: 'string' },
    'cost-size': { type: 'string' },
    'memory-size': { type: 'string' },
    'memory-minutes': { type: 'string', default: '60' },
    'idle-histories': { type: 'string' },
    'idle-synced': { type: 'string' },
    'idle-rounds': { type: 'string', default: '3' },
    'writers-size': { type: 'string' },
    writers: { type: 'string', default: '1,2,4' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: pnpm bench [SCENARIO…] [options]

Scenarios (default: all, in this order): ${scenarioNames.join(', ')}
  throughput   N POs (5 lines) + N bills end to end, per latency profile
  floor        the same HTTP calls from a bare script; pipeline ÷ floor (runs throughput first)
  cost         HTTP calls, Redis commands, Postgres statements and CPU per record
  memory       peak RSS per app while a backlog of 2 × memory-size records is worked off
  idle-poll    one idle poll of each stream with a short and a long ledger history
  writers      write throughput with 1, 2, 4 oracle-writer processes, latency-bound Oracle

Options (defaults in brackets; --quick makes every size small, for a smoke run):
  --profiles zero,realistic   Oracle latency: zero, or create 300 ms / GET 100 ms
  --size N                    POs and bills each for throughput and floor [5000; quick 200]
  --cost-size N               [1000; quick 100]
  --memory-size N             [25000; quick 500]     --memory-minutes M   stop after M minutes [60]
  --idle-histories A,B        ledger records of history [1000,100000; quick 200,2000]
  --idle-synced N             of which synced by the pipeline [1000; quick 200]
  --idle-rounds N             measured polls per stream [3]
  --writers-size N            POs and bills each [1000; quick 100]   --writers 1,2,4

Raw results: .bench/results/<time>.json; app and simulator logs: .bench/logs/<run>/.`);
  process.exit(0);
}

const unknown = positionals.filter((name) => !(scenarioNames as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(', ')}; choose from ${scenarioNames.join(', ')}`);
  process.exit(2);
}
const selected = new Set<ScenarioName>(
  positionals.length > 0 ? (positionals as ScenarioName[]) : scenarioNames,
);
const quick = args.quick;
const numberOf = (value: string | undefined, normal: number, small: number) =>
  value === undefined ? (quick ? small : normal) : Number(value);
const listOf = (value: string | undefined, normal: number[], small: number[]) =>
  value === undefined ? (quick ? small : normal) : value.split(',').map(Number);
const profiles = args.profiles.split(',') as LatencyProfile[];

let services: BenchServices | undefined;
const stopServices = onInterrupt(async () => {
  await services?.redis.close();
  await services?.postgres.close();
});
process.once('SIGINT', () => {
  console.error('\ninterrupted: stopping every process of the benchmark…');
  void closeEverything().then(() => process.exit(130));
});

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  const postgres = await startBenchPostgres(env.DATABASE_URL, env.BENCH_POSTGRES);
  const redis = await startBenchRedis(env.BENCH_REDIS_URL);
  services = { postgres, redis };
  const results: Results = {
    startedAt: new Date().toISOString(),
    command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(),
    machine: await describeMachine(postgres, redis),
    services: {
      postgres: postgres.isPrivate
        ? 'private server started by the benchmark (initdb defaults, fsync on, pg_stat_statements)'
        : 'shared server (DATABASE_URL): statement figures from pg_stat_database',
      redis: redis.isPrivate
        ? 'private redis-server started by the benchmark'
        : 'shared Redis (BENCH_REDIS_URL)',
    },
    loadAverageAtStart: loadAverage(),
    appNodeOptions: env.BENCH_APP_NODE_OPTIONS,
    throughput: [],
    floor: [],
  };
  log(
    `machine: ${results.machine.cores} cores (${results.machine.cpuModel}), ${results.machine.memoryGiB} GiB, Node ${results.machine.node}; load ${results.loadAverageAtStart}`,
  );

  const size = numberOf(args.size, 5_000, 200);
  if (selected.has('throughput') || selected.has('floor')) {
    for (const profile of profiles) {
      log(`throughput (${profile} latency): ${size} POs × 5 lines + ${size} bills…`);
      const { result, payloads } = await runThroughput({
        services,
        profile,
        purchaseOrders: size,
        bills: size,
      });
      results.throughput.push(result);
      log(`  ${result.recordsPerSecond} records/s, ${Math.round(result.timings.wallMs / 1000)} s`);
      if (selected.has('floor')) {
        log(`floor (${profile} latency)…`);
        const floor = await runFloor({ services, profile, purchaseOrders: size, bills: size, payloads });
        results.floor.push(floor);
        log(`  ${floor.recordsPerSecond} records/s, ${Math.round(floor.wallMs / 1000)} s`);
      }
    }
  }
  if (selected.has('cost')) {
    const costSize = numberOf(args['cost-size'], 1_000, 100);
    log(`cost: ${costSize} POs + ${costSize} bills…`);
    results.cost = await runCost({ services, purchaseOrders: costSize, bills: costSize });
  }
  if (selected.has('memory')) {
    const memorySize = numberOf(args['memory-size'], 25_000, 500);
    log(
      `memory: backlog of ${memorySize} POs + ${memorySize} bills (at most ${args['memory-minutes']} min)…`,
    );
    results.memory = await runMemory({
      services,
      purchaseOrders: memorySize,
      bills: memorySize,
      maxMinutes: Number(args['memory-minutes']),
    });
  }
  if (selected.has('idle-poll')) {
    const histories = listOf(args['idle-histories'], [1_000, 100_000], [200, 2_000]);
    log(`idle poll with ${histories.join(' and ')} records of history…`);
    results.idlePoll = await runIdlePoll({
      services,
      histories,
      synced: numberOf(args['idle-synced'], 1_000, 200),
      rounds: Number(args['idle-rounds']),
    });
  }
  if (selected.has('writers')) {
    const writersSize = numberOf(args['writers-size'], 1_000, 100);
    const processes = args.writers.split(',').map(Number);
    log(
      `writers: ${processes.join(', ')} oracle-writer processes, ${writersSize} POs + ${writersSize} bills…`,
    );
    results.writers = await runWriters({
      services,
      purchaseOrders: writersSize,
      bills: writersSize,
      processes,
    });
  }
  results.finishedAt = new Date().toISOString();
  results.loadAverageAtEnd = loadAverage();
  const file = join(benchDir('results'), `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  printSummary(results);
  console.log(`\nraw results: ${file}`);
}

main()
  .then(() => stopServices())
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await closeEverything();
    process.exitCode = 1;
  });
