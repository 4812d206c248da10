import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import { mapWithConcurrency } from '../../concurrency.ts';
import { addResults, emptyRecordResult, windowStart, type Stream } from './stream.ts';

export function billVersion(bill: {
  last_modified_datetime?: string | undefined;
  version?: number | string | undefined;
}): string {
  return `${bill.last_modified_datetime ?? ''}|${bill.version ?? ''}`;
}

/**
 * Bills changed since the cursor minus the overlap window (`last_modified_datetime`, a datetime
 * filter). Every bill is recorded, approved or not: the mapper decides eligibility and the ledger
 * says why a bill was not sent.
 */
export const procurifyBillsStream: Stream = {
  ...streamCatalog.bills,
  async run(context) {
    const { clients, ledger, settings } = context;
    const since = windowStart(context, settings.schedule.overlapMinutes * 60_000);
    let recorded = emptyRecordResult();
    let read = 0;
    for await (const page of clients.procurify.listBills({ modifiedSince: since })) {
      read += page.length;
      const known = await ledger.knownVersions(
        settings.id,
        'bill',
        page.map((bill) => bill.uuid),
      );
      const stale = page.filter((bill) => known.get(bill.uuid)?.sourceVersion !== billVersion(bill));
      const details = await mapWithConcurrency(stale, context.detailConcurrency, (bill) =>
        clients.procurify.getBill(bill.uuid),
      );
      const versions = details.map((bill) => ({
        sourceId: bill.uuid,
        sourceNumber: bill.invoice_number || String(bill.id),
        sourceVersion: billVersion(bill),
        sourceUpdatedAt: bill.last_modified_datetime ? new Date(bill.last_modified_datetime) : null,
        contentHash: contentHash(bill),
        snapshot: bill,
      }));
      recorded = addResults(recorded, await ledger.recordSourceVersions(settings.id, 'bill', versions));
    }
    return { watermark: context.startedAt, read, recorded };
  },
};
