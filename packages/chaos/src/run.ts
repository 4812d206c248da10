import { exec } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { activeStreams, ConnectionStore } from '@mlc/connections';
import { createDatabase, type PrismaClient } from '@mlc/db';
import { prepareServices } from '@mlc/demo/preflight';
import { freePort } from '@mlc/demo/processes';
import { expectedOutbound } from '@mlc/e2e/verify';
import { Ledger, Mappings } from '@mlc/ledger';
import {
  createRedis,
  enqueuePollRun,
  mapQueue,
  openQueue,
  oracleWriteQueue,
  pollQueue,
  procurifyWriteQueue,
} from '@mlc/queues';
import {
  simulatorCategoryMappings,
  simulatorConnectionFile,
  simulatorLocationMappings,
  startSimulators,
  type FaultRule,
  type RunningSimulators,
} from '@mlc/simulators';
import { CredentialVault, KeyRing } from '@mlc/vault';
import pg from 'pg';
import { AppSupervisor, chaosApps, type AppStats, type ChaosApp } from './app-supervisor.ts';
import { env } from './env.ts';
import { Payer, type PaymentPlan } from './payments.ts';
import { count, describeState, readPipelineState, type PipelineState } from './pipeline-state.ts';
import { startPostgresProxy } from './postgres-proxy.ts';
import type { ChaosProfile } from './profiles.ts';
import { startChaosRedis } from './redis-server.ts';
import { ledgerStates, paymentsByGroup, verifyChaosRun } from './verify.ts';

export const connectionId = 'chaos';
const redisPrefix = 'mlcchaos';

/** The fault mix of the issue (and of packages/e2e's outbound-faults test). */
const noisy: FaultRule = { match: '*', serverErrorRate: 0.1, rateLimitRate: 0.05, retryAfterSeconds: 1 };
const lostCreates: FaultRule = { match: 'POST *', lostResponseRate: 0.02 };

export interface ChaosResult {
  profile: ChaosProfile;
  startedAt: string;
  /** Start of chaos → pipeline finished (under chaos). */
  chaosMs: number;
  /** Chaos stopped → the last "sync now" drained. */
  finalDrainMs: number;
  totalMs: number;
  finishedUnderChaos: boolean;
  apps: Record<ChaosApp, AppStats>;
  tokenExpiries: number;
  redis: {
    restartedAtMs: number | undefined;
    /** Ledger records in a working state and record jobs in Redis when it went down. */
    recordsInFlight: number;
    jobsLost: number | undefined;
    /** Restart → the poller had re-created its job schedulers. */
    schedulersBackAfterMs: number | undefined;
  };
  postgres: {
    restartedAtMs: number | undefined;
    how: string;
    connectionsCut: number;
    backendsTerminated: number;
  };
  faults: Record<'procurify' | 'oracle', Record<string, number>>;
  payments: Record<PaymentPlan, number>;
  ledger: Record<string, Record<string, number>>;
  events: Record<string, number>;
  problems: string[];
}

export interface RunOptions {
  repoRoot: string;
  logDir: string;
  log: (line: string) => void;
  /** Set by the CLI: called with a cleanup to run if the process is interrupted. */
  onCleanup: (cleanup: () => Promise<void>) => void;
}

/** Returns the first non-error value of `read`, retrying through a Postgres or Redis outage. */
async function persist<T>(read: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(1_000);
    }
  }
}

/** Seeded, so a run's kill pauses repeat (the moments they land on do not: the machine decides). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runChaos(profile: ChaosProfile, options: RunOptions): Promise<ChaosResult> {
  const { log } = options;
  const closers: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const close of closers.splice(0).toReversed()) await close().catch(() => undefined);
  };
  options.onCleanup(cleanup);
  const startedAt = Date.now();
  try {
    // Services: a private Redis (restarted mid-run), the run's own database behind a proxy.
    const redis = await startChaosRedis();
    closers.push(() => redis.close());
    const services = await prepareServices(
      { DATABASE_URL: env.DATABASE_URL, REDIS_URL: redis.url },
      { database: env.CHAOS_DATABASE },
    );
    const serverUrl = new URL(services.databaseUrl);
    const proxy = await startPostgresProxy({
      host: serverUrl.hostname,
      port: Number(serverUrl.port || 5432),
    });
    closers.push(() => proxy.close());
    log(
      `services: redis-server ${redis.url} (private), database ${services.databaseName} through a proxy on port ${proxy.port}`,
    );

    const database = createDatabase({
      url: services.databaseUrl,
      poolSize: 3,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 60_000,
      applicationName: 'mlc-chaos',
      onPoolError: () => undefined,
    });
    closers.push(() => database.close());
    const prisma: PrismaClient = database.prisma;

    const sims: RunningSimulators = await startSimulators({
      seed: profile.seed,
      purchaseOrders: profile.purchaseOrders,
      bills: profile.bills,
    });
    closers.push(() => sims.close());
    sims.procurify.core.faults.configure([noisy], profile.seed * 101);
    sims.oracle.core.faults.configure([noisy, lostCreates], profile.seed * 202);
    const expected = expectedOutbound(sims.scenario);
    const expectSynced =
      [...expected.purchaseOrders.values()].filter((entry) => entry.status === 'synced').length +
      [...expected.bills.values()].filter((entry) => entry.status === 'synced').length;
    log(
      `simulators: ${profile.purchaseOrders} POs, ${profile.bills} bills (seed ${profile.seed}); ${expectSynced} documents should reach Oracle; faults: 10% 5xx, 5% 429 everywhere, 2% lost create responses in Oracle`,
    );

    // The connection, as an operator registers it.
    const secrets = {
      MLC_MASTER_KEY: randomBytes(32).toString('base64'),
      INTERNAL_TOKEN: randomBytes(24).toString('base64url'),
    };
    const store = new ConnectionStore(prisma, { allowInsecureUpstreams: true });
    const file = simulatorConnectionFile(sims, {
      id: connectionId,
      // The simulators are local: no need for the gentle defaults a real pod gets.
      options: { oracleRequestsPerSecond: 500, maxInFlightWrites: 16 },
      schedule: { intervalMinutes: 1, masterDataIntervalMinutes: 5, initialLookbackDays: 3650 },
    });
    await store.save(file, new CredentialVault(prisma, new KeyRing(secrets.MLC_MASTER_KEY)));
    const mappings = new Mappings(prisma, new Ledger(prisma));
    for (const mapping of [
      ...simulatorLocationMappings(sims.scenario),
      ...simulatorCategoryMappings(sims.scenario),
    ])
      await mappings.setDimension(connectionId, mapping);
    const streams = activeStreams(await store.settings(connectionId)).map((stream) => stream.name);
    const paymentsBefore = paymentsByGroup(sims);

    // The apps, each its own process, on the proxy and the private Redis.
    const tokenPort = await freePort();
    const appEnv: Record<string, string> = {
      ...secrets,
      NODE_ENV: 'production',
      LOG_LEVEL: env.CHAOS_APP_LOG_LEVEL,
      DATABASE_URL: proxy.url(services.databaseUrl),
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: redis.url,
      MLC_REDIS_PREFIX: redisPrefix,
      MLC_ALLOW_INSECURE_UPSTREAMS: '1',
      TOKEN_SERVICE_PORT: String(tokenPort),
      TOKEN_SERVICE_URL: `http://127.0.0.1:${tokenPort}`,
      OPS_PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '5000',
      // Recovery of what a Redis restart loses, at chaos speed: schedulers, and records whose job is gone.
      SCHEDULE_RECONCILE_SECONDS: '5',
      SWEEP_INTERVAL_SECONDS: '5',
      STALE_RECORD_MINUTES: '1',
      // Hundreds of restarts: compiled (type-stripped) modules cached on disk make each a fraction
      // as costly in CPU, so the kills measure recovery, not how long Node takes to compile.
      NODE_COMPILE_CACHE: join(options.repoRoot, '.chaos', 'compile-cache'),
    };
    const supervisor = new AppSupervisor({
      repoRoot: options.repoRoot,
      logDir: options.logDir,
      envOf: () => appEnv,
      killEveryMs: profile.killEveryMs,
      random: mulberry32(profile.seed),
      log,
    });
    closers.push(() => supervisor.closeAll(10_000));
    await supervisor.startAll();
    log(`apps: ${chaosApps.join(', ')} started (logs in ${options.logDir})`);

    const producer = createRedis(redis.url, 'client', 'mlc-chaos');
    producer.on('error', () => undefined);
    closers.push(async () => producer.disconnect());
    const polls = openQueue(pollQueue, { connection: producer, prefix: redisPrefix });
    const recordQueues = [mapQueue, oracleWriteQueue, procurifyWriteQueue].map((contract) =>
      openQueue(contract, { connection: producer, prefix: redisPrefix }),
    );
    // Redis is restarted under them: its connection errors are expected, not worth a stack trace.
    for (const queue of [polls, ...recordQueues]) queue.on('error', () => undefined);
    closers.push(() => Promise.all([polls, ...recordQueues].map((queue) => queue.close())));
    const syncNow = async () =>
      enqueuePollRun(polls, { connectionId, streams, runId: `chaos${Date.now().toString(36)}` });

    // Chaos.
    const chaosStartedAt = Date.now();
    const since = (at: number) => Date.now() - at;
    await syncNow();
    supervisor.startChaos();
    let tokenExpiries = 0;
    const tokenTimer = setInterval(() => {
      sims.procurify.core.tokens.expireAll();
      sims.oracle.core.tokens.expireAll();
      tokenExpiries += 1;
    }, profile.tokenExpiryEveryMs);
    closers.push(async () => clearInterval(tokenTimer));
    const payer = new Payer({ prisma, sims, connectionId });

    const result: ChaosResult = {
      profile,
      startedAt: new Date(startedAt).toISOString(),
      chaosMs: 0,
      finalDrainMs: 0,
      totalMs: 0,
      finishedUnderChaos: false,
      apps: supervisor.stats,
      tokenExpiries: 0,
      redis: {
        restartedAtMs: undefined,
        recordsInFlight: 0,
        jobsLost: undefined,
        schedulersBackAfterMs: undefined,
      },
      postgres: {
        restartedAtMs: undefined,
        how: env.CHAOS_POSTGRES_RESTART_COMMAND
          ? `real restart: ${env.CHAOS_POSTGRES_RESTART_COMMAND}`
          : `proxy: every app connection cut, new ones refused for ${profile.postgresDownMs / 1000} s, the database's backends terminated`,
        connectionsCut: 0,
        backendsTerminated: 0,
      },
      faults: { procurify: {}, oracle: {} },
      payments: { full: 0, partial: 0, none: 0 },
      ledger: {},
      events: {},
      problems: [],
    };

    const restartRedis = async (state: PipelineState) => {
      result.redis.restartedAtMs = since(chaosStartedAt);
      result.redis.recordsInFlight = state.inFlight;
      result.redis.jobsLost = state.queued;
      log(
        `▸ restarting Redis (${redis.url}): ${state.inFlight} records in flight, ${state.queued ?? '?'} record jobs queued — all of it is lost`,
      );
      await redis.restart(profile.redisDownMs);
      const backAt = Date.now();
      await persist(async () => {
        if ((await polls.getJobSchedulers(0, -1)).length === 0) throw new Error('no schedulers yet');
      });
      result.redis.schedulersBackAfterMs = since(backAt);
      log(
        `  Redis is back (empty); the poller re-created its job schedulers ${result.redis.schedulersBackAfterMs} ms later`,
      );
    };
    const restartPostgres = async () => {
      result.postgres.restartedAtMs = since(chaosStartedAt);
      if (env.CHAOS_POSTGRES_RESTART_COMMAND) {
        log(`▸ restarting PostgreSQL: ${env.CHAOS_POSTGRES_RESTART_COMMAND}`);
        await promisify(exec)(env.CHAOS_POSTGRES_RESTART_COMMAND);
        log('  PostgreSQL restarted');
        return;
      }
      log(
        `▸ restarting PostgreSQL for the apps: cutting ${proxy.open} connections, refusing new ones for ${profile.postgresDownMs / 1000} s`,
      );
      const outage = proxy.outage(profile.postgresDownMs);
      result.postgres.backendsTerminated = await terminateBackends(
        services.databaseUrl,
        services.databaseName,
      );
      result.postgres.connectionsCut = await outage;
      log(
        `  PostgreSQL accepts connections again (${result.postgres.backendsTerminated} backends had been terminated)`,
      );
    };

    let last = '';
    let lastLogAt = 0;
    let chaosEvent: Promise<void> | undefined;
    const deadline = chaosStartedAt + profile.maxChaosMs;
    const isDone = (state: PipelineState) =>
      state.inFlight === 0 &&
      state.outbox === 0 &&
      state.queued === 0 &&
      count(state, 'purchase_order') === profile.purchaseOrders &&
      count(state, 'bill') === profile.bills &&
      payer.invoices.size === count(state, 'bill', 'synced') &&
      [...payer.invoices.values()].every((entry) => entry.plan === 'none' || entry.checkId !== undefined) &&
      count(state, 'invoice_payment') >=
        [...payer.invoices.values()].filter((entry) => entry.plan !== 'none').length;

    for (;;) {
      const state = await readPipelineState(prisma, connectionId, recordQueues).catch(() => undefined);
      if (state) {
        await payer.payNewInvoices().catch((error: unknown) => log(`  (payer: ${(error as Error).message})`));
        const synced = count(state, 'purchase_order', 'synced') + count(state, 'bill', 'synced');
        const share = synced / Math.max(1, expectSynced);
        // Mid-run, with work queued in Redis to lose (or, failing that, a bit later anyway).
        const busy = state.inFlight + (state.queued ?? 0) >= Math.min(50, expectSynced / 10);
        if (
          !chaosEvent &&
          result.redis.restartedAtMs === undefined &&
          share >= profile.redisRestartAt &&
          (busy || share >= profile.redisRestartAt + 0.2)
        )
          chaosEvent = restartRedis(state).finally(() => (chaosEvent = undefined));
        if (
          !chaosEvent &&
          result.redis.restartedAtMs !== undefined &&
          result.postgres.restartedAtMs === undefined &&
          share >= profile.postgresRestartAt &&
          since(chaosStartedAt) - result.redis.restartedAtMs > 20_000
        )
          chaosEvent = restartPostgres().finally(() => (chaosEvent = undefined));
        const line = describeState(state, ['purchase_order', 'bill', 'invoice_payment']);
        if (line !== last || since(lastLogAt) > 30_000) {
          log(
            `${Math.round(since(chaosStartedAt) / 1000)}s  ${line}  | outbox ${state.outbox}, queued ${state.queued ?? '?'}, kills ${supervisor.totalKills()}, paid ${payer.invoices.size}`,
          );
          last = line;
          lastLogAt = Date.now();
        }
        if (
          !chaosEvent &&
          result.redis.restartedAtMs !== undefined &&
          result.postgres.restartedAtMs !== undefined &&
          isDone(state)
        ) {
          result.finishedUnderChaos = true;
          break;
        }
      }
      if (Date.now() > deadline) {
        log(`chaos stopped after ${profile.maxChaosMs / 60_000} min without the pipeline finishing`);
        break;
      }
      await delay(2_000);
    }
    await chaosEvent;
    result.chaosMs = since(chaosStartedAt);
    log(`▸ chaos over after ${Math.round(result.chaosMs / 1000)} s; stopping the kills, one last sync now`);
    await supervisor.stopChaos();
    clearInterval(tokenTimer);

    // The end state: one more "sync now" with everything up, drained.
    const drainStartedAt = Date.now();
    const pollIds = await persist(syncNow);
    for (;;) {
      const states = await persist(() =>
        Promise.all(pollIds.map(async (id) => (await polls.getJob(id))?.getState())),
      );
      const state = await persist(() => readPipelineState(prisma, connectionId, recordQueues));
      await persist(() => payer.payNewInvoices());
      if (states.every((s) => s === 'completed' || s === 'failed') && isDone(state)) break;
      if (since(drainStartedAt) > profile.finalDrainMs) {
        log(`the pipeline did not drain within ${profile.finalDrainMs / 60_000} min after chaos stopped`);
        break;
      }
      await delay(1_000);
    }
    result.finalDrainMs = since(drainStartedAt);
    result.totalMs = since(startedAt);
    result.tokenExpiries = tokenExpiries;

    result.faults = {
      procurify: { ...sims.procurify.core.faults.injected },
      oracle: { ...sims.oracle.core.faults.injected },
    };
    result.payments = payer.byPlan();
    result.ledger = await ledgerStates(prisma, connectionId);
    const events = await prisma.ledgerEvent.groupBy({
      by: ['action', 'outcome'],
      where: { record: { connectionId } },
      _count: true,
    });
    result.events = Object.fromEntries(
      events
        .toSorted((a, b) => b._count - a._count)
        .map((group) => [`${group.action} (${group.outcome})`, group._count]),
    );
    result.problems = await verifyChaosRun({
      prisma,
      sims,
      connectionId,
      paid: payer.invoices,
      paymentsBefore,
    });
    if (!result.finishedUnderChaos)
      result.problems.unshift('the pipeline did not finish while chaos was on (see the time limit)');
    return result;
  } finally {
    await cleanup();
  }
}

/** pg_terminate_backend for every backend of the run's database but this one's: a restart's other half. */
async function terminateBackends(databaseUrl: string, databaseName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const result = await admin.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
       WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [databaseName],
    );
    return result.rows.filter((row) => row.terminated).length;
  } finally {
    await admin.end();
  }
}
