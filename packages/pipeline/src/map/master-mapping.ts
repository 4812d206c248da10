import type { ConnectionSettings } from '@mlc/connections';
import type { Prisma } from '@mlc/db';
import { RateLimitedError } from '@mlc/errors';
import type { FieldValues } from '@mlc/mapping';
import type { EntityMapResult, MapDeps, MapSource } from './entity-mapper.ts';

/** How long a map job waits before asking again whether the other side's master data is read. */
export const masterWaitMs = 1_000;

/**
 * Master-data flows pair a record with the other system's master data: before that has been read
 * once, "not found" would mean "create a duplicate". So the map job waits (a delayed retry that
 * burns no attempt) and the record says why; a dry run shows it as blocked instead.
 */
export async function waitForMaster(
  deps: MapDeps,
  settings: ConnectionSettings,
  record: MapSource,
  stream: string,
  what: string,
  options: { rememberLinks: boolean },
): Promise<EntityMapResult | undefined> {
  if (await deps.cache.masterScanned(settings.id, stream)) return undefined;
  const reason = `Waiting for the first read of ${what} (stream ${stream}) before pairing`;
  if (!options.rememberLinks)
    return {
      outcome: {
        kind: 'blocked',
        reason,
        missing: [{ kind: 'master', key: stream, label: what }],
        suggestions: [],
      },
      details: {},
    };
  const row = await deps.prisma.ledgerRecord.findUnique({
    where: {
      connectionId_entity_sourceId: {
        connectionId: settings.id,
        entity: record.entity,
        sourceId: record.sourceId,
      },
    },
    select: { id: true, reason: true },
  });
  if (row && row.reason !== reason)
    await deps.ledger.transition(row.id, {
      expectHash: record.contentHash,
      expectStatus: ['pending'],
      action: 'map.waiting',
      outcome: 'info',
      message: reason,
      fields: { reason },
    });
  throw new RateLimitedError(reason, { code: 'MASTER_DATA_PENDING', retryAfterMs: masterWaitMs });
}

/** What the last sync of a master-data record carried, kept in its ledger details. */
export interface Carried<F> {
  /** The target record these values were synced to. */
  carriedFor: string;
  carried: F;
}

/** The ledger row behind a source version (a dry run's new record has none). */
export async function previousSync(
  deps: MapDeps,
  record: MapSource,
): Promise<{ details: Record<string, unknown> }> {
  const row = await deps.prisma.ledgerRecord.findUnique({
    where: {
      connectionId_entity_sourceId: {
        connectionId: record.connectionId,
        entity: record.entity,
        sourceId: record.sourceId,
      },
    },
    select: { details: true },
  });
  const details = row?.details;
  return {
    details: details && typeof details === 'object' && !Array.isArray(details) ? details : {},
  };
}

/**
 * The values last carried to `targetId`: the "previous" of the three-way diff. Undefined when
 * nothing was synced yet, or it was synced to another record (then this is an adoption).
 */
export function carriedTo(details: Record<string, unknown>, targetId: string): FieldValues | undefined {
  const carried = details['carried'];
  if (details['carriedFor'] !== targetId || !carried || typeof carried !== 'object' || Array.isArray(carried))
    return undefined;
  // Written by the master-data writers from FieldValues, read back from the ledger's JSON.
  return carried;
}

/** Details that keep the last carried values while a new version is being written. */
export function keepCarried(details: Record<string, unknown>): Prisma.InputJsonObject {
  const carriedFor = details['carriedFor'];
  return typeof carriedFor === 'string'
    ? { carriedFor, carried: details['carried'] as Prisma.InputJsonObject }
    : {};
}
