import { z } from 'zod';
import { defineQueue, type QueueContract } from './contract.ts';
import { buildJobId, shortHash } from './job-id.ts';

/**
 * The five queues of design.md §2. Job data carries ids only — never payloads, tokens or secrets
 * (BullMQ stores job data in clear text); the ledger row holds the record itself.
 */

const connectionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);
const ledgerEntity = z.enum([
  'purchase_order',
  'requisition',
  'bill',
  'invoice_payment',
  'procurify_payment',
  'vendor',
  'supplier',
  'gl_account',
  'cost_center',
  'business_unit',
]);
export type LedgerEntityName = z.infer<typeof ledgerEntity>;

const keepCompleted = { age: 24 * 3600, count: 10_000 };
const keepFailed = { age: 14 * 24 * 3600 };

export const pollQueue = defineQueue({
  name: 'poll',
  jobs: {
    'poll-stream': z.object({
      connectionId,
      stream: z.string().min(1),
      trigger: z.enum(['schedule', 'manual', 'recovery']),
      /** Groups the polls of one "sync now", so `mlc sync --wait` can follow them. */
      runId: z.string().optional(),
    }),
  },
  defaultJobOptions: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
    removeOnComplete: { age: 3600, count: 1_000 },
    removeOnFail: keepFailed,
  },
  lockDurationMs: 30_000,
});

const recordJob = z.object({
  connectionId,
  ledgerId: z.uuid(),
  entity: ledgerEntity,
  sourceId: z.string().min(1),
  contentHash: z.string().min(8),
});
export type RecordJobData = z.infer<typeof recordJob>;

/** Master data synced between the systems (suppliers, vendors, GL accounts, cost centers, BUs). */
export const masterDataEntities: ReadonlySet<LedgerEntityName> = new Set([
  'supplier',
  'vendor',
  'gl_account',
  'cost_center',
  'business_unit',
]);

/**
 * Master-data records yield to documents in the map and write queues: BullMQ runs jobs without a
 * priority before prioritized ones, so a first sync creating hundreds of vendors never holds up a
 * purchase order or an invoice.
 */
export const masterDataPriority = 10;
const recordPriority = (data: unknown): number | undefined =>
  masterDataEntities.has((data as { entity?: LedgerEntityName }).entity as LedgerEntityName)
    ? masterDataPriority
    : undefined;

const writeJobOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  removeOnComplete: keepCompleted,
  removeOnFail: keepFailed,
} as const;

export const mapQueue = defineQueue({
  name: 'map',
  jobs: { 'map-record': recordJob },
  defaultJobOptions: { ...writeJobOptions, attempts: 5 },
  lockDurationMs: 30_000,
  priorityOf: recordPriority,
});

export const oracleWriteQueue = defineQueue({
  name: 'oracle-write',
  jobs: { 'write-record': recordJob },
  defaultJobOptions: writeJobOptions,
  lockDurationMs: 30_000,
  priorityOf: recordPriority,
});

export const procurifyWriteQueue = defineQueue({
  name: 'procurify-write',
  jobs: { 'write-record': recordJob },
  defaultJobOptions: writeJobOptions,
  lockDurationMs: 30_000,
  priorityOf: recordPriority,
});

export const tokenRefreshQueue = defineQueue({
  name: 'token-refresh',
  jobs: {
    'refresh-token': z.object({ connectionId, system: z.enum(['procurify', 'oracle']) }),
  },
  defaultJobOptions: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 10_000, jitter: 0.5 },
    removeOnComplete: { age: 3600, count: 1_000 },
    removeOnFail: keepFailed,
  },
  lockDurationMs: 60_000,
});

export const queueContracts = {
  poll: pollQueue,
  map: mapQueue,
  'oracle-write': oracleWriteQueue,
  'procurify-write': procurifyWriteQueue,
  'token-refresh': tokenRefreshQueue,
} as const satisfies Record<string, QueueContract>;

interface RecordKey {
  connectionId: string;
  entity: string;
  sourceId: string;
  contentHash: string;
  /** The ledger row's replay counter: a replay must not collide with the failed job's id. */
  replays?: number;
}

function recordJobId(kind: string, key: RecordKey): string {
  const parts: (string | number)[] = [key.connectionId, key.entity, key.sourceId, shortHash(key.contentHash)];
  if (key.replays) parts.push(`r${key.replays}`);
  return buildJobId(kind, ...parts);
}

/** Job ids: the same record version always gets the same id, so a re-poll enqueues nothing new. */
export const jobIds = {
  map: (key: RecordKey) => recordJobId('map', key),
  oracleWrite: (key: RecordKey) => recordJobId('ow', key),
  procurifyWrite: (key: RecordKey) => recordJobId('pw', key),
  pollNow: (key: { connectionId: string; stream: string; runId: string }) =>
    buildJobId('poll', key.connectionId, key.stream, key.runId),
  pollSchedulerId: (key: { connectionId: string; stream: string }) =>
    buildJobId('sched', key.connectionId, key.stream),
  tokenRefresh: (key: { connectionId: string; system: string; expiresAtMs: number }) =>
    buildJobId('tr', key.connectionId, key.system, key.expiresAtMs),
};
