import type { ConnectionSettings } from '@mlc/connections';
import type { LedgerRecord, PrismaClient } from '@mlc/db';
import type { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';

/** What a write produced in the target system. */
export interface Target {
  targetId: string;
  targetNumber: string | null;
  /** created: by this attempt; adopted: found by its natural key; updated: changed in place. */
  via: 'created' | 'adopted' | 'updated';
  /** Merged into the ledger record's details. */
  details?: Record<string, unknown>;
  /** Shown to operators instead of the default message. */
  message?: string;
  /** Kept as the synced record's reason (e.g. "Already paid in Procurify"); default none. */
  reason?: string;
}

export interface WriterContext<Client> {
  client: Client;
  settings: ConnectionSettings;
  /** The record as of the write intent (status writing, attempts counted). */
  record: LedgerRecord;
  ledger: Ledger;
  /** For writers that keep master data and links current as they write (master-data sync). */
  prisma: PrismaClient;
  logger: Logger;
}

/**
 * How one entity reaches its target system. The write service owns the ledger protocol (intent,
 * outcome, failure taxonomy); a writer only talks to the upstream.
 */
export interface TargetWriter<Client> {
  /**
   * Finds what an earlier attempt may have written, by the record's natural key. Called before
   * `write` whenever an earlier attempt may have reached the target (or the record has a target
   * id). Return a target only when the write this record version asks for is already done
   * (for updatable entities: the target already carries this version); undefined = write.
   */
  lookUp(context: WriterContext<Client>): Promise<Target | undefined>;
  /** Creates the document (or, for updatable entities with a target id, updates it). */
  write(context: WriterContext<Client>): Promise<Target>;
}

export type TargetWriters<Client> = Partial<Record<LedgerRecord['entity'], TargetWriter<Client>>>;
