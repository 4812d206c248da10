import { setTimeout as delay } from 'node:timers/promises';
import { activeStreams, ConnectionStore } from '@mlc/connections';
import type { PrismaClient } from '@mlc/db';
import { quantile } from '../harness/measure.ts';
import { startMeasurement, type BenchServices } from '../harness/measurement.ts';
import { benchSeed, linesPerPo, writeConcurrency } from '../harness/settings.ts';
import { connectionId, documentStreams, startStack } from '../harness/stack.ts';

export interface IdleStreamCost {
  stream: string;
  /** Medians over the measured rounds. */
  httpRequests: number;
  /** Inside the poller: the poll's start to its cursor update. */
  pollMs: number;
  postgresStatements: number;
  redisCommands: number;
  byRoute: Record<string, number>;
}

export interface IdlePollRun {
  history: number;
  /** How the history was made: records synced by the pipeline, and copies of them. */
  syncedByPipeline: number;
  cloned: number;
  /** With no poll at all, per second: what the idle apps do anyway (outbox relays, workers, sweeper). */
  background: { seconds: number; postgresStatementsPerSecond: number; redisCommandsPerSecond: number };
  streams: IdleStreamCost[];
}

export interface IdlePollResult {
  scenario: 'idle-poll';
  rounds: number;
  runs: IdlePollRun[];
}

const backgroundSeconds = 10;

/**
 * Copies the connection's synced documents (rows and their event history) until the ledger holds
 * `target` document records, dated 30 days back: a long history without syncing it for an hour.
 */
async function growHistory(prisma: PrismaClient, target: number): Promise<number> {
  const [{ n } = { n: 0n }] = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM sync_ledger WHERE connection_id = ${connectionId} AND entity IN ('purchase_order', 'bill')`;
  const missing = target - Number(n);
  if (missing <= 0) return 0;
  const columns = await prisma.$queryRaw<{ column_name: string; data_type: string }[]>`
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_name = 'sync_ledger' AND table_schema = 'public' ORDER BY ordinal_position`;
  const copied = columns
    .map((column) => column.column_name)
    .filter((name) => !['id', 'source_id', 'target_id'].includes(name));
  const value = (name: string) =>
    columns.find((column) => column.column_name === name)?.data_type.startsWith('timestamp')
      ? `l.${name} - interval '30 days'`
      : `l.${name}`;
  const eventColumns = ['action', 'outcome', 'from_status', 'to_status', 'http_status', 'message', 'details'];
  // Identifiers come from information_schema and the list above, not from input.
  await prisma.$executeRawUnsafe(`
    WITH originals AS (
      SELECT id FROM sync_ledger WHERE connection_id = '${connectionId}' AND entity IN ('purchase_order', 'bill')
    ), clones AS (
      SELECT o.id AS original, gen_random_uuid() AS id, g
      FROM originals o CROSS JOIN generate_series(1, ${Math.ceil(missing / Math.max(1, Number(n)))}) g
      ORDER BY g, o.id LIMIT ${missing}
    ), inserted AS (
      INSERT INTO sync_ledger (id, source_id, target_id, ${copied.join(', ')})
      SELECT c.id, l.source_id || '~h' || c.g, l.target_id || '~h' || c.g, ${copied.map(value).join(', ')}
      FROM clones c JOIN sync_ledger l ON l.id = c.original
      RETURNING id
    )
    INSERT INTO sync_ledger_events (ledger_id, at, ${eventColumns.join(', ')})
    SELECT c.id, e.at - interval '30 days', ${eventColumns.map((name) => `e.${name}`).join(', ')}
    FROM clones c JOIN sync_ledger_events e ON e.ledger_id = c.original`);
  await prisma.$executeRawUnsafe('ANALYZE sync_ledger, sync_ledger_events');
  return missing;
}

/**
 * Scenario 4a: what an idle poll costs with a short and a long history. The pipeline syncs the
 * same documents in both runs (dated three days back, so no poll window contains them); the long
 * history adds copies of those records to the ledger. Then each transactional stream is polled
 * alone, `rounds` times, with nothing new upstream: requests, time, statements, Redis commands.
 * overlapMinutes is 0 so that "idle" starts right after the warm-up poll (with the default
 * 5-minute overlap a poll re-reads whatever changed in the 5 minutes before the previous one).
 */
export async function runIdlePoll(options: {
  services: BenchServices;
  histories: readonly number[];
  synced: number;
  rounds: number;
}): Promise<IdlePollResult> {
  const runs: IdlePollRun[] = [];
  for (const history of options.histories) {
    const half = Math.floor(options.synced / 2);
    const stack = await startStack({
      name: `idle-poll-${history}`,
      ...options.services,
      size: {
        seed: benchSeed,
        purchaseOrders: half,
        bills: options.synced - half,
        linesPerPo,
        anchorDaysAgo: 3,
        spreadDays: 1,
      },
      appEnv: { ORACLE_WRITE_CONCURRENCY: String(writeConcurrency) },
      connectionOptions: { maxInFlightWrites: writeConcurrency, oracleRequestsPerSecond: 1000 },
      schedule: { overlapMinutes: 0 },
    });
    try {
      const sync = await stack.poll(documentStreams);
      await stack.drain(documentStreams, sync.startedAt, 3_600_000);
      const cloned = await growHistory(stack.prisma, history);
      const settings = await new ConnectionStore(stack.prisma, { allowInsecureUpstreams: true }).settings(
        connectionId,
      );
      const transactional = activeStreams(settings)
        .filter((stream) => stream.cadence === 'transactional')
        .map((stream) => stream.name);
      // Warm-up: each stream's cursor now stands after everything there is.
      const warmUp = await stack.poll(transactional);
      await stack.drain(transactional, warmUp.startedAt, 600_000);

      const quiet = await startMeasurement(stack, options.services);
      await delay(backgroundSeconds * 1000);
      const background = await quiet.end();

      const samples = new Map<string, IdleStreamCost[]>();
      for (let round = 0; round < options.rounds; round += 1) {
        for (const stream of transactional) {
          const measurement = await startMeasurement(stack, options.services);
          const { startedAt } = await stack.poll([stream]);
          await stack.drain([stream], startedAt, 120_000);
          const measured = await measurement.end();
          const cursor = await stack.prisma.pollCursor.findUniqueOrThrow({
            where: { connectionId_stream: { connectionId, stream } },
          });
          samples.set(stream, [
            ...(samples.get(stream) ?? []),
            {
              stream,
              httpRequests: measured.http.total,
              pollMs:
                cursor.updatedAt.getTime() - (cursor.lastRunAt?.getTime() ?? cursor.updatedAt.getTime()),
              postgresStatements: measured.postgres.statements?.total ?? Number.NaN,
              redisCommands: measured.redis.total,
              byRoute: measured.http.byRoute,
            },
          ]);
        }
      }
      const median = (values: number[]) => quantile(values, 0.5);
      runs.push({
        history,
        syncedByPipeline: options.synced,
        cloned,
        background: {
          seconds: background.cpu.wallSeconds,
          postgresStatementsPerSecond:
            Math.round(
              ((background.postgres.statements?.total ?? Number.NaN) / background.cpu.wallSeconds) * 10,
            ) / 10,
          redisCommandsPerSecond: Math.round((background.redis.total / background.cpu.wallSeconds) * 10) / 10,
        },
        streams: [...samples.entries()].map(([stream, list]) => ({
          stream,
          httpRequests: median(list.map((sample) => sample.httpRequests)),
          pollMs: median(list.map((sample) => sample.pollMs)),
          postgresStatements: median(list.map((sample) => sample.postgresStatements)),
          redisCommands: median(list.map((sample) => sample.redisCommands)),
          byRoute: list[0]?.byRoute ?? {},
        })),
      });
    } finally {
      await stack.close();
    }
  }
  return { scenario: 'idle-poll', rounds: options.rounds, runs };
}
