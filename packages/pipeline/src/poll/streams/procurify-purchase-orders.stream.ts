import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import type { InvalidRow, ProcurifyPurchaseOrder } from '@mlc/procurify-client';
import { readDetails, sourceTimestamp, type ListedRecord } from '../../unreadable-source.ts';
import { addResults, emptyRecordResult, windowStart, type Stream } from './stream.ts';

const dayMs = 86_400_000;
/** Details read, then recorded, at a time within a page of the list. */
const detailChunk = 25;

/** The PO's version marker: a new `last_modified` or `version` means "read the detail again". */
export function purchaseOrderVersion(po: { last_modified?: unknown; version?: unknown }): string {
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  return `${text(po.last_modified)}|${text(po.version)}`;
}

/** A list row as the ledger keys it; rows that break the contract still count when their id is usable. */
function listedPurchaseOrder(value: unknown): ListedRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const row = value as Record<string, unknown>;
  const id = row['procurify_PO'];
  const sourceId =
    typeof id === 'number' && Number.isInteger(id)
      ? String(id)
      : typeof id === 'string' && /^\d+$/.test(id.trim())
        ? id.trim()
        : undefined;
  if (sourceId === undefined) return undefined;
  const number = row['number'];
  return {
    sourceId,
    sourceNumber: typeof number === 'string' && number !== '' ? number : sourceId,
    sourceVersion: purchaseOrderVersion(row),
    row,
  };
}

/**
 * Purchased POs. Procurify's `modified_date` filter is date-only, so each poll re-reads from the
 * day before its cursor; list entries whose version is already in the ledger are not fetched again.
 * A PO that cannot be read (malformed, or gone by the time its detail is read) is recorded as
 * unreadable, so it never holds up the rest of the page or the cursor.
 */
export const procurifyPurchaseOrdersStream: Stream = {
  ...streamCatalog.purchaseOrders,
  async run(context) {
    const { clients, ledger, settings } = context;
    const from = windowStart(context, dayMs);
    let recorded = emptyRecordResult();
    let read = 0;
    const invalidRows: InvalidRow[] = [];
    for await (const page of clients.procurify.listPurchasedOrders(
      { modifiedFrom: from },
      { onInvalid: (invalid) => invalidRows.push(invalid) },
    )) {
      const listed = [...page.map((row) => ({ row, problems: '' })), ...invalidRows.splice(0)].flatMap(
        ({ row, problems }) => {
          const po = listedPurchaseOrder(row);
          // Without an id there is no ledger key: this log line is all an operator can get.
          if (!po) context.logger.warn({ problems }, 'Procurify listed a PO without a usable procurify_PO');
          return po ?? [];
        },
      );
      read += listed.length;
      const known = await ledger.knownVersions(
        settings.id,
        'purchase_order',
        listed.map((po) => po.sourceId),
      );
      const stale = listed.filter((po) => known.get(po.sourceId)?.sourceVersion !== po.sourceVersion);
      // Recorded a chunk at a time: a poller that dies mid-page keeps the details it read (a
      // page is 100 detail requests; the chaos run, packages/chaos, killed pollers faster).
      for (let start = 0; start < stale.length; start += detailChunk) {
        const versions = await readDetails(stale.slice(start, start + detailChunk), {
          what: 'PO',
          system: 'Procurify',
          known,
          concurrency: context.detailConcurrency,
          logger: context.logger,
          fetch: (po) => clients.procurify.getPurchaseOrder(po.sourceId),
          version: (po: ProcurifyPurchaseOrder) => ({
            sourceId: String(po.procurify_PO),
            sourceNumber: po.number ?? String(po.procurify_PO),
            sourceVersion: purchaseOrderVersion(po),
            sourceUpdatedAt: sourceTimestamp(po.last_modified),
            contentHash: contentHash(po),
            snapshot: po,
          }),
        });
        recorded = addResults(
          recorded,
          await ledger.recordSourceVersions(settings.id, 'purchase_order', versions),
        );
      }
    }
    return { watermark: context.startedAt, read, recorded };
  },
};
