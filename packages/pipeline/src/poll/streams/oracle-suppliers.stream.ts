import { streamCatalog } from '@mlc/connections';
import { contentHash, normalizeVendorName } from '@mlc/mapping';
import type { OracleSupplier } from '@mlc/oracle-client';
import { emptyRecordResult, type Stream } from './stream.ts';

/** A supplier is usable when it has no inactive date (in the past) and is not marked inactive. */
export function isSupplierActive(supplier: OracleSupplier, now: Date): boolean {
  const inactive = supplier.InactiveDate ? Date.parse(supplier.InactiveDate) <= now.getTime() : false;
  return !inactive && (supplier.Status ?? 'ACTIVE').toUpperCase() !== 'INACTIVE';
}

/**
 * Oracle suppliers with their sites, by LastUpdateDate (all of them on the first poll), into the
 * master-data cache the mapper matches vendors against. New or changed suppliers re-queue the
 * records blocked on a vendor link, which may now match.
 */
export const oracleSuppliersStream: Stream = {
  ...streamCatalog.suppliers,
  async run(context) {
    const { clients, masterData, ledger, settings } = context;
    const since = context.watermark
      ? new Date(context.watermark.getTime() - settings.schedule.overlapMinutes * 60_000)
      : undefined;
    let read = 0;
    let changed = 0;
    for await (const page of clients.oracle.listSuppliers(since ? { since } : undefined)) {
      read += page.length;
      changed += await masterData.upsert(
        settings.id,
        'oracle',
        'supplier',
        page.map((supplier) => ({
          externalId: supplier.SupplierId,
          key: supplier.SupplierNumber,
          name: supplier.Supplier,
          normalizedName: normalizeVendorName(supplier.Supplier),
          active: isSupplierActive(supplier, context.startedAt),
          data: supplier,
          contentHash: contentHash(supplier),
          sourceUpdatedAt: supplier.LastUpdateDate ? new Date(supplier.LastUpdateDate) : null,
        })),
      );
    }
    if (changed > 0) {
      const requeued = [
        ...(await ledger.requeue(
          settings.id,
          { blockedOnPrefix: 'vendor:' },
          ['blocked'],
          `${changed} Oracle supplier(s) changed; matching vendors again`,
        )),
        ...(await ledger.requeue(
          settings.id,
          { blockedOnPrefix: 'supplier_site:' },
          ['blocked'],
          `${changed} Oracle supplier(s) changed; looking for their sites again`,
        )),
      ];
      if (requeued.length > 0)
        context.logger.info({ requeued: requeued.length }, 'records blocked on a vendor re-queued');
    }
    return { watermark: context.startedAt, read, recorded: { ...emptyRecordResult(), changed } };
  },
};
