import { createLogger } from '@mlc/logger';
import { createOracleClient } from '@mlc/oracle-client';
import { mapWithConcurrency } from '@mlc/pipeline';
import { createProcurifyClient } from '@mlc/procurify-client';
import type { AccessToken, TokenProvider } from '@mlc/upstream';
import { onInterrupt } from '../harness/cleanup.ts';
import { startCpuWindow, type CpuReport } from '../harness/cpu-window.ts';
import { sum } from '../harness/measure.ts';
import type { BenchServices } from '../harness/measurement.ts';
import { benchDir } from '../harness/paths.ts';
import { benchSeed, detailConcurrency, linesPerPo, writeConcurrency } from '../harness/settings.ts';
import { simulatorCredentials, startSimulatorProcess } from '../harness/simulator-process.ts';
import { join } from 'node:path';
import { profileFaults, type LatencyProfile, type WrittenPayloads } from './throughput.ts';

export interface FloorResult {
  scenario: 'floor';
  profile: LatencyProfile;
  purchaseOrders: number;
  bills: number;
  read: number;
  written: number;
  wallMs: number;
  recordsPerSecond: number;
  writtenPerSecond: number;
  http: { total: number; byRoute: Record<string, number> };
  cpu: CpuReport;
}

/** A token fetched once, never refreshed (the floor's runs are shorter than a token's life). */
function fixedToken(authorization: string): TokenProvider {
  const token: AccessToken = { authorization, fingerprint: 'floor' };
  return {
    getToken: async () => token,
    invalidate: async () => {
      throw new Error('the floor does not refresh tokens: a token expired mid-run');
    },
  };
}

async function accessToken(url: string, init: RequestInit): Promise<string> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`token endpoint ${url} answered ${response.status}`);
  return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
}

/** At most `limit` tasks at once, in the order they were queued. */
function limiter(limit: number) {
  let running = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      queue.shift()?.();
    }
  };
}

/**
 * Scenario 2, the floor: the same HTTP calls the pipeline made, with the same clients
 * (@mlc/procurify-client, @mlc/oracle-client) and the same concurrency (details 8 at a time per
 * stream, 16 Oracle writes in flight), from one bare script: tokens fetched once, no queues, no
 * ledger, no mapping (it sends the exact payloads the pipeline wrote, so it is slightly faster
 * than anything that still has to map). Runs against fresh simulators of the same seed.
 */
export async function runFloor(options: {
  services: BenchServices;
  profile: LatencyProfile;
  purchaseOrders: number;
  bills: number;
  payloads: WrittenPayloads;
}): Promise<FloorResult> {
  const sims = await startSimulatorProcess(
    { seed: benchSeed, purchaseOrders: options.purchaseOrders, bills: options.bills, linesPerPo },
    join(benchDir('logs', `floor-${options.profile}`), 'simulators.log'),
  );
  const close = onInterrupt(() => sims.close());
  try {
    const logger = createLogger({ name: 'bench-floor', level: 'silent' });
    const { procurify: procurifyCredentials, oracle: oracleCredentials } = simulatorCredentials;
    const procurify = createProcurifyClient({
      baseUrl: sims.procurifyUrl,
      auth: fixedToken(
        await accessToken(`${sims.procurifyUrl}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: procurifyCredentials.clientId,
            client_secret: procurifyCredentials.clientSecret,
            audience: 'https://api.procurify.com/',
            grant_type: 'client_credentials',
          }),
        }),
      ),
      logger,
    });
    const oracle = createOracleClient({
      restBaseUrl: `${sims.oracleUrl}/fscmRestApi/resources/11.13.18.05/`,
      restFrameworkVersion: '4',
      auth: fixedToken(
        await accessToken(sims.oracleTokenUrl, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${oracleCredentials.clientId}:${oracleCredentials.clientSecret}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ grant_type: 'client_credentials', scope: oracleCredentials.scope }),
        }),
      ),
      logger,
    });
    await sims.setFaults(profileFaults(options.profile));
    await sims.resetCounters();
    const cpu = await startCpuWindow({
      processes: () => [{ label: 'simulators', pid: sims.pid }],
    });

    const started = performance.now();
    const write = limiter(writeConcurrency);
    const writes: Promise<unknown>[] = [];
    const since = new Date(Date.now() - 3650 * 86_400_000);
    let read = 0;
    const readPurchaseOrders = async () => {
      for await (const page of procurify.listPurchasedOrders({ modifiedFrom: since })) {
        read += page.length;
        const details = await mapWithConcurrency(page, detailConcurrency, (po) =>
          procurify.getPurchaseOrder(po.procurify_PO),
        );
        for (const po of details) {
          const payload = options.payloads.purchaseOrders.get(String(po.procurify_PO));
          if (!payload) continue;
          writes.push(
            write(async () => {
              const draft = await oracle.createDraftPurchaseOrder(payload);
              await oracle.submitDraftPurchaseOrder(draft.POHeaderId);
              await oracle.getPurchaseOrder(draft.POHeaderId, 'purchaseOrders');
            }),
          );
        }
      }
    };
    const readBills = async () => {
      for await (const page of procurify.listBills({ modifiedSince: since })) {
        read += page.length;
        const details = await mapWithConcurrency(page, detailConcurrency, (bill) =>
          procurify.getBill(bill.uuid),
        );
        for (const bill of details) {
          const payload = options.payloads.bills.get(bill.uuid);
          if (payload) writes.push(write(() => oracle.createInvoice(payload)));
        }
      }
    };
    await Promise.all([readPurchaseOrders(), readBills()]);
    await Promise.all(writes);
    const wallMs = performance.now() - started;
    const cpuReport = await cpu.end();
    const byRoute = await sims.counters();
    return {
      scenario: 'floor',
      profile: options.profile,
      purchaseOrders: options.purchaseOrders,
      bills: options.bills,
      read,
      written: writes.length,
      wallMs: Math.round(wallMs),
      recordsPerSecond: Math.round((read / wallMs) * 10_000) / 10,
      writtenPerSecond: Math.round((writes.length / wallMs) * 10_000) / 10,
      http: { total: sum(byRoute), byRoute },
      cpu: cpuReport,
    };
  } finally {
    await close();
  }
}
