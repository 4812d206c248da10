import { setTimeout as delay } from 'node:timers/promises';
import { heapOf, memoryOf, opsUrlOf } from '../harness/measure.ts';
import type { BenchServices } from '../harness/measurement.ts';
import { benchSeed, linesPerPo, throughputAppEnv, throughputConnectionOptions } from '../harness/settings.ts';
import { connectionId, documentStreams, startStack } from '../harness/stack.ts';

export interface AppMemory {
  /** Resident set once started and idle, before the backlog arrived. */
  idleRssMiB: number;
  /** The largest V8 heap in use seen (from the app's /metrics), when it has an ops server. */
  peakHeapUsedMiB: number | null;
  /** VmHWM: the process's highest resident set over its whole life. */
  peakRssMiB: number;
  /** Resident set when the run ended. */
  finalRssMiB: number;
}

export interface MemoryResult {
  scenario: 'memory';
  purchaseOrders: number;
  bills: number;
  /** The most records waiting at once (pending + mapped + writing). */
  largestBacklog: number;
  recorded: number;
  finished: number;
  drained: boolean;
  minutes: number;
  apps: Record<string, AppMemory>;
  /** Every 10 s: seconds since the poll, records waiting, each app's resident set and V8 heap in use (MiB). */
  series: {
    seconds: number;
    backlog: number;
    rssMiB: Record<string, number>;
    heapUsedMiB: Record<string, number>;
  }[];
}

/**
 * Scenario 3b: peak memory of each app while it works through a large backlog. N POs + N bills
 * are polled at once (the poller records them all, the mapper and writer catch up behind it);
 * each app's resident set is sampled every 2 s from /proc and its peak read from VmHWM. The run
 * stops when the pipeline drains, or after `maxMinutes` (then `drained` is false).
 */
export async function runMemory(options: {
  services: BenchServices;
  purchaseOrders: number;
  bills: number;
  maxMinutes: number;
}): Promise<MemoryResult> {
  const stack = await startStack({
    name: 'memory',
    ...options.services,
    size: { seed: benchSeed, purchaseOrders: options.purchaseOrders, bills: options.bills, linesPerPo },
    appEnv: throughputAppEnv,
    connectionOptions: throughputConnectionOptions,
  });
  try {
    const rss = () =>
      Object.fromEntries(
        stack.apps.map((app) => [
          app.label,
          Math.round(memoryOf(app.process.pid ?? 0)?.rssMiB ?? Number.NaN),
        ]),
      );
    const idle = rss();
    const opsUrls = new Map(stack.apps.map((app) => [app.label, opsUrlOf(app.logFile)]));
    const peakHeap = new Map<string, number>();
    const heaps = async () => {
      const used: Record<string, number> = {};
      for (const [label, url] of opsUrls) {
        const heap = url ? await heapOf(url) : undefined;
        if (!heap) continue;
        used[label] = heap.heapUsedMiB;
        peakHeap.set(label, Math.max(peakHeap.get(label) ?? 0, heap.heapUsedMiB));
      }
      return used;
    };
    const { startedAt } = await stack.poll(documentStreams);
    const deadline = startedAt + options.maxMinutes * 60_000;
    const series: MemoryResult['series'] = [];
    let largestBacklog = 0;
    let drained = false;
    let lastSample = 0;
    for (;;) {
      const [backlog, cursors] = await Promise.all([
        stack.prisma.ledgerRecord.count({
          where: { connectionId, status: { in: ['pending', 'mapped', 'writing'] } },
        }),
        stack.prisma.pollCursor.count({
          where: {
            connectionId,
            stream: { in: [...documentStreams] },
            updatedAt: { gte: new Date(startedAt) },
          },
        }),
      ]);
      largestBacklog = Math.max(largestBacklog, backlog);
      const now = Date.now();
      if (now - lastSample >= 10_000) {
        series.push({
          seconds: Math.round((now - startedAt) / 1000),
          backlog,
          rssMiB: rss(),
          heapUsedMiB: await heaps(),
        });
        lastSample = now;
      }
      if (
        cursors === documentStreams.length &&
        backlog === 0 &&
        (await stack.prisma.outboxMessage.count()) === 0
      ) {
        drained = true;
        break;
      }
      if (now > deadline) break;
      await delay(2_000);
    }
    const [counts] = await stack.prisma.$queryRaw<{ recorded: bigint; finished: bigint }[]>`
      SELECT count(*) AS recorded,
             count(*) FILTER (WHERE status NOT IN ('pending', 'mapped', 'writing')) AS finished
      FROM sync_ledger WHERE connection_id = ${connectionId} AND entity IN ('purchase_order', 'bill')`;
    const apps: Record<string, AppMemory> = {};
    for (const app of stack.apps) {
      const memory = memoryOf(app.process.pid ?? 0);
      apps[app.label] = {
        idleRssMiB: idle[app.label] ?? Number.NaN,
        peakHeapUsedMiB: peakHeap.get(app.label) ?? null,
        peakRssMiB: Math.round(memory?.peakRssMiB ?? Number.NaN),
        finalRssMiB: Math.round(memory?.rssMiB ?? Number.NaN),
      };
    }
    return {
      scenario: 'memory',
      purchaseOrders: options.purchaseOrders,
      bills: options.bills,
      largestBacklog,
      recorded: Number(counts?.recorded ?? 0),
      finished: Number(counts?.finished ?? 0),
      drained,
      minutes: Math.round((Date.now() - startedAt) / 6_000) / 10,
      apps,
      series,
    };
  } finally {
    await stack.close();
  }
}
