import {
  documentRunTimings,
  summarize,
  type DocumentRunTimings,
  type LatencySummary,
} from '../harness/ledger-timings.ts';
import { memoryOf } from '../harness/measure.ts';
import { startMeasurement, type BenchServices, type Measurement } from '../harness/measurement.ts';
import { connectionId, documentStreams, startStack, type Stack } from '../harness/stack.ts';
import { benchSeed, linesPerPo, throughputAppEnv, throughputConnectionOptions } from '../harness/settings.ts';
import { realisticOracleLatency } from '../harness/simulator-process.ts';

export type LatencyProfile = 'zero' | 'realistic';

/** What the floor replays: the payloads the pipeline wrote, by entity and Procurify id. */
export interface WrittenPayloads {
  purchaseOrders: Map<string, Record<string, unknown>>;
  bills: Map<string, Record<string, unknown>>;
}

export interface ThroughputResult {
  scenario: 'throughput';
  profile: LatencyProfile;
  purchaseOrders: number;
  bills: number;
  linesPerPo: number;
  timings: DocumentRunTimings;
  recordsPerSecond: number;
  syncedPerSecond: number;
  measurement: Measurement;
  peakRssMiB: Record<string, number>;
  /** Bills approved in Procurify once the pipeline was idle, then "sync now": last_modified_datetime → syncedAt. */
  changeToSynced: LatencySummary & { approved: number };
}

export function profileFaults(profile: LatencyProfile) {
  return profile === 'realistic' ? { oracle: realisticOracleLatency } : {};
}

/**
 * Scenario 1: N POs (5 lines each) and N bills end to end. Every app and the simulators run in
 * their own processes; master data is read before the clock starts; then one "sync now" of the
 * two document streams, timed until the last record reaches its final state.
 */
export async function runThroughput(options: {
  services: BenchServices;
  profile: LatencyProfile;
  purchaseOrders: number;
  bills: number;
  approveAfter?: number;
}): Promise<{ result: ThroughputResult; payloads: WrittenPayloads }> {
  const stack = await startStack({
    name: `throughput-${options.profile}`,
    ...options.services,
    size: { seed: benchSeed, purchaseOrders: options.purchaseOrders, bills: options.bills, linesPerPo },
    appEnv: throughputAppEnv,
    connectionOptions: throughputConnectionOptions,
  });
  try {
    await stack.sims.setFaults(profileFaults(options.profile));
    const measurement = await startMeasurement(stack, options.services);
    const { startedAt } = await stack.poll(documentStreams);
    await stack.drain(documentStreams, startedAt, 3_600_000);
    const measured = await measurement.end();
    const timings = await documentRunTimings(stack.prisma, startedAt);
    const peakRssMiB: Record<string, number> = {};
    for (const app of stack.apps)
      peakRssMiB[app.label] = Math.round(memoryOf(app.process.pid ?? 0)?.peakRssMiB ?? Number.NaN);
    const payloads = await writtenPayloads(stack);
    const changeToSynced = await approveAndSync(stack, options.approveAfter ?? 50);
    const seconds = timings.wallMs / 1000;
    return {
      result: {
        scenario: 'throughput',
        profile: options.profile,
        purchaseOrders: options.purchaseOrders,
        bills: options.bills,
        linesPerPo,
        timings,
        recordsPerSecond: round(timings.finished / seconds),
        syncedPerSecond: round(timings.synced / seconds),
        measurement: measured,
        peakRssMiB,
        changeToSynced,
      },
      payloads,
    };
  } finally {
    await stack.close();
  }
}

async function writtenPayloads(stack: Stack): Promise<WrittenPayloads> {
  const rows = await stack.prisma.ledgerRecord.findMany({
    where: { connectionId, entity: { in: ['purchase_order', 'bill'] }, status: 'synced' },
    select: { entity: true, sourceId: true, mappedPayload: true },
  });
  const payloads: WrittenPayloads = { purchaseOrders: new Map(), bills: new Map() };
  for (const row of rows) {
    const target = row.entity === 'purchase_order' ? payloads.purchaseOrders : payloads.bills;
    target.set(row.sourceId, row.mappedPayload as Record<string, unknown>);
  }
  return payloads;
}

/**
 * The latency of one change with an idle pipeline: `count` bills still in draft are approved in
 * Procurify (the simulator stamps last_modified_datetime), then "sync now" of the bills stream;
 * last_modified_datetime (the ledger's sourceUpdatedAt) → syncedAt. A scheduled poll adds up to
 * the connection's interval on top.
 */
async function approveAndSync(stack: Stack, count: number): Promise<LatencySummary & { approved: number }> {
  const listing = await stack.sims.procurify.request<{
    items: { id: number; uuid: string; status: number }[];
  }>('GET', '/procurify/bills?limit=10000');
  const drafts = listing.items.filter((bill) => bill.status === 0 || bill.status === 1).slice(0, count);
  for (const bill of drafts)
    await stack.sims.procurify.request('POST', `/procurify/bills/${bill.id}/approve`, {});
  const { startedAt } = await stack.poll(['procurify.bills']);
  await stack.drain(['procurify.bills'], startedAt, 600_000);
  const rows = await stack.prisma.ledgerRecord.findMany({
    where: {
      connectionId,
      entity: 'bill',
      status: 'synced',
      sourceId: { in: drafts.map((bill) => dashedUuid(bill.uuid)) },
    },
    select: { sourceUpdatedAt: true, syncedAt: true },
  });
  const latencies = rows.flatMap((row) =>
    row.sourceUpdatedAt && row.syncedAt ? [row.syncedAt.getTime() - row.sourceUpdatedAt.getTime()] : [],
  );
  return { approved: drafts.length, ...summarize(latencies) };
}

/** The simulator keeps 32 hex digits; the API (and so the ledger) shows the dashed form. */
function dashedUuid(hex: string): string {
  const digits = hex.replace(/-/g, '');
  return [0, 8, 12, 16, 20].map((start, index, starts) => digits.slice(start, starts[index + 1])).join('-');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
