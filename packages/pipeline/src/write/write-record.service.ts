import type { ConnectionSettings, ConnectionStore } from '@mlc/connections';
import type { Prisma, PrismaClient } from '@mlc/db';
import { RateLimitedError, summarizeError, SyncError, UncertainError } from '@mlc/errors';
import type { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { describeChanges, type PayloadChange } from '@mlc/mapping';
import type { RecordJobData } from '@mlc/queues';
import { entityTargets, systemLabel, type TargetSystem } from '../entities.ts';
import type { TargetWriters } from './target-writer.ts';

export interface WriteDeps<Client> {
  /** The system this writer app writes to (names it in ledger messages). */
  system: TargetSystem;
  ledger: Ledger;
  prisma: PrismaClient;
  connections: ConnectionStore;
  clientFor: (settings: ConnectionSettings) => Client;
  writers: TargetWriters<Client>;
  logger: Logger;
}

/** What the job should do after the service returns normally. */
export type WriteResult = { kind: 'done'; message: string } | { kind: 'paused'; reason: string };

const writableStates = ['mapped', 'writing', 'uncertain'] as const;

/**
 * Writes one mapped record to its target system, idempotently: ledger intent → (after any earlier
 * attempt) a look-up by natural key → the entity's writer (create, submit, update…) → target ids
 * recorded. An uncertain outcome is resolved by the look-up on the next attempt, never by a blind
 * retry. Shared by oracle-writer and procurify-writer; the writers only talk to the upstream.
 */
export async function writeRecord<Client>(
  deps: WriteDeps<Client>,
  job: RecordJobData,
  attempt: { isLast: boolean },
): Promise<WriteResult> {
  const record = await deps.ledger.get(job.ledgerId);
  if (!record) return { kind: 'done', message: 'record no longer exists' };
  if (record.contentHash !== job.contentHash) {
    await deps.ledger.note(record.id, {
      action: 'write.superseded',
      outcome: 'skipped',
      message: 'a newer version replaced this one',
    });
    return { kind: 'done', message: 'superseded' };
  }
  if (record.status === 'synced' && record.syncedHash === record.contentHash)
    return { kind: 'done', message: 'already synced' };
  if (!(writableStates as readonly string[]).includes(record.status))
    return { kind: 'done', message: `nothing to write (${record.status})` };

  const system = systemLabel[deps.system];
  const writer = deps.writers[record.entity];
  if (!writer || entityTargets[record.entity].system !== deps.system) {
    const message = `${record.entity} records are not written to ${system} by this version`;
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      to: 'failed',
      action: 'write.unsupported',
      outcome: 'error',
      message,
      fields: { reason: message, errorClass: 'permanent', errorCode: 'UNSUPPORTED_ENTITY' },
    });
    return { kind: 'done', message };
  }

  const settings = await deps.connections.settings(record.connectionId);
  if (settings.status !== 'active')
    return { kind: 'paused', reason: `connection ${settings.id} is ${settings.status}` };
  const client = deps.clientFor(settings);
  const logger = deps.logger.child({
    connectionId: record.connectionId,
    ledgerId: record.id,
    entity: record.entity,
  });

  if (
    record.targetId &&
    record.syncedHash &&
    record.syncedHash !== record.contentHash &&
    !entityTargets[record.entity].updatable
  ) {
    // Written before, then changed at the source: never a second document. Show what differs.
    const written = record.targetNumber ?? record.targetId;
    const changes = (record.details as { changes?: PayloadChange[] } | null)?.changes ?? [];
    const difference = changes.length > 0 ? ` Changed: ${describeChanges(changes)}.` : '';
    const message =
      record.entity === 'purchase_order'
        ? `changed in Procurify after Oracle PO ${written} was created; apply the change in Oracle with a change order.${difference}`
        : record.entity === 'requisition'
          ? `changed in Procurify after Oracle PO ${written} was created from the approved requisition; apply the change in Oracle with a change order.${difference}`
          : record.entity === 'bill'
            ? `changed in Procurify after Oracle invoice ${written} was created; not sent again.${difference}`
            : `changed at the source after it was written to ${system} as ${written}; not written again.${difference}`;
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      to: 'synced',
      action: 'write.changed_after_sync',
      outcome: 'info',
      message,
      fields: {
        reason: message,
        details: { ...(record.details as object | null), attention: 'changed_after_sync' },
      },
    });
    return { kind: 'done', message: 'changed after sync: flagged' };
  }

  const mayExist = record.lastAttemptAt !== null || record.targetId !== null;
  const intent = await deps.ledger.transition(record.id, {
    expectHash: record.contentHash,
    expectStatus: writableStates,
    to: 'writing',
    action: 'write.intent',
    outcome: 'ok',
    message: mayExist
      ? `writing to ${system} (an earlier attempt may have written it: looking it up first)`
      : `writing to ${system}`,
    fields: { incrementAttempts: true, lastAttemptAt: new Date() },
  });
  if (!intent) return { kind: 'done', message: 'another process is writing this record' };

  try {
    const context = { client, settings, record: intent, ledger: deps.ledger, prisma: deps.prisma, logger };
    const target = (mayExist ? await writer.lookUp(context) : undefined) ?? (await writer.write(context));
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      to: 'synced',
      action: `write.${target.via}`,
      outcome: 'ok',
      message:
        target.message ??
        (target.via === 'created'
          ? `created in ${system} as ${target.targetNumber ?? target.targetId}`
          : target.via === 'updated'
            ? `updated in ${system} (${target.targetNumber ?? target.targetId})`
            : `found in ${system} as ${target.targetNumber ?? target.targetId} (written by an earlier attempt); adopted, not written again`),
      fields: {
        targetId: target.targetId,
        targetNumber: target.targetNumber,
        syncedHash: record.contentHash,
        syncedAt: new Date(),
        reason: target.reason ?? null,
        errorClass: null,
        errorCode: null,
        details: {
          ...(record.details as object | null),
          ...target.details,
        } as Prisma.InputJsonValue,
      },
      // Records waiting for this one (a Procurify payment waits for its bill's invoice) go on.
      unblock: {
        keys: [`${record.entity}:${record.sourceId}`],
        reason: `${record.entity} ${record.sourceNumber ?? record.sourceId} reached ${system}`,
      },
    });
    logger.info(
      { targetId: target.targetId, targetNumber: target.targetNumber, via: target.via },
      `record synced to ${system}`,
    );
    return { kind: 'done', message: `synced as ${target.targetNumber ?? target.targetId}` };
  } catch (error) {
    const summary = summarizeError(error);
    const httpStatus = error instanceof SyncError ? (error.httpStatus ?? null) : null;
    if (error instanceof RateLimitedError || summary.errorClass === 'auth') {
      // A 429 or a refused token means the upstream did not process the request: back to mapped.
      await deps.ledger.transition(record.id, {
        expectHash: record.contentHash,
        to: 'mapped',
        action: summary.errorClass === 'auth' ? 'write.paused' : 'write.rate_limited',
        outcome: 'error',
        httpStatus,
        message: summary.message,
        fields: {
          lastAttemptAt: mayExist ? new Date() : null,
          errorClass: summary.errorClass,
          errorCode: summary.code,
          reason:
            summary.errorClass === 'auth' ? `Paused: ${summary.message}` : `Waiting: ${summary.message}`,
        },
      });
      throw error;
    }
    const permanent = summary.errorClass === 'permanent' || summary.errorClass === 'mapping';
    const exhausted =
      attempt.isLast && (summary.errorClass === 'transient' || summary.errorClass === 'uncertain');
    const to = permanent
      ? 'failed'
      : exhausted
        ? summary.errorClass === 'uncertain'
          ? 'uncertain'
          : 'failed'
        : error instanceof UncertainError
          ? 'uncertain'
          : 'writing';
    // An error raised by the writer itself (no upstream status) is not the upstream's rejection.
    const fromUpstream =
      error instanceof SyncError && (error.httpStatus !== undefined || error.system !== undefined);
    const reason = permanent
      ? fromUpstream
        ? `${system} rejected it: ${summary.message}`
        : summary.message
      : exhausted
        ? `Gave up after ${record.attempts + 1} attempts: ${summary.message}${to === 'uncertain' ? ' (outcome unknown: a replay looks it up first)' : ''}`
        : `Retrying: ${summary.message}`;
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      to,
      action: permanent ? 'write.failed' : 'write.attempt_failed',
      outcome: 'error',
      httpStatus,
      message: summary.message,
      fields: { reason, errorClass: summary.errorClass, errorCode: summary.code },
    });
    logger.warn({ errorClass: summary.errorClass, code: summary.code, to }, 'write attempt failed');
    throw error;
  }
}
