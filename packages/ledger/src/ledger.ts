import { Prisma, type LedgerEntity, type LedgerRecord, type LedgerStatus, type PrismaClient } from '@mlc/db';
import { jobIds, mapQueue, outboxEntry, writeOutbox, type OutboxEntry } from '@mlc/queues';
import { storableDate, storableJson, storableText, storableTextOrNull } from './storable.ts';

/** One version of a source record, as a poller read it. */
export interface SourceVersion {
  sourceId: string;
  sourceNumber?: string | null;
  /** The source's own version marker (last-modified stamp, version number). */
  sourceVersion?: string | null;
  sourceUpdatedAt?: Date | null;
  contentHash: string;
  /** The source document as read (stored as JSON). */
  snapshot: unknown;
}

export interface RecordResult {
  inserted: number;
  changed: number;
  unchanged: number;
}

export interface KnownVersion {
  id: string;
  sourceVersion: string | null;
  contentHash: string;
  status: LedgerStatus;
}

/** What a transition changes besides the status. `undefined` leaves a field as it is. */
export interface TransitionFields {
  reason?: string | null;
  errorClass?: string | null;
  errorCode?: string | null;
  blockedOn?: string[];
  targetId?: string | null;
  targetNumber?: string | null;
  syncedHash?: string | null;
  mappedPayload?: Prisma.InputJsonValue | null;
  details?: Prisma.InputJsonValue | null;
  syncedAt?: Date | null;
  lastAttemptAt?: Date | null;
  incrementAttempts?: boolean;
  incrementReplays?: boolean;
  resetAttempts?: boolean;
}

export interface Transition {
  /** Only if the record still holds this content hash (a newer version wins). */
  expectHash?: string;
  /** Only from one of these states. */
  expectStatus?: readonly LedgerStatus[];
  to?: LedgerStatus;
  /** The event appended: what happened (e.g. "write.created") and how it ended. */
  action: string;
  outcome: 'ok' | 'error' | 'skipped' | 'blocked' | 'info';
  message?: string | null;
  httpStatus?: number | null;
  eventDetails?: Prisma.InputJsonValue;
  fields?: TransitionFields;
  /** Jobs to enqueue in the same transaction, given the updated record. */
  enqueue?: (record: LedgerRecord) => OutboxEntry[];
  /**
   * Blocked records waiting on any of these keys (e.g. "bill:{uuid}" once that bill synced) go
   * back to mapping in the same transaction, so a crash can never leave them waiting forever.
   */
  unblock?: { keys: readonly string[]; reason: string };
}

/** A record that points at a target document (see `Ledger.byTarget`). */
export interface TargetRef {
  id: string;
  sourceId: string;
  sourceNumber: string | null;
  targetId: string;
  targetNumber: string | null;
  status: LedgerStatus;
  /** The source snapshot's own `id` field, when it has one (e.g. a Procurify bill's numeric id). */
  snapshotId: string | null;
}

type Tx = Prisma.TransactionClient;

/**
 * The sync ledger (design.md §2): one row per connection × entity × source id, the authority on
 * whether a record reached the other system. Every change is a transition with an appended
 * event, and the jobs it calls for go into the outbox in the same transaction.
 */
export class Ledger {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  /** Ledger rows already known for these source ids (to skip re-reading unchanged documents). */
  async knownVersions(
    connectionId: string,
    entity: LedgerEntity,
    sourceIds: readonly string[],
  ): Promise<Map<string, KnownVersion>> {
    if (sourceIds.length === 0) return new Map();
    const rows = await this.prisma.ledgerRecord.findMany({
      where: { connectionId, entity, sourceId: { in: [...sourceIds] } },
      select: { id: true, sourceId: true, sourceVersion: true, contentHash: true, status: true },
    });
    return new Map(rows.map((row) => [row.sourceId, row]));
  }

  /**
   * Records what a poll read, in one transaction: new records become `pending`, records whose
   * content hash changed go back to `pending` (keeping their target ids), unchanged ones are left
   * alone. Each new or changed record gets an event and a map job in the outbox.
   */
  async recordSourceVersions(
    connectionId: string,
    entity: LedgerEntity,
    versions: readonly SourceVersion[],
  ): Promise<RecordResult> {
    if (versions.length === 0) return { inserted: 0, changed: 0, unchanged: 0 };
    // Text Postgres can store (no NUL, no unpaired surrogate) and valid dates only: one odd
    // record must not fail the batch it arrived with.
    const unique = [...new Map(versions.map((version) => [version.sourceId, version])).values()].map(
      (version) => ({
        ...version,
        sourceId: storableText(version.sourceId),
        sourceNumber: storableTextOrNull(version.sourceNumber),
        sourceVersion: storableTextOrNull(version.sourceVersion),
        sourceUpdatedAt: storableDate(version.sourceUpdatedAt),
      }),
    );
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<
        {
          id: string;
          source_id: string;
          content_hash: string;
          replays: number;
          inserted: boolean;
          old_status: LedgerStatus | null;
        }[]
      >`
        WITH input AS (
          SELECT * FROM unnest(
            ${unique.map((v) => v.sourceId)}::text[],
            ${unique.map((v) => v.sourceNumber)}::text[],
            ${unique.map((v) => v.sourceVersion)}::text[],
            ${unique.map((v) => v.sourceUpdatedAt)}::timestamptz[],
            ${unique.map((v) => v.contentHash)}::text[],
            ${unique.map((v) => storableJson(v.snapshot))}::jsonb[]
          ) AS t(source_id, source_number, source_version, source_updated_at, content_hash, snapshot)
        ),
        previous AS (
          SELECT l.source_id, l.status FROM sync_ledger l
          WHERE l.connection_id = ${connectionId} AND l.entity = ${entity}::ledger_entity
            AND l.source_id IN (SELECT source_id FROM input)
        ),
        upserted AS (
          INSERT INTO sync_ledger AS l (connection_id, entity, source_id, source_number, source_version,
                                        source_updated_at, content_hash, status, source_snapshot)
          SELECT ${connectionId}, ${entity}::ledger_entity, source_id, source_number, source_version,
                 source_updated_at, content_hash, 'pending', snapshot FROM input
          ON CONFLICT (connection_id, entity, source_id) DO UPDATE SET
            source_number = EXCLUDED.source_number,
            source_version = EXCLUDED.source_version,
            source_updated_at = EXCLUDED.source_updated_at,
            content_hash = EXCLUDED.content_hash,
            source_snapshot = EXCLUDED.source_snapshot,
            status = 'pending',
            reason = NULL, error_class = NULL, error_code = NULL, blocked_on = '{}',
            attempts = 0, updated_at = now()
          WHERE l.content_hash <> EXCLUDED.content_hash
          RETURNING l.id, l.source_id, l.content_hash, l.replays, (xmax = 0) AS inserted
        )
        SELECT u.*, p.status AS old_status FROM upserted u LEFT JOIN previous p ON p.source_id = u.source_id`;
      // Versions whose stamp moved without a content change: remember the stamp, nothing else.
      const touched = unique.filter((version) => !rows.some((row) => row.source_id === version.sourceId));
      if (touched.length > 0) {
        await tx.$executeRaw`
          UPDATE sync_ledger l SET source_version = t.source_version
          FROM unnest(${touched.map((v) => v.sourceId)}::text[], ${touched.map((v) => v.sourceVersion ?? null)}::text[])
            AS t(source_id, source_version)
          WHERE l.connection_id = ${connectionId} AND l.entity = ${entity}::ledger_entity
            AND l.source_id = t.source_id AND l.source_version IS DISTINCT FROM t.source_version`;
      }
      if (rows.length > 0) {
        await tx.ledgerEvent.createMany({
          data: rows.map((row) => ({
            ledgerId: row.id,
            action: row.inserted ? 'source.recorded' : 'source.changed',
            outcome: 'ok',
            fromStatus: row.old_status,
            toStatus: 'pending' as const,
            message: row.inserted ? 'first seen' : 'content changed since the last version',
          })),
        });
        await writeOutbox(
          tx,
          rows.map((row) => {
            const key = {
              connectionId,
              entity,
              sourceId: row.source_id,
              contentHash: row.content_hash,
              replays: row.replays,
            };
            return outboxEntry(
              mapQueue,
              'map-record',
              {
                connectionId,
                ledgerId: row.id,
                entity,
                sourceId: row.source_id,
                contentHash: row.content_hash,
              },
              { jobId: jobIds.map(key) },
            );
          }),
        );
      }
      const inserted = rows.filter((row) => row.inserted).length;
      return { inserted, changed: rows.length - inserted, unchanged: unique.length - rows.length };
    });
  }

  /**
   * Sends records back through mapping (blocked ones after a mapping change, failed or uncertain
   * ones on replay): status `pending`, replay counter bumped so the new map job gets a fresh id,
   * one event each. Only records in `fromStatuses` move; returns the ids that did.
   */
  async requeue(
    connectionId: string,
    filter: RequeueFilter,
    fromStatuses: readonly LedgerStatus[],
    reason: string,
  ): Promise<string[]> {
    return this.prisma.$transaction((tx) => requeueIn(tx, connectionId, filter, fromStatuses, reason));
  }

  /**
   * Records of `entity` whose target is one of `targetIds` (e.g. the bills behind these Oracle
   * invoice ids), by target id.
   */
  async byTarget(
    connectionId: string,
    entity: LedgerEntity,
    targetIds: readonly string[],
  ): Promise<Map<string, TargetRef>> {
    if (targetIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<
      {
        id: string;
        source_id: string;
        source_number: string | null;
        target_id: string;
        target_number: string | null;
        status: LedgerStatus;
        snapshot_id: string | null;
      }[]
    >`
      SELECT id, source_id, source_number, target_id, target_number, status,
             source_snapshot->>'id' AS snapshot_id
      FROM sync_ledger
      WHERE connection_id = ${connectionId} AND entity = ${entity}::ledger_entity
        AND target_id = ANY(${[...new Set(targetIds)]}::text[])`;
    return new Map(
      rows.map((row) => [
        row.target_id,
        {
          id: row.id,
          sourceId: row.source_id,
          sourceNumber: row.source_number,
          targetId: row.target_id,
          targetNumber: row.target_number,
          status: row.status,
          snapshotId: row.snapshot_id,
        },
      ]),
    );
  }

  get(id: string): Promise<LedgerRecord | null> {
    return this.prisma.ledgerRecord.findUnique({ where: { id } });
  }

  /**
   * Moves a record to a new state (if its hash and state still match), appends the event and
   * enqueues follow-up jobs, atomically. Returns the updated record, or undefined when a
   * precondition failed (another version or process got there first): then nothing changed.
   */
  async transition(id: string, transition: Transition): Promise<LedgerRecord | undefined> {
    const fields = transition.fields ?? {};
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.ledgerRecord.findUnique({ where: { id }, select: { status: true } });
      if (!before) return undefined;
      const data: Prisma.LedgerRecordUpdateManyMutationInput = {
        ...(transition.to ? { status: transition.to } : {}),
        ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
        ...(fields.errorClass !== undefined ? { errorClass: fields.errorClass } : {}),
        ...(fields.errorCode !== undefined ? { errorCode: fields.errorCode } : {}),
        ...(fields.blockedOn !== undefined ? { blockedOn: fields.blockedOn } : {}),
        ...(fields.targetId !== undefined ? { targetId: fields.targetId } : {}),
        ...(fields.targetNumber !== undefined ? { targetNumber: fields.targetNumber } : {}),
        ...(fields.syncedHash !== undefined ? { syncedHash: fields.syncedHash } : {}),
        ...(fields.mappedPayload !== undefined
          ? { mappedPayload: fields.mappedPayload ?? Prisma.DbNull }
          : {}),
        ...(fields.details !== undefined ? { details: fields.details ?? Prisma.DbNull } : {}),
        ...(fields.syncedAt !== undefined ? { syncedAt: fields.syncedAt } : {}),
        ...(fields.lastAttemptAt !== undefined ? { lastAttemptAt: fields.lastAttemptAt } : {}),
        ...(fields.incrementAttempts
          ? { attempts: { increment: 1 } }
          : fields.resetAttempts
            ? { attempts: 0 }
            : {}),
        ...(fields.incrementReplays ? { replays: { increment: 1 } } : {}),
        updatedAt: new Date(),
      };
      const { count } = await tx.ledgerRecord.updateMany({
        where: {
          id,
          ...(transition.expectHash ? { contentHash: transition.expectHash } : {}),
          ...(transition.expectStatus ? { status: { in: [...transition.expectStatus] } } : {}),
        },
        data,
      });
      if (count === 0) return undefined;
      const record = await tx.ledgerRecord.findUniqueOrThrow({ where: { id } });
      await tx.ledgerEvent.create({
        data: {
          ledgerId: id,
          action: transition.action,
          outcome: transition.outcome,
          fromStatus: before.status,
          toStatus: record.status,
          httpStatus: transition.httpStatus ?? null,
          message: transition.message ?? null,
          ...(transition.eventDetails === undefined ? {} : { details: transition.eventDetails }),
        },
      });
      if (transition.enqueue) await writeOutbox(tx, transition.enqueue(record));
      if (transition.unblock && transition.unblock.keys.length > 0) {
        await requeueIn(
          tx,
          record.connectionId,
          { blockedOnAny: transition.unblock.keys },
          ['blocked'],
          transition.unblock.reason,
        );
      }
      return record;
    });
  }

  /** Appends an event without changing the record (a superseded job, an informational note). */
  async note(
    id: string,
    event: {
      action: string;
      outcome: Transition['outcome'];
      message?: string;
      details?: Prisma.InputJsonValue;
    },
  ): Promise<void> {
    const record = await this.prisma.ledgerRecord.findUnique({ where: { id }, select: { status: true } });
    if (!record) return;
    await this.prisma.ledgerEvent.create({
      data: {
        ledgerId: id,
        action: event.action,
        outcome: event.outcome,
        fromStatus: record.status,
        toStatus: record.status,
        message: event.message ?? null,
        ...(event.details === undefined ? {} : { details: event.details }),
      },
    });
  }
}

export interface RequeueFilter {
  ids?: readonly string[];
  blockedOnPrefix?: string;
  blockedOnAny?: readonly string[];
}

/** `Ledger.requeue` inside a transaction the caller holds. */
async function requeueIn(
  tx: Tx,
  connectionId: string,
  filter: RequeueFilter,
  fromStatuses: readonly LedgerStatus[],
  reason: string,
): Promise<string[]> {
  const rows = await tx.$queryRaw<
    {
      id: string;
      entity: LedgerEntity;
      source_id: string;
      content_hash: string;
      replays: number;
      old_status: LedgerStatus;
    }[]
  >`
    WITH chosen AS (
      SELECT id, status FROM sync_ledger
      WHERE connection_id = ${connectionId}
        AND status = ANY(${[...fromStatuses]}::ledger_status[])
        AND (${filter.ids === undefined} OR id = ANY(${[...(filter.ids ?? [])]}::uuid[]))
        AND (${filter.blockedOnAny === undefined} OR blocked_on && ${[...(filter.blockedOnAny ?? [])]}::text[])
        AND (${filter.blockedOnPrefix === undefined}
             OR EXISTS (SELECT 1 FROM unnest(blocked_on) AS k WHERE k LIKE ${`${filter.blockedOnPrefix ?? ''}%`}))
      FOR UPDATE
    )
    UPDATE sync_ledger l SET status = 'pending', replays = l.replays + 1, attempts = 0,
      reason = NULL, error_class = NULL, error_code = NULL, blocked_on = '{}', updated_at = now()
    FROM chosen WHERE l.id = chosen.id
    RETURNING l.id, l.entity, l.source_id, l.content_hash, l.replays, chosen.status AS old_status`;
  if (rows.length === 0) return [];
  await tx.ledgerEvent.createMany({
    data: rows.map((row) => ({
      ledgerId: row.id,
      action: 'requeued',
      outcome: 'ok',
      fromStatus: row.old_status,
      toStatus: 'pending' as const,
      message: reason,
    })),
  });
  await writeOutbox(
    tx,
    rows.map((row) =>
      outboxEntry(
        mapQueue,
        'map-record',
        {
          connectionId,
          ledgerId: row.id,
          entity: row.entity,
          sourceId: row.source_id,
          contentHash: row.content_hash,
        },
        {
          jobId: jobIds.map({
            connectionId,
            entity: row.entity,
            sourceId: row.source_id,
            contentHash: row.content_hash,
            replays: row.replays,
          }),
        },
      ),
    ),
  );
  return rows.map((row) => row.id);
}
