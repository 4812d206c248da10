import { documentRunTimings, type DocumentRunTimings } from '../harness/ledger-timings.ts';
import { startMeasurement, type BenchServices, type Measurement } from '../harness/measurement.ts';
import { benchSeed, linesPerPo, throughputAppEnv, writeConcurrency } from '../harness/settings.ts';
import { documentStreams, startStack } from '../harness/stack.ts';

type Kind = 'purchase_order' | 'bill';

/** Which record kind an upstream route serves (token endpoints and the rest: 'other'). */
function kindOfRoute(route: string): Kind | 'other' {
  if (/purchase_orders|[dD]raftPurchaseOrders|\/purchaseOrders/.test(route)) return 'purchase_order';
  if (/ap\/bills|\/invoices/.test(route)) return 'bill';
  return 'other';
}

export interface HttpCost {
  calls: number;
  /** The fewest calls that read these records and write the ones written (see `minimumRule`). */
  minimum: number;
  minimumRule: string;
  perRecordRead: number;
  perRecordSynced: number;
  byRoute: Record<string, number>;
}

export interface CostResult {
  scenario: 'cost';
  purchaseOrders: number;
  bills: number;
  timings: DocumentRunTimings;
  http: Record<Kind, HttpCost> & { other: Record<string, number> };
  perRecord: {
    /** Everything the run executed divided by the records it read (10,000 read → per record). */
    redisCommands: number;
    redisScripts: number;
    postgresStatements: number;
    postgresStatementsByApp: Record<string, number>;
    cpuMsByComponent: Record<string, number>;
  };
  perSyncedRecord: { redisCommands: number; postgresStatements: number; httpCalls: number };
  measurement: Measurement;
}

const pageSize = 100;

/**
 * Scenario 3a: what one synced record costs. A smaller run (N POs + N bills, default options:
 * bills matched to their POs) with a statement-counting proxy in front of Postgres for each app;
 * HTTP calls from the simulators' counters against the minimum, Redis commands from INFO
 * commandstats, Postgres statements from pg_stat_statements (the apps' role) and per app from
 * the proxies, CPU per process.
 */
export async function runCost(options: {
  services: BenchServices;
  purchaseOrders: number;
  bills: number;
}): Promise<CostResult> {
  const stack = await startStack({
    name: 'cost',
    ...options.services,
    size: { seed: benchSeed, purchaseOrders: options.purchaseOrders, bills: options.bills, linesPerPo },
    appEnv: throughputAppEnv,
    connectionOptions: { maxInFlightWrites: writeConcurrency, oracleRequestsPerSecond: 1000 },
    countStatements: true,
  });
  try {
    const measurement = await startMeasurement(stack, options.services);
    const { startedAt } = await stack.poll(documentStreams);
    await stack.drain(documentStreams, startedAt, 3_600_000);
    const measured = await measurement.end();
    const timings = await documentRunTimings(stack.prisma, startedAt);

    const read: Record<Kind, number> = { purchase_order: 0, bill: 0 };
    const synced: Record<Kind, number> = { purchase_order: 0, bill: 0 };
    for (const kind of ['purchase_order', 'bill'] as const) {
      for (const [status, count] of Object.entries(timings.statuses[kind] ?? {})) {
        read[kind] += count;
        if (status === 'synced') synced[kind] += count;
      }
    }
    const byKind: Record<Kind | 'other', Record<string, number>> = {
      purchase_order: {},
      bill: {},
      other: {},
    };
    for (const [route, count] of Object.entries(measured.http.byRoute))
      byKind[kindOfRoute(route)][route] = count;
    const httpCost = (kind: Kind): HttpCost => {
      const calls = Object.values(byKind[kind]).reduce((sum, count) => sum + count, 0);
      const writesPerRecord = kind === 'purchase_order' ? 2 : 1;
      return {
        calls,
        minimum: Math.ceil(read[kind] / pageSize) + read[kind] + writesPerRecord * synced[kind],
        minimumRule:
          kind === 'purchase_order'
            ? 'list pages of 100 + one detail GET per PO (lines come only with the detail) + create draft + submit per PO written'
            : 'list pages of 100 + one detail GET per bill (items and allocations come only with the detail) + one invoice POST per bill written',
        perRecordRead: round(calls / read[kind]),
        perRecordSynced: round(calls / synced[kind]),
        byRoute: byKind[kind],
      };
    };
    const records = read.purchase_order + read.bill;
    const syncedTotal = synced.purchase_order + synced.bill;
    const statements = measured.postgres.statements?.total ?? Number.NaN;
    const scripts = (measured.redis.byCommand['evalsha'] ?? 0) + (measured.redis.byCommand['eval'] ?? 0);
    const byApp: Record<string, number> = {};
    for (const [app, counts] of Object.entries(measured.postgres.byApp ?? {}))
      byApp[app] = round(counts.total / records);
    const cpuMs: Record<string, number> = {};
    for (const [component, seconds] of Object.entries(measured.cpu.byComponent))
      cpuMs[component] = round((seconds * 1000) / records);
    return {
      scenario: 'cost',
      purchaseOrders: options.purchaseOrders,
      bills: options.bills,
      timings,
      http: { purchase_order: httpCost('purchase_order'), bill: httpCost('bill'), other: byKind.other },
      perRecord: {
        redisCommands: round(measured.redis.total / records),
        redisScripts: round(scripts / records),
        postgresStatements: round(statements / records),
        postgresStatementsByApp: byApp,
        cpuMsByComponent: cpuMs,
      },
      perSyncedRecord: {
        redisCommands: round(measured.redis.total / syncedTotal),
        postgresStatements: round(statements / syncedTotal),
        httpCalls: round(measured.http.total / syncedTotal),
      },
      measurement: measured,
    };
  } finally {
    await stack.close();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
