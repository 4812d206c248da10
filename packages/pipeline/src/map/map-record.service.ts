import type { ConnectionSettings } from '@mlc/connections';
import type { Prisma } from '@mlc/db';
import type { MapOutcome } from '@mlc/mapping';
import { jobIds, oracleWriteQueue, outboxEntry, procurifyWriteQueue, type RecordJobData } from '@mlc/queues';
import { entityTargets, systemLabel } from '../entities.ts';
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
  const mapper = entityMappers[record.entity];
  const mapped: EntityMapResult = mapper
    ? await mapper(deps, settings, record, options)
    : {
        outcome: { kind: 'skipped', reason: `${record.entity} records are not mapped by this version` },
        details: {},
      };
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
        reason: null,
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
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'mapped',
        action: 'map.mapped',
        outcome: 'ok',
        message: dryRun
          ? 'dry run: payload stored, nothing will be written'
          : outcome.warnings.join('; ') || null,
        fields: {
          mappedPayload: outcome.payload as Prisma.InputJsonValue,
          details: { ...(details as object), warnings: outcome.warnings },
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
        fields: { reason: outcome.reason, errorClass: 'permanent', errorCode: outcome.code, blockedOn: [] },
      });
      return 'failed';
    case 'skipped':
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'skipped',
        action: 'map.skipped',
        outcome: 'skipped',
        message: outcome.reason,
        fields: { reason: outcome.reason, errorClass: null, errorCode: null, blockedOn: [] },
      });
      return 'skipped';
  }
}
