import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import type { InvalidRow } from '@mlc/procurify-client';
import { readDetails, sourceTimestamp, type ListedRecord } from '../../unreadable-source.ts';
import { addResults, emptyRecordResult, windowStart, type Stream } from './stream.ts';

/** Details read, then recorded, at a time within a page of the list. */
const detailChunk = 25;

export function billVersion(bill: { last_modified_datetime?: unknown; version?: unknown }): string {
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  return `${text(bill.last_modified_datetime)}|${text(bill.version)}`;
}

/** A list row as the ledger keys it; rows that break the contract still count when they carry a uuid. */
function listedBill(value: unknown): ListedRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const row = value as Record<string, unknown>;
  const uuid = row['uuid'];
  if (typeof uuid !== 'string' || uuid.trim() === '') return undefined;
  const number = row['invoice_number'];
  const id = row['id'];
  return {
    sourceId: uuid,
    sourceNumber:
      typeof number === 'string' && number !== ''
        ? number
        : typeof id === 'number' || typeof id === 'string'
          ? String(id)
          : null,
    sourceVersion: billVersion(row),
    row,
  };
}

/**
 * Bills changed since the cursor minus the overlap window (`last_modified_datetime`, a datetime
 * filter). Every bill is recorded, approved or not: the mapper decides eligibility and the ledger
 * says why a bill was not sent. A bill that cannot be read (malformed, or gone by the time its
 * detail is read) is recorded as unreadable, so it never holds up the rest of the page or the cursor.
 */
export const procurifyBillsStream: Stream = {
  ...streamCatalog.bills,
  async run(context) {
    const { clients, ledger, settings } = context;
    const since = windowStart(context, settings.schedule.overlapMinutes * 60_000);
    let recorded = emptyRecordResult();
    let read = 0;
    const invalidRows: InvalidRow[] = [];
    for await (const page of clients.procurify.listBills(
      { modifiedSince: since },
      { onInvalid: (invalid) => invalidRows.push(invalid) },
    )) {
      const listed = [...page.map((row) => ({ row, problems: '' })), ...invalidRows.splice(0)].flatMap(
        ({ row, problems }) => {
          const bill = listedBill(row);
          // Without a uuid there is no ledger key: this log line is all an operator can get.
          if (!bill) context.logger.warn({ problems }, 'Procurify listed a bill without a usable uuid');
          return bill ?? [];
        },
      );
      read += listed.length;
      const known = await ledger.knownVersions(
        settings.id,
        'bill',
        listed.map((bill) => bill.sourceId),
      );
      const stale = listed.filter((bill) => known.get(bill.sourceId)?.sourceVersion !== bill.sourceVersion);
      // Recorded a chunk at a time: a poller that dies mid-page keeps the details it read (a
      // page is 100 detail requests; the chaos run, packages/chaos, killed pollers faster).
      for (let start = 0; start < stale.length; start += detailChunk) {
        const versions = await readDetails(stale.slice(start, start + detailChunk), {
          what: 'bill',
          system: 'Procurify',
          known,
          concurrency: context.detailConcurrency,
          logger: context.logger,
          fetch: (bill) => clients.procurify.getBill(bill.sourceId),
          version: (bill) => ({
            sourceId: bill.uuid,
            sourceNumber: bill.invoice_number || String(bill.id),
            sourceVersion: billVersion(bill),
            sourceUpdatedAt: sourceTimestamp(bill.last_modified_datetime),
            contentHash: contentHash(bill),
            snapshot: bill,
          }),
        });
        recorded = addResults(recorded, await ledger.recordSourceVersions(settings.id, 'bill', versions));
      }
    }
    return { watermark: context.startedAt, read, recorded };
  },
};
