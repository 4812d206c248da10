import type { ConnectionSettings } from '@mlc/connections';
import type { LedgerRecord, Prisma, PrismaClient } from '@mlc/db';
import type { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import type { MapOutcome } from '@mlc/mapping';
import type { MappingContextCache } from './mapping-context.ts';

export interface MapDeps {
  prisma: PrismaClient;
  ledger: Ledger;
  cache: MappingContextCache;
  logger: Logger;
}

/** A source version to map: a ledger record, or what a dry run just read. */
export interface MapSource {
  connectionId: string;
  entity: LedgerRecord['entity'];
  sourceId: string;
  contentHash: string;
  sourceSnapshot: unknown;
  targetId: string | null;
  targetNumber: string | null;
}

export interface EntityMapResult {
  outcome: MapOutcome<unknown>;
  /** Merged into the ledger record's details (supplier matched, line map, amounts…). */
  details: Prisma.InputJsonValue;
  /** What the write will do with a mapped payload (default create). */
  operation?: 'create' | 'update';
  /**
   * The target already matches this version: nothing to write. The record goes straight to
   * synced with this message (e.g. a supplier whose Procurify vendor is already identical).
   */
  inSync?: {
    targetId: string;
    targetNumber: string | null;
    message: string;
    /** Kept on the record when the operator should still look at it (default: none). */
    reason?: string;
  };
}

/**
 * Maps one source version of an entity. Pure with respect to the ledger: it reads mappings and
 * master data, and may remember vendor links automatic matching found when `rememberLinks`.
 */
export type EntityMapper = (
  deps: MapDeps,
  settings: ConnectionSettings,
  record: MapSource,
  options: { rememberLinks: boolean },
) => Promise<EntityMapResult>;
