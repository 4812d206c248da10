import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import type { ProcurifyPurchaseOrder } from '@mlc/procurify-client';
import { mapWithConcurrency } from '../../concurrency.ts';
import { addResults, emptyRecordResult, windowStart, type Stream } from './stream.ts';

const dayMs = 86_400_000;

/** The PO's version marker: a new `last_modified` or `version` means "read the detail again". */
export function purchaseOrderVersion(po: {
  last_modified?: string | undefined;
  version?: number | undefined;
}): string {
  return `${po.last_modified ?? ''}|${po.version ?? ''}`;
}

/**
 * Purchased POs. Procurify's `modified_date` filter is date-only, so each poll re-reads from the
 * day before its cursor; list entries whose version is already in the ledger are not fetched again.
 */
export const procurifyPurchaseOrdersStream: Stream = {
  ...streamCatalog.purchaseOrders,
  async run(context) {
    const { clients, ledger, settings } = context;
    const from = windowStart(context, dayMs);
    let recorded = emptyRecordResult();
    let read = 0;
    for await (const page of clients.procurify.listPurchasedOrders({ modifiedFrom: from })) {
      read += page.length;
      const known = await ledger.knownVersions(
        settings.id,
        'purchase_order',
        page.map((po) => String(po.procurify_PO)),
      );
      const stale = page.filter(
        (po) => known.get(String(po.procurify_PO))?.sourceVersion !== purchaseOrderVersion(po),
      );
      const details = await mapWithConcurrency(stale, context.detailConcurrency, (po) =>
        clients.procurify.getPurchaseOrder(po.procurify_PO),
      );
      const versions = details.map((po: ProcurifyPurchaseOrder) => ({
        sourceId: String(po.procurify_PO),
        sourceNumber: po.number ?? String(po.procurify_PO),
        sourceVersion: purchaseOrderVersion(po),
        sourceUpdatedAt: po.last_modified ? new Date(po.last_modified) : null,
        contentHash: contentHash(po),
        snapshot: po,
      }));
      recorded = addResults(
        recorded,
        await ledger.recordSourceVersions(settings.id, 'purchase_order', versions),
      );
    }
    return { watermark: context.startedAt, read, recorded };
  },
};
