import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@mlc/demo/processes';
import { defaultCredentials, SimulatorControl, type FaultRule } from '@mlc/simulators';
import { repoRoot } from './paths.ts';

export interface SimulatorSize {
  seed: number;
  purchaseOrders: number;
  bills: number;
  linesPerPo: number;
  /** Documents are dated within this many days before the anchor (simulator default 20). */
  spreadDays?: number;
  /** The anchor is this many days before now: all documents are older history. */
  anchorDaysAgo?: number;
}

export interface SimulatorProcess {
  pid: number;
  procurifyUrl: string;
  oracleUrl: string;
  oracleTokenUrl: string;
  procurify: SimulatorControl;
  oracle: SimulatorControl;
  /** Both simulators' request counters (`METHOD /route` → count), summed with a prefix per side. */
  counters(): Promise<Record<string, number>>;
  resetCounters(): Promise<void>;
  setFaults(rules: { procurify?: FaultRule[]; oracle?: FaultRule[] }): Promise<void>;
  close(): Promise<void>;
}

const oracleRest = '/fscmRestApi/resources/11.13.18.05';

/**
 * The realistic latency profile of the brief: every Oracle create (and action) 300 ms, every
 * Oracle GET 100 ms; Procurify and the token endpoints answer at once.
 */
export const realisticOracleLatency: FaultRule[] = [
  { match: `POST ${oracleRest}/*`, latencyMs: 300 },
  { match: `GET ${oracleRest}/*`, latencyMs: 100 },
];

/**
 * Both simulators in their own process (`pnpm sim`, packages/simulators/src/bin/sim.ts), as a
 * separate deployment would be; driven through their control API only.
 */
export async function startSimulatorProcess(size: SimulatorSize, logFile: string): Promise<SimulatorProcess> {
  const procurifyPort = await freePort();
  const oraclePort = await freePort();
  const options: Record<string, number | undefined> = {
    seed: size.seed,
    'purchase-orders': size.purchaseOrders,
    bills: size.bills,
    'lines-per-po': size.linesPerPo,
    'spread-days': size.spreadDays,
    'anchor-days-ago': size.anchorDaysAgo,
    'procurify-port': procurifyPort,
    'oracle-port': oraclePort,
  };
  const args = [
    join(repoRoot, 'packages', 'simulators', 'src', 'bin', 'sim.ts'),
    ...Object.entries(options).flatMap(([name, value]) =>
      value === undefined ? [] : [`--${name}`, String(value)],
    ),
  ];
  // The simulators hold every document in memory: give large scenarios room.
  const child = spawn(process.execPath, ['--max-old-space-size=4096', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr.pipe(log);
  const exited = once(child, 'exit');
  const ready = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (line.startsWith('(development')) resolve();
    });
    void exited.then(([code]) => reject(new Error(`the simulators exited (code ${code}); see ${logFile}`)));
  });
  await ready;
  const procurifyUrl = `http://127.0.0.1:${procurifyPort}`;
  const oracleUrl = `http://127.0.0.1:${oraclePort}`;
  const procurify = new SimulatorControl(procurifyUrl);
  const oracle = new SimulatorControl(oracleUrl);
  return {
    pid: child.pid ?? 0,
    procurifyUrl,
    oracleUrl,
    oracleTokenUrl: `${oracleUrl}/oauth2/v1/token`,
    procurify,
    oracle,
    async counters() {
      const out: Record<string, number> = {};
      for (const [side, control] of [
        ['procurify', procurify],
        ['oracle', oracle],
      ] as const) {
        const snapshot = await control.counters();
        for (const [route, entry] of Object.entries(snapshot.routes)) out[`${side} ${route}`] = entry.count;
      }
      return out;
    },
    async resetCounters() {
      await Promise.all([procurify.resetCounters(), oracle.resetCounters()]);
    },
    async setFaults(rules) {
      await Promise.all([
        rules.procurify?.length ? procurify.setFaults(rules.procurify) : procurify.clearFaults(),
        rules.oracle?.length ? oracle.setFaults(rules.oracle) : oracle.clearFaults(),
      ]);
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // Keep-alive connections can hold a graceful close open: give it 10 s.
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

/** The simulators' development credentials (not secrets), as `pnpm sim` prints them. */
export const simulatorCredentials = defaultCredentials;
