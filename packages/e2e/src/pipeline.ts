import { ConnectionStore } from '@mlc/connections';
import type { Database, LedgerStatus } from '@mlc/db';
import { Ledger, Mappings } from '@mlc/ledger';
import { createLogger, type Logger } from '@mlc/logger';
import { startMapper } from '@mlc/mapper/app';
import { startOracleWriter } from '@mlc/oracle-writer/app';
import { startPoller } from '@mlc/poller/app';
import { startProcurifyWriter } from '@mlc/procurify-writer/app';
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
  type RunningSimulators,
  type StartSimulatorsOptions,
} from '@mlc/simulators';
import { startTokenService } from '@mlc/token-service/app';
import { testSecrets, until } from '@mlc/testing';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { activeStreams } from '@mlc/connections';

export interface PipelineOptions {
  database: Database & { url: string };
  redis: { url: string; prefix: string };
  simulators?: StartSimulatorsOptions;
  connection?: { id?: string; options?: Record<string, unknown>; schedule?: Record<string, unknown> };
  /** Set the scenario's location and category mappings, as a finance team would before going live. */
  withMappings?: boolean;
  logLevel?: string;
  /** Every app's log lines go here (a capturing logger, say); `logLevel` is then ignored. */
  logger?: Logger;
  /** MLC_MASTER_KEY and INTERNAL_TOKEN (default: the `testSecrets` values); a test plants its own to search for them. */
  secrets?: { masterKey: string; internalToken: string };
}

export interface Pipeline {
  sims: RunningSimulators;
  connectionId: string;
  ledger: Ledger;
  mappings: Mappings;
  logger: Logger;
  /** Where the in-process token-service listens (for an admin or CLI started beside the pipeline). */
  tokenServiceUrl: string;
  /** "Sync now": poll every stream (or only `streams`); resolves when the pipeline has drained. */
  syncAndDrain(timeoutMs?: number, streams?: readonly string[]): Promise<void>;
  drain(timeoutMs?: number): Promise<void>;
  statusCounts(entity?: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}

const working: LedgerStatus[] = ['pending', 'mapped', 'writing'];

/**
 * Every pipeline app in this process (token-service, poller, mapper, oracle-writer,
 * procurify-writer) against in-process simulators, the test file's own Postgres database and Redis prefix.
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const logger = options.logger ?? createLogger({ name: 'e2e', level: options.logLevel ?? 'silent' });
  const masterKey = options.secrets?.masterKey ?? testSecrets.MLC_MASTER_KEY;
  const internalToken = options.secrets?.internalToken ?? testSecrets.INTERNAL_TOKEN;
  const { database, redis } = options;
  const sims = await startSimulators({ seed: 7, purchaseOrders: 40, bills: 40, ...options.simulators });
  const closers: (() => Promise<unknown>)[] = [() => sims.close()];
  const base = {
    databaseUrl: database.url,
    databasePoolSize: 3, // five apps per test file: see vitest.config.ts
    databaseConnectTimeoutMs: 5_000,
    databaseStatementTimeoutMs: 30_000,
    redisUrl: redis.url,
    redisPrefix: redis.prefix,
    allowInsecureUpstreams: true,
  };
  const tokenService = await startTokenService(
    {
      ...base,
      host: '127.0.0.1',
      port: 0,
      masterKey,
      previousMasterKeys: undefined,
      internalToken,
      refreshAheadSeconds: 3600,
      expiryMarginSeconds: 5,
      authFailureThreshold: 2,
      lockTtlMs: 10_000,
      tokenRequestTimeoutMs: 10_000,
    },
    logger.child({ app: 'token-service' }),
  );
  closers.push(() => tokenService.close(2_000));
  const pipelineBase = {
    ...base,
    tokenServiceUrl: tokenService.url,
    internalToken,
  };
  const poller = await startPoller(
    {
      ...pipelineBase,
      pollConcurrency: 4,
      detailConcurrency: 8,
      scheduleReconcileMs: 3_600_000,
      sweepIntervalMs: 3_600_000,
      staleRecordMs: 3_600_000,
    },
    logger.child({ app: 'poller' }),
  );
  closers.push(() => poller.close(2_000));
  const mapper = await startMapper(
    { ...base, concurrency: 8, settingsCacheMs: 100 },
    logger.child({ app: 'mapper' }),
  );
  closers.push(() => mapper.close(2_000));
  const writer = await startOracleWriter(
    { ...pipelineBase, concurrency: 8, writeSlotRetryMs: 50, pausedConnectionDelayMs: 1_000 },
    logger.child({ app: 'oracle-writer' }),
  );
  closers.push(() => writer.close(2_000));
  const procurifyWriter = await startProcurifyWriter(
    { ...pipelineBase, concurrency: 8, pausedConnectionDelayMs: 1_000 },
    logger.child({ app: 'procurify-writer' }),
  );
  closers.push(() => procurifyWriter.close(2_000));

  const vault = new CredentialVault(database.prisma, new KeyRing(masterKey));
  const store = new ConnectionStore(database.prisma, { allowInsecureUpstreams: true });
  const file = simulatorConnectionFile(sims, {
    ...(options.connection?.id ? { id: options.connection.id } : {}),
    // The simulators are local: no need for the gentle defaults a real pod gets.
    options: { oracleRequestsPerSecond: 500, maxInFlightWrites: 16, ...options.connection?.options },
    ...(options.connection?.schedule ? { schedule: options.connection.schedule } : {}),
  });
  await store.save(file, vault);
  const ledger = new Ledger(database.prisma);
  const mappings = new Mappings(database.prisma, ledger);
  if (options.withMappings ?? true) {
    for (const mapping of [
      ...simulatorLocationMappings(sims.scenario),
      ...simulatorCategoryMappings(sims.scenario),
    ]) {
      await mappings.setDimension(file.id, mapping);
    }
  }

  const producer = createRedis(redis.url, 'client', 'e2e');
  closers.push(async () => producer.disconnect());
  const pollJobs = openQueue(pollQueue, { connection: producer, prefix: redis.prefix });
  closers.push(() => pollJobs.close());
  // A record can rest in a non-working state (uncertain) while its retry waits, delayed, in a
  // queue: drained also means no record job is waiting anywhere.
  const recordJobs = [mapQueue, oracleWriteQueue, procurifyWriteQueue].map((contract) =>
    openQueue(contract, { connection: producer, prefix: redis.prefix }),
  );
  closers.push(() => Promise.all(recordJobs.map((queue) => queue.close())));

  const statusCounts = async (entity?: string) => {
    const groups = await database.prisma.ledgerRecord.groupBy({
      by: ['status'],
      where: { connectionId: file.id, ...(entity ? { entity: entity as 'bill' } : {}) },
      _count: true,
    });
    return Object.fromEntries(groups.map((group) => [group.status, group._count]));
  };
  const drain = async (timeoutMs = 60_000) => {
    await until(
      'the pipeline has drained',
      async () => {
        const [inFlight, outbox] = await Promise.all([
          database.prisma.ledgerRecord.count({ where: { connectionId: file.id, status: { in: working } } }),
          database.prisma.outboxMessage.count(),
        ]);
        const counts = await Promise.all(
          [pollJobs, ...recordJobs].map((queue) =>
            queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
          ),
        );
        return (
          inFlight === 0 &&
          outbox === 0 &&
          counts.every((byState) => Object.values(byState).every((count) => count === 0))
        );
      },
      { timeoutMs, intervalMs: 100 },
    );
  };

  return {
    sims,
    connectionId: file.id,
    ledger,
    mappings,
    logger,
    tokenServiceUrl: tokenService.url,
    statusCounts,
    drain,
    async syncAndDrain(timeoutMs = 120_000, only?: readonly string[]) {
      const streams = activeStreams(await store.settings(file.id))
        .map((stream) => stream.name)
        .filter((name) => only === undefined || only.includes(name));
      const runId = `run${Date.now().toString(36)}`;
      const ids = await enqueuePollRun(pollJobs, { connectionId: file.id, streams, runId });
      await until(
        'every poll of the run finished',
        async () => {
          const states = await Promise.all(ids.map(async (id) => (await pollJobs.getJob(id))?.getState()));
          return states.every((state) => state === 'completed' || state === 'failed');
        },
        { timeoutMs, intervalMs: 100 },
      );
      await drain(timeoutMs);
    },
    async close() {
      for (const close of closers.toReversed()) await close().catch(() => undefined);
    },
  };
}
