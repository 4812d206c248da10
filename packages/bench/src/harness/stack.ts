import { randomBytes } from 'node:crypto';
import { readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { activeStreams, ConnectionStore } from '@mlc/connections';
import { createDatabase, type Database, type LedgerStatus, type PrismaClient } from '@mlc/db';
import { prepareServices } from '@mlc/demo/preflight';
import { appNames, freePort, startApp, type AppName, type RunningApp } from '@mlc/demo/processes';
import { Ledger, Mappings } from '@mlc/ledger';
import { createRedis, enqueuePollRun, openQueue, pollQueue } from '@mlc/queues';
import {
  generateScenario,
  simulatorCategoryMappings,
  simulatorConnectionFile,
  simulatorLocationMappings,
} from '@mlc/simulators';
import { CredentialVault, KeyRing } from '@mlc/vault';
import type { Queue } from 'bullmq';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { env } from '../env.ts';
import { onInterrupt } from './cleanup.ts';
import { benchDir, repoRoot } from './paths.ts';
import type { BenchPostgres } from './postgres-server.ts';
import type { BenchRedis } from './redis-server.ts';
import { startStatementCounter, type StatementCounter } from './pg-statement-counter.ts';
import {
  simulatorCredentials,
  startSimulatorProcess,
  type SimulatorProcess,
  type SimulatorSize,
} from './simulator-process.ts';

export const connectionId = 'bench';

/** The document streams a benchmark sync polls; master data is read once before the clock starts. */
export const documentStreams = ['procurify.purchase_orders', 'procurify.bills'] as const;

export interface StackOptions {
  /** Names the run's log directory: .bench/logs/<name>/. */
  name: string;
  postgres: BenchPostgres;
  redis: BenchRedis;
  size: SimulatorSize;
  /** oracle-writer processes started with the others (default 1; 0: start them later). */
  oracleWriters?: number;
  /** Extra environment for every app (concurrency settings). */
  appEnv?: Record<string, string>;
  /** Connection options (per-connection write slots and request rate). */
  connectionOptions?: Record<string, unknown>;
  schedule?: Record<string, unknown>;
  /** Put a statement-counting proxy in front of Postgres for each app. */
  countStatements?: boolean;
}

export interface RunningAppProcess extends RunningApp {
  /** "oracle-writer", or "oracle-writer#2" for the second of several. */
  label: string;
}

export interface Stack {
  sims: SimulatorProcess;
  apps: RunningAppProcess[];
  prisma: PrismaClient;
  databaseName: string;
  /** The apps' database URL (what each app got as DATABASE_URL, before any counting proxy). */
  databaseUrl: string;
  redis: Redis;
  redisPrefix: string;
  /** Per app label, when `countStatements`. */
  statements: Map<string, StatementCounter>;
  /** Enqueues one manual poll per stream ("sync now" for those streams); returns when it did. */
  poll(streams: readonly string[]): Promise<{ startedAt: number }>;
  /**
   * Resolves when every poll of `streams` since `startedAt` has finished and no record is
   * pending, mapped or writing, with the outbox empty. It reads Postgres only (poll cursors and
   * the ledger), so the benchmark adds nothing to the Redis command counts it measures.
   */
  drain(streams: readonly string[], startedAt: number, timeoutMs: number): Promise<void>;
  /** Starts `count` more oracle-writer processes. */
  startOracleWriters(count: number): Promise<RunningAppProcess[]>;
  close(): Promise<void>;
}

const working: LedgerStatus[] = ['pending', 'mapped', 'writing'];

/**
 * A fresh deployment for one benchmark run: its own database (dropped and migrated), a clean
 * Redis prefix, the simulators in their own process, every app in its own process, the
 * connection registered with the scenario's mappings and its master data read once.
 * Job schedulers are kept out of the way (SCHEDULE_RECONCILE_SECONDS = 1 day, connection
 * registered after the poller started): every poll in a measurement is one the benchmark asked for.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const closers: (() => Promise<unknown>)[] = [];
  const close = onInterrupt(async () => {
    for (const closer of closers.toReversed()) await closer().catch(() => undefined);
  });
  try {
    const services = await prepareServices(
      { DATABASE_URL: options.postgres.url, REDIS_URL: options.redis.url },
      { database: env.BENCH_DATABASE },
    );
    // On the benchmark's own server the benchmark reads as another role, so pg_stat_statements
    // (filtered to the apps' role) holds the apps' statements only.
    const observerUrl = await prepareObserver(options.postgres, services.databaseUrl);
    const logDir = benchDir('logs', options.name);
    const redisPrefix = `mlcbench${randomBytes(3).toString('hex')}`;
    const redis = createRedis(options.redis.url, 'client', 'mlc-bench');
    closers.push(async () => redis.disconnect());
    if (options.redis.isPrivate) await redis.flushall();

    const sims = await startSimulatorProcess(options.size, join(logDir, 'simulators.log'));
    closers.push(() => sims.close());

    const statements = new Map<string, StatementCounter>();
    const databaseUrlFor = async (label: string) => {
      if (!options.countStatements) return services.databaseUrl;
      const counter = await startStatementCounter(services.databaseUrl);
      statements.set(label, counter);
      closers.push(() => counter.close());
      return counter.url;
    };

    const secrets = {
      MLC_MASTER_KEY: randomBytes(32).toString('base64'),
      INTERNAL_TOKEN: randomBytes(24).toString('base64url'),
      ADMIN_TOKEN: randomBytes(24).toString('base64url'),
      ADMIN_VIEWER_TOKEN: randomBytes(24).toString('base64url'),
    };
    const tokenPort = await freePort();
    const baseEnv: Record<string, string> = {
      PATH: env.PATH,
      ...secrets,
      NODE_ENV: 'production',
      LOG_LEVEL: env.BENCH_APP_LOG_LEVEL,
      REDIS_URL: options.redis.url,
      MLC_REDIS_PREFIX: redisPrefix,
      MLC_ALLOW_INSECURE_UPSTREAMS: '1',
      TOKEN_SERVICE_PORT: String(tokenPort),
      TOKEN_SERVICE_URL: `http://127.0.0.1:${tokenPort}`,
      ADMIN_PORT: String(await freePort()),
      OPS_PORT: '0',
      SCHEDULE_RECONCILE_SECONDS: '86400',
      NODE_OPTIONS: [
        env.BENCH_APP_NODE_OPTIONS,
        env.BENCH_CPU_PROFILE === '1'
          ? `--cpu-prof --cpu-prof-dir=${benchDir('profiles', options.name)}`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
      ...options.appEnv,
    };
    const apps: RunningAppProcess[] = [];
    closers.push(async () => {
      await Promise.all(apps.map((app) => app.stop(15_000)));
      if (env.BENCH_CPU_PROFILE === '1') nameProfiles(benchDir('profiles', options.name), apps);
    });
    const launch = async (name: AppName, label: string) => {
      const app = await startApp(
        repoRoot,
        name,
        { ...baseEnv, DATABASE_URL: await databaseUrlFor(label) },
        join(logDir, `${label.replace('#', '-')}.log`),
      );
      apps.push({ ...app, label });
    };
    await launch('token-service', 'token-service');
    let writers = 0;
    const writerLabels = (count: number) =>
      Array.from({ length: count }, () => {
        writers += 1;
        return writers === 1 ? 'oracle-writer' : `oracle-writer#${writers}`;
      });
    const launchAll = async (list: [AppName, string][]) => {
      const results = await Promise.allSettled(list.map(([name, label]) => launch(name, label)));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    };
    await launchAll([
      ...appNames
        .filter((name) => name !== 'token-service' && name !== 'oracle-writer')
        .map((name): [AppName, string] => [name, name]),
      ...writerLabels(options.oracleWriters ?? 1).map((label): [AppName, string] => ['oracle-writer', label]),
    ]);

    const database: Database = createDatabase({
      url: observerUrl,
      poolSize: 3,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 60_000,
      applicationName: 'mlc-bench',
    });
    closers.push(() => database.close());
    const prisma = database.prisma;

    // The simulators' master data does not depend on the document count: a small scenario of the
    // same seed describes it (company, chart of accounts, locations, GL accounts, buyers).
    const scenario = generateScenario({ seed: options.size.seed, purchaseOrders: 10, bills: 10 });
    const file = simulatorConnectionFile(
      {
        scenario,
        procurify: { url: sims.procurifyUrl, credentials: { ...simulatorCredentials.procurify } },
        oracle: {
          url: sims.oracleUrl,
          tokenUrl: sims.oracleTokenUrl,
          credentials: { ...simulatorCredentials.oracle },
        },
      },
      {
        id: connectionId,
        options: { ...options.connectionOptions },
        schedule: { initialLookbackDays: 3650, ...options.schedule },
      },
    );
    const store = new ConnectionStore(prisma, { allowInsecureUpstreams: true });
    await store.save(file, new CredentialVault(prisma, new KeyRing(secrets.MLC_MASTER_KEY)));
    const mappings = new Mappings(prisma, new Ledger(prisma));
    for (const mapping of [...simulatorLocationMappings(scenario), ...simulatorCategoryMappings(scenario)])
      await mappings.setDimension(connectionId, mapping);

    const polls: Queue = openQueue(pollQueue, { connection: redis, prefix: redisPrefix });
    closers.push(() => polls.close());

    const stack: Stack = {
      sims,
      apps,
      prisma,
      databaseName: services.databaseName,
      databaseUrl: services.databaseUrl,
      redis,
      redisPrefix,
      statements,
      async poll(streams) {
        const startedAt = Date.now();
        await enqueuePollRun(polls, {
          connectionId,
          streams,
          runId: `b${startedAt.toString(36)}${randomBytes(2).toString('hex')}`,
        });
        return { startedAt };
      },
      async drain(streams, startedAt, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const cursors = await prisma.pollCursor.findMany({
            where: { connectionId, stream: { in: [...streams] } },
            select: { stream: true, updatedAt: true, lastResult: true, lastError: true },
          });
          const finished = cursors.filter((cursor) => cursor.updatedAt.getTime() >= startedAt);
          const failed = finished.find((cursor) => cursor.lastResult === 'error');
          if (failed)
            throw new Error(`${options.name}: poll of ${failed.stream} failed: ${failed.lastError}`);
          if (finished.length === streams.length) {
            const [busy, outbox] = await Promise.all([
              prisma.ledgerRecord.count({ where: { connectionId, status: { in: working } } }),
              prisma.outboxMessage.count(),
            ]);
            if (busy === 0 && outbox === 0) return;
          }
          if (Date.now() > deadline) {
            const unfinished = streams.filter(
              (stream) => !finished.some((cursor) => cursor.stream === stream),
            );
            const busy = await prisma.ledgerRecord.groupBy({
              by: ['entity', 'status'],
              where: { connectionId, status: { in: working } },
              _count: true,
            });
            throw new Error(
              `${options.name}: the pipeline did not drain within ${timeoutMs / 1000} s (polls not finished: ${unfinished.join(', ') || 'none'}; in flight: ${busy.map((group) => `${group._count} ${group.entity} ${group.status}`).join(', ') || 'none'}; outbox: ${await prisma.outboxMessage.count()})`,
            );
          }
          await delay(250);
        }
      },
      async startOracleWriters(count) {
        const labels = writerLabels(count);
        await launchAll(labels.map((label): [AppName, string] => ['oracle-writer', label]));
        return apps.filter((app) => labels.includes(app.label));
      },
      close,
    };

    // Master data once, before any measurement (a connection's first poll would do it anyway).
    const settings = await store.settings(connectionId);
    const masters = activeStreams(settings)
      .filter((stream) => stream.cadence === 'master')
      .map((stream) => stream.name);
    const masterRun = await stack.poll(masters);
    await stack.drain(masters, masterRun.startedAt, 180_000);
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}

export const observerRole = 'mlc_bench_observer';

async function prepareObserver(postgres: BenchPostgres, databaseUrl: string): Promise<string> {
  if (!postgres.isPrivate) return databaseUrl;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${observerRole}') THEN
        CREATE ROLE ${observerRole} LOGIN SUPERUSER;
      END IF; END $$`);
    if (postgres.hasStatementStats) await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  } finally {
    await client.end();
  }
  const url = new URL(databaseUrl);
  url.username = observerRole;
  return url.toString();
}

/** V8 names profiles CPU.<date>.<time>.<pid>.…: rename each to its app's label. */
function nameProfiles(dir: string, apps: RunningAppProcess[]): void {
  for (const file of readdirSync(dir)) {
    const app = apps.find((candidate) => file.includes(`.${candidate.process.pid}.`));
    if (app) renameSync(join(dir, file), join(dir, `${app.label.replace('#', '-')}.cpuprofile`));
  }
}
