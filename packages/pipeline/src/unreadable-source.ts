import { SyncError } from '@mlc/errors';
import type { KnownVersion, SourceVersion } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { cleanText, contentHash, truncateText, type MapOutcome } from '@mlc/mapping';
import { mapWithConcurrency } from './concurrency.ts';

/**
 * Source records the connector cannot read. One malformed record must not stop a poll: when a
 * record's detail breaks the API contract (a null amount, an id as a string) or is gone by the
 * time it is read (listed, then 404), the stream records an *unreadable* version in its place.
 * The ledger keeps it, the cursor moves on, and the mapper ends it with the reason below
 * (`failed`, or `skipped` for a record that is gone). Any later edit of the record in the source
 * gives it a new version, which the next poll reads again.
 */

const marker = 'mlcUnreadable';

export interface UnreadableSnapshot {
  [marker]: { outcome: 'failed' | 'skipped'; code: 'SOURCE_INVALID' | 'SOURCE_GONE'; reason: string };
  /** What the list said about the record (it may be malformed too). */
  listed: unknown;
}

/** The outcome the mapper gives a stored unreadable version; undefined for a readable snapshot. */
export function unreadableOutcome(snapshot: unknown): MapOutcome<never> | undefined {
  if (typeof snapshot !== 'object' || snapshot === null || !(marker in snapshot)) return undefined;
  const { outcome, code, reason } = (snapshot as UnreadableSnapshot)[marker];
  return outcome === 'skipped' ? { kind: 'skipped', reason } : { kind: 'failed', code, reason };
}

/** A record a list returned: its ledger key and version marker, and the row itself. */
export interface ListedRecord {
  sourceId: string;
  sourceNumber: string | null;
  sourceVersion: string;
  row: unknown;
}

/** A timestamp the source sent, or null when it is not one (it is bookkeeping only). */
export function sourceTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A label for messages: cleaned and short, whatever the source sent. */
export function recordLabel(value: unknown): string {
  const text = typeof value === 'string' || typeof value === 'number' ? cleanText(String(value)) : '';
  return truncateText(text, 60);
}

export interface ReadDetailsOptions<D> {
  /** "bill", "PO": how reasons name the record. */
  what: string;
  /** Where the operator corrects it: "Procurify". */
  system: string;
  /** The versions the ledger already holds (a record it knows that is now gone is left as it is). */
  known: ReadonlyMap<string, KnownVersion>;
  concurrency: number;
  logger: Logger;
  fetch: (record: ListedRecord) => Promise<D>;
  version: (detail: D, record: ListedRecord) => SourceVersion;
}

/**
 * Reads the detail of each listed record. A detail that breaks the contract becomes a `failed`
 * unreadable version; a 404 becomes a `skipped` one (or nothing, for a record the ledger already
 * has). Every other error (network, 5xx, 429, 401, 403) still fails the poll: those are not the
 * record's fault, and the cursor must not pass the records they hid.
 */
export async function readDetails<D>(
  records: readonly ListedRecord[],
  options: ReadDetailsOptions<D>,
): Promise<SourceVersion[]> {
  const { what, system } = options;
  const versions = await mapWithConcurrency(records, options.concurrency, async (record) => {
    try {
      return options.version(await options.fetch(record), record);
    } catch (error) {
      if (!(error instanceof SyncError) || error.errorClass !== 'permanent') throw error;
      const name = `${what} ${record.sourceNumber ? `${recordLabel(record.sourceNumber)} (${record.sourceId})` : record.sourceId}`;
      let unreadable: UnreadableSnapshot[typeof marker];
      if (error.code === 'UPSTREAM_NOT_FOUND') {
        if (options.known.has(record.sourceId)) {
          options.logger.warn(
            { sourceId: record.sourceId },
            `${system} listed a known ${what} but answered 404 for its detail; its ledger record is left as it is`,
          );
          return undefined;
        }
        unreadable = {
          outcome: 'skipped',
          code: 'SOURCE_GONE',
          reason: `${system} listed ${name} but answered 404 for its detail: it was deleted or is no longer visible to the integration user. Nothing was sent; it is read again if it changes.`,
        };
      } else if (error.code === 'UPSTREAM_UNEXPECTED_SHAPE') {
        unreadable = {
          outcome: 'failed',
          code: 'SOURCE_INVALID',
          reason: `${system} sent ${name} in a shape that breaks its API contract, so it was not sent: ${
            error.upstreamMessage ?? error.message
          }. Correct the ${what} in ${system} (any edit makes the next poll read it again) or report it to ${system} support.`,
        };
      } else {
        throw error;
      }
      options.logger.warn(
        { sourceId: record.sourceId, code: unreadable.code },
        `unreadable ${what} recorded`,
      );
      const snapshot: UnreadableSnapshot = { [marker]: unreadable, listed: record.row };
      return {
        sourceId: record.sourceId,
        sourceNumber: record.sourceNumber,
        sourceVersion: record.sourceVersion,
        sourceUpdatedAt: null,
        contentHash: contentHash(snapshot),
        snapshot,
      };
    }
  });
  return versions.filter((version): version is SourceVersion => version !== undefined);
}
