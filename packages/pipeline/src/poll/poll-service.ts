import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  activeStreams,
  raiseConnectionIssue,
  resolveConnectionIssue,
  type ConnectionStore,
} from '@mlc/connections';
import type { Prisma, PrismaClient } from '@mlc/db';
import { summarizeError } from '@mlc/errors';
import type { Ledger, MasterData } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { connectionClients, type TokenServiceClient } from '@mlc/token-client';
import { MasterSync } from '../master/master-sync.ts';
import { streams, type StreamResult } from './streams/index.ts';

export interface PollDeps {
  prisma: PrismaClient;
  redis: Redis;
  prefix: string;
  connections: ConnectionStore;
  ledger: Ledger;
  masterData: MasterData;
  tokens: TokenServiceClient;
  logger: Logger;
  detailConcurrency: number;
  /**
   * Lifetime of a stream's poll lock (default 30 s), renewed every third of it while the poll
   * runs: a long poll keeps its lock, a crashed poller's lock lapses within this time.
   */
  lockTtlMs?: number;
}

export type PollOutcome = { kind: 'done'; result: StreamResult } | { kind: 'skipped'; reason: string };

const releaseLock =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
const renewLock =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

/**
 * One poll of one stream: read what changed since the cursor, record it in the ledger (which
 * enqueues map jobs through the outbox), and only then move the cursor. One poll per connection
 * and stream at a time; a paused connection is not polled.
 */
export async function pollStream(
  deps: PollDeps,
  job: { connectionId: string; stream: string },
): Promise<PollOutcome> {
  const { connectionId } = job;
  const stream = streams.get(job.stream);
  if (!stream) return { kind: 'skipped', reason: `unknown stream ${job.stream}` };
  const settings = await deps.connections.settings(connectionId);
  const logger = deps.logger.child({ connectionId, stream: stream.name });
  const cursorKey = { connectionId_stream: { connectionId, stream: stream.name } };
  const saveCursor = (data: Omit<Prisma.PollCursorUncheckedCreateInput, 'connectionId' | 'stream'>) =>
    deps.prisma.pollCursor.upsert({
      where: cursorKey,
      create: { connectionId, stream: stream.name, ...data },
      update: data,
    });

  if (settings.status !== 'active') {
    await saveCursor({ lastRunAt: new Date(), lastResult: `skipped: connection ${settings.status}` });
    return { kind: 'skipped', reason: `connection is ${settings.status}` };
  }
  if (!activeStreams(settings).some((definition) => definition.name === stream.name)) {
    return { kind: 'skipped', reason: `stream ${stream.name} is not active for this connection` };
  }

  if (stream.cadence === 'transactional') {
    // The first time, read the master data the mapper matches against before any document.
    // (Master-data sync streams are not among them: documents never wait for those.)
    const masters = activeStreams(settings).filter(
      (definition) => definition.cadence === 'master' && definition.beforeDocuments !== false,
    );
    const done = await deps.prisma.pollCursor.findMany({
      where: {
        connectionId,
        stream: { in: masters.map((master) => master.name) },
        lastSuccessAt: { not: null },
      },
      select: { stream: true },
    });
    for (const master of masters) {
      if (!done.some((cursor) => cursor.stream === master.name))
        await pollStream(deps, { connectionId, stream: master.name });
    }
  }

  const lockKey = `${deps.prefix}:locks:poll:${connectionId}:${stream.name}`;
  const lockValue = randomBytes(12).toString('hex');
  // A fixed 15-minute lock left a SIGKILLed poller's streams unpolled for 15 minutes (found by
  // the chaos run, packages/chaos): the lock is short and renewed while this poll is alive.
  const lockTtlMs = deps.lockTtlMs ?? 30_000;
  const acquired = await deps.redis.set(lockKey, lockValue, 'PX', lockTtlMs, 'NX');
  if (acquired !== 'OK') return { kind: 'skipped', reason: 'another poll of this stream is running' };
  const renewal = setInterval(() => {
    void deps.redis.eval(renewLock, 1, lockKey, lockValue, lockTtlMs).catch(() => undefined);
  }, lockTtlMs / 3);
  try {
    const cursor = await deps.prisma.pollCursor.findUnique({ where: cursorKey });
    const startedAt = new Date();
    try {
      const result = await stream.run({
        settings,
        clients: connectionClients(settings, deps.tokens, logger),
        ledger: deps.ledger,
        masterData: deps.masterData,
        masterSync: new MasterSync(deps.prisma, deps.ledger, logger),
        watermark: cursor?.watermark ?? undefined,
        state: cursor?.state ?? undefined,
        startedAt,
        detailConcurrency: deps.detailConcurrency,
        logger,
      });
      await saveCursor({
        watermark: result.watermark,
        lastRunAt: startedAt,
        lastSuccessAt: new Date(),
        lastResult: 'ok',
        lastError: null,
        lastCount: result.read,
        ...(result.state === undefined ? {} : { state: result.state as Prisma.InputJsonValue }),
      });
      await resolveConnectionIssue(deps.prisma, {
        connectionId,
        kind: 'upstream_unavailable',
        system: stream.system,
      });
      logger.info(
        { read: result.read, ...result.recorded, durationMs: Date.now() - startedAt.getTime() },
        'stream polled',
      );
      return { kind: 'done', result };
    } catch (error) {
      const summary = summarizeError(error);
      await saveCursor({
        lastRunAt: startedAt,
        lastResult: 'error',
        lastError: `${summary.code}: ${summary.message}`,
      });
      if (summary.errorClass === 'transient' || summary.errorClass === 'rate_limited') {
        await raiseConnectionIssue(deps.prisma, {
          connectionId,
          kind: 'upstream_unavailable',
          system: stream.system,
          message: `Polling ${stream.name} failed: ${summary.message}`,
        });
      }
      throw error;
    }
  } finally {
    clearInterval(renewal);
    await deps.redis.eval(releaseLock, 1, lockKey, lockValue).catch(() => undefined);
  }
}
