import type { ConnectionSettings } from '@mlc/connections';
import type { Prisma } from '@mlc/db';
import { billStatusNames, diffPayloads, type MapOutcome } from '@mlc/mapping';
import { billDocumentHash } from './documents.mapper.ts';
import { jobIds, oracleWriteQueue, outboxEntry, procurifyWriteQueue, type RecordJobData } from '@mlc/queues';
import { z } from 'zod';
import { entityTargets, systemLabel } from '../entities.ts';
import { unreadableOutcome } from '../unreadable-source.ts';
import type { EntityMapResult, MapDeps, MapSource } from './entity-mapper.ts';
import { entityMappers } from './mappers.ts';

export type { MapDeps, MapSource } from './entity-mapper.ts';

/** Oracle charge accounts a payload uses (PO distributions, invoice distributions). */
function chargeAccountsOf(payload: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'POChargeAccount' || key === 'DistributionCombination') && typeof inner === 'string')
          found.add(inner);
        else walk(inner);
      }
    }
  };
  walk(payload);
  return [...found];
}

/** Approved and the payment states after it (BillStatusEnum 2, 4, 6, 7, 8). */
const payableBillStatuses = new Set([2, 4, 6, 7, 8]);

/**
 * The facts a mapper found for a failed or skipped record (amounts, dates, payment state), merged
 * into its details; nothing when it found none, so earlier details stay as they were.
 */
function mergedDetails(
  previous: Prisma.JsonValue | null,
  found: Prisma.InputJsonValue,
): { details?: Prisma.InputJsonValue } {
  if (typeof found !== 'object' || found === null || Object.keys(found).length === 0) return {};
  return { details: { ...(previous as object | null), ...(found as object) } };
}

function writeJob(record: {
  connectionId: string;
  id: string;
  entity: RecordJobData['entity'];
  sourceId: string;
  contentHash: string;
}): RecordJobData {
  return {
    connectionId: record.connectionId,
    ledgerId: record.id,
    entity: record.entity,
    sourceId: record.sourceId,
    contentHash: record.contentHash,
  };
}

/**
 * Maps one source version without recording anything (except, when `rememberLinks`, the vendor
 * links automatic matching found). What `mapRecord` persists and what a dry run shows.
 */
export async function mapSource(
  deps: MapDeps,
  settings: ConnectionSettings,
  record: MapSource,
  options: { rememberLinks: boolean },
): Promise<EntityMapResult> {
  // A record the poller could not read (malformed, or gone): its reason was settled then.
  const unreadable = unreadableOutcome(record.sourceSnapshot);
  if (unreadable) return { outcome: unreadable, details: {} };
  const mapper = entityMappers[record.entity];
  let mapped: EntityMapResult;
  try {
    mapped = mapper
      ? await mapper(deps, settings, record, options)
      : {
          outcome: { kind: 'skipped', reason: `${record.entity} records are not mapped by this version` },
          details: {},
        };
  } catch (error) {
    // A snapshot a mapper cannot parse will not parse on a retry either: fail it, do not retry it.
    if (!(error instanceof z.ZodError)) throw error;
    const problems = error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
      .join('; ');
    mapped = {
      outcome: {
        kind: 'failed',
        code: 'SOURCE_INVALID',
        reason: `The stored ${record.entity.replace('_', ' ')} does not have the shape the mapper needs (${problems}); correct it at the source (the next poll reads it again)`,
      },
      details: {},
    };
  }
  let outcome: MapOutcome<unknown> = mapped.outcome;
  if (outcome.kind === 'mapped' && entityTargets[record.entity].system === 'oracle') {
    const combinations = await deps.cache.accountCombinations(settings.id);
    const unknown = combinations.known
      ? chargeAccountsOf(outcome.payload).filter((combo) => !combinations.active.has(combo))
      : [];
    if (unknown.length > 0) {
      outcome = {
        kind: 'blocked',
        reason: `Oracle has no enabled account combination ${unknown.join(', ')}: create or enable it in Oracle, or map the Procurify account/department to existing segment values`,
        missing: unknown.map((combination) => ({ kind: 'account_combination', key: combination })),
        suggestions: [],
      };
    }
  }
  return { ...mapped, outcome };
}

/**
 * Maps one ledger record version: source record → target payload, or blocked (with what is
 * missing and ranked suggestions), failed (with both figures when amounts disagree) or skipped
 * (with the reason). A mapped record gets its oracle-write or procurify-write job through the
 * outbox, unless the connection is in dry-run mode; one already in sync goes straight to synced.
 */
export async function mapRecord(deps: MapDeps, job: RecordJobData): Promise<string> {
  const record = await deps.ledger.get(job.ledgerId);
  if (!record) return 'missing';
  if (record.contentHash !== job.contentHash) {
    await deps.ledger.note(record.id, {
      action: 'map.superseded',
      outcome: 'skipped',
      message: 'a newer version is being mapped',
    });
    return 'superseded';
  }
  if (record.status !== 'pending') return `already ${record.status}`;
  const settings = await deps.cache.settingsOf(record.connectionId);

  if (record.entity === 'bill' && record.targetId) {
    // An invoice exists: a bill never produces a second one. Say what changed instead.
    const documentHash = (record.details as { documentHash?: unknown } | null)?.documentHash;
    const status = (record.sourceSnapshot as { status?: unknown } | null)?.status;
    if (
      documentHash !== undefined &&
      documentHash === billDocumentHash(record.sourceSnapshot) &&
      typeof status === 'number' &&
      payableBillStatuses.has(status)
    ) {
      // Only its payment state moved (marked paid by us, or paid in Procurify): the Oracle
      // invoice still describes it, so there is nothing to review. (Denied or withdrawn is.)
      await deps.ledger.transition(record.id, {
        expectHash: record.contentHash,
        expectStatus: ['pending'],
        to: 'synced',
        action: 'map.payment_state_changed',
        outcome: 'info',
        message: `payment state changed in Procurify (now ${billStatusNames[status] ?? status}); Oracle invoice ${record.targetNumber ?? record.targetId} is unaffected`,
        fields: { reason: null },
      });
      return 'payment state changed';
    }
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      expectStatus: ['pending'],
      to: 'synced',
      action: 'map.changed_after_sync',
      outcome: 'info',
      message: `changed in Procurify after it was invoiced in Oracle (invoice ${record.targetNumber ?? record.targetId}); not sent again`,
      fields: {
        reason: `Changed in Procurify after invoicing (Oracle invoice ${record.targetNumber ?? record.targetId}); review it in Oracle`,
        details: { ...(record.details as object | null), attention: 'changed_after_sync' },
      },
    });
    return 'changed after sync';
  }

  const { outcome, details, inSync } = await mapSource(deps, settings, record, { rememberLinks: true });
  const base = { expectHash: record.contentHash, expectStatus: ['pending'] as const };
  const target = entityTargets[record.entity].system;
  if (inSync) {
    await deps.ledger.transition(record.id, {
      ...base,
      to: 'synced',
      action: 'map.in_sync',
      outcome: 'ok',
      message: inSync.message,
      fields: {
        targetId: inSync.targetId,
        targetNumber: inSync.targetNumber,
        syncedHash: record.contentHash,
        syncedAt: new Date(),
        reason: inSync.reason ?? null,
        errorClass: null,
        errorCode: null,
        blockedOn: [],
        details: { ...(record.details as object | null), ...(details as object) },
      },
    });
    return 'in sync';
  }
  switch (outcome.kind) {
    case 'mapped': {
      const dryRun = settings.options.dryRun;
      // A document written before and changed since: keep what was written, and say what differs
      // (the writer flags it for attention; it never writes a second document).
      const changedAfterWrite =
        record.targetId !== null &&
        record.syncedHash !== null &&
        record.syncedHash !== record.contentHash &&
        record.mappedPayload !== null &&
        !entityTargets[record.entity].updatable;
      const changes = changedAfterWrite ? diffPayloads(record.mappedPayload, outcome.payload) : [];
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'mapped',
        action: 'map.mapped',
        outcome: 'ok',
        message: dryRun
          ? 'dry run: payload stored, nothing will be written'
          : outcome.warnings.join('; ') || null,
        fields: {
          mappedPayload: (changedAfterWrite
            ? record.mappedPayload
            : outcome.payload) as Prisma.InputJsonValue,
          details: {
            ...(details as object),
            warnings: outcome.warnings,
            ...(changedAfterWrite ? { changes: changes.slice(0, 50), changedPayload: outcome.payload } : {}),
          } as unknown as Prisma.InputJsonValue,
          reason: dryRun
            ? `Dry run: the ${systemLabel[target]} payload is stored on this record; nothing was written`
            : null,
          errorCode: dryRun ? 'DRY_RUN' : null,
          errorClass: null,
          blockedOn: [],
        },
        enqueue: (updated) =>
          dryRun
            ? []
            : [
                target === 'oracle'
                  ? outboxEntry(oracleWriteQueue, 'write-record', writeJob(updated), {
                      jobId: jobIds.oracleWrite({ ...updated, replays: updated.replays }),
                    })
                  : outboxEntry(procurifyWriteQueue, 'write-record', writeJob(updated), {
                      jobId: jobIds.procurifyWrite({ ...updated, replays: updated.replays }),
                    }),
              ],
      });
      return dryRun ? 'mapped (dry run)' : 'mapped';
    }
    case 'blocked':
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'blocked',
        action: 'map.blocked',
        outcome: 'blocked',
        message: outcome.reason,
        eventDetails: { missing: outcome.missing as unknown as Prisma.InputJsonValue },
        fields: {
          reason: outcome.reason,
          errorClass: 'mapping',
          errorCode: 'MAPPING_MISSING',
          blockedOn: outcome.missing.map((missing) => `${missing.kind}:${missing.key}`),
          details: {
            ...(details as object),
            missing: outcome.missing,
            suggestions: outcome.suggestions,
          } as unknown as Prisma.InputJsonValue,
        },
      });
      return 'blocked';
    case 'failed':
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'failed',
        action: 'map.failed',
        outcome: 'error',
        message: outcome.reason,
        fields: {
          reason: outcome.reason,
          errorClass: 'permanent',
          errorCode: outcome.code,
          blockedOn: [],
          ...mergedDetails(record.details, details),
        },
      });
      return 'failed';
    case 'skipped':
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'skipped',
        action: 'map.skipped',
        outcome: 'skipped',
        message: outcome.reason,
        fields: {
          reason: outcome.reason,
          errorClass: null,
          errorCode: null,
          blockedOn: [],
          ...mergedDetails(record.details, details),
        },
      });
      return 'skipped';
  }
}
