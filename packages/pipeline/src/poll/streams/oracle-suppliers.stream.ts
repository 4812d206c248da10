import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import type { OracleSupplier } from '@mlc/oracle-client';
import { supplierMasterInput } from '../../master/master-records.ts';
import { addResults, emptyRecordResult, type Stream } from './stream.ts';

export { isSupplierActive } from '../../master/master-records.ts';

/** What the stream remembers between polls. */
interface SupplierStreamState {
  /** Every supplier has a `supplier` ledger record (vendor sync was on for a whole read). */
  recorded?: boolean;
}

/**
 * Oracle suppliers with their sites and addresses, by LastUpdateDate (all of them on the first
 * poll), into the master-data cache the mapper matches vendors against; new or changed suppliers
 * re-queue the records blocked on a vendor link, which may now match. With vendor sync on
 * (options.masterData.vendors.sync) each supplier version is also a `supplier` ledger record,
 * mapped to its Procurify vendor. The first poll after vendor sync is turned on reads every
 * supplier, so none is left without a record.
 */
export const oracleSuppliersStream: Stream = {
  ...streamCatalog.suppliers,
  async run(context) {
    const { clients, masterData, ledger, settings } = context;
    const recordVersions = settings.options.masterData.vendors.sync;
    const state = (context.state ?? {}) as SupplierStreamState;
    const catchUp = recordVersions && state.recorded !== true;
    const since =
      context.watermark && !catchUp
        ? new Date(context.watermark.getTime() - settings.schedule.overlapMinutes * 60_000)
        : undefined;
    let read = 0;
    let changed = 0;
    let recorded = emptyRecordResult();
    for await (const page of clients.oracle.listSuppliers(since ? { since } : undefined)) {
      read += page.length;
      changed += await masterData.upsert(
        settings.id,
        'oracle',
        'supplier',
        page.map((supplier) => supplierMasterInput(supplier, context.startedAt)),
      );
      if (recordVersions) {
        recorded = addResults(
          recorded,
          await ledger.recordSourceVersions(
            settings.id,
            'supplier',
            page.map((supplier: OracleSupplier) => ({
              sourceId: supplier.SupplierId,
              sourceNumber: supplier.SupplierNumber,
              sourceVersion: supplier.LastUpdateDate ?? null,
              sourceUpdatedAt: supplier.LastUpdateDate ? new Date(supplier.LastUpdateDate) : null,
              contentHash: contentHash(supplier),
              snapshot: supplier,
            })),
          ),
        );
      }
    }
    if (changed > 0) {
      await context.masterSync.masterChanged(settings.id, 'oracle.supplier');
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
    return {
      watermark: context.startedAt,
      state: { recorded: recordVersions } satisfies SupplierStreamState,
      read,
      recorded: { ...recorded, changed: recorded.changed + changed },
    };
  },
};
