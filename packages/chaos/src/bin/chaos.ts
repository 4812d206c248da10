#!/usr/bin/env node
// `pnpm test:chaos [--ci]`: the pipeline under faults, kills and restarts, checked for exactly-once.
// See packages/chaos/README.md; the measured outcomes are in docs/reliability.md ("Chaos").
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import '../env.ts';
import { ciProfile, fullProfile, type ChaosProfile } from '../profiles.ts';
import { summarize } from '../report.ts';
import { runChaos } from '../run.ts';

const print = (text: string) => process.stdout.write(`${text}\n`);
const printError = (text: string) => process.stderr.write(`${text}\n`);

const { values: args } = parseArgs({
  options: {
    ci: { type: 'boolean', default: false },
    'purchase-orders': { type: 'string' },
    bills: { type: 'string' },
    seed: { type: 'string' },
    'kill-every': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  print(`usage: pnpm test:chaos [--ci] [--purchase-orders N] [--bills N] [--seed N] [--kill-every MIN-MAX]

Runs every pipeline app as its own process against the simulators (10% 5xx, 5% 429, 2% lost
create responses, tokens expiring every 30 s), SIGKILLs and restarts each app at random, restarts
a private Redis and (through a proxy) Postgres once mid-run, pays invoices in Oracle as they
appear, then checks that every record was synced exactly once or explained in the ledger.

  --ci                200 POs + 200 bills (the .ci/run size) [full: 2000 + 2000]; apps killed every 10–20 s
  --kill-every 10-20  seconds between kills of each app
Needs redis-server on PATH and PostgreSQL at DATABASE_URL (the run owns database CHAOS_DATABASE,
default mlc_chaos). Logs: .chaos/logs/<app>/; results: .chaos/results/<time>.json. Exit code 1
when a check fails.`);
  process.exit(0);
}

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const base = args.ci ? ciProfile : fullProfile;
const killEvery = args['kill-every']?.split('-').map((value) => Number(value) * 1000);
const profile: ChaosProfile = {
  ...base,
  ...(args['purchase-orders'] ? { purchaseOrders: Number(args['purchase-orders']) } : {}),
  ...(args.bills ? { bills: Number(args.bills) } : {}),
  ...(args.seed ? { seed: Number(args.seed) } : {}),
  ...(killEvery?.length === 2 && killEvery.every((ms) => ms > 0)
    ? { killEveryMs: { min: killEvery[0] as number, max: killEvery[1] as number } }
    : {}),
};

const startedAt = Date.now();
const log = (line: string) =>
  print(
    `[${new Date().toISOString().slice(11, 19)} +${Math.round((Date.now() - startedAt) / 1000)}s] ${line}`,
  );
const logDir = join(repoRoot, '.chaos', 'logs');
rmSync(logDir, { recursive: true, force: true });
mkdirSync(logDir, { recursive: true });

let cleanup: (() => Promise<void>) | undefined;
process.once('SIGINT', () => {
  printError('\ninterrupted: stopping every process of the chaos run…');
  void (cleanup?.() ?? Promise.resolve()).then(() => process.exit(130));
});

try {
  const result = await runChaos(profile, {
    repoRoot,
    logDir,
    log,
    onCleanup: (close) => {
      cleanup = close;
    },
  });
  const resultsDir = join(repoRoot, '.chaos', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${result.startedAt.replace(/[:.]/g, '-')}-${profile.name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  print(`\n${summarize(result)}\n\nresults: ${file}`);
  process.exitCode = result.problems.length === 0 ? 0 : 1;
} catch (error) {
  printError(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
