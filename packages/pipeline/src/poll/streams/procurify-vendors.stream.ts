import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import { vendorMasterInput, vendorProjection } from '../../master/master-records.ts';
import { emptyRecordResult, type Stream } from './stream.ts';

/**
 * Procurify vendors: no change filter exists, so a full scan on the master-data schedule, diffed
 * by hash (an unchanged tenant costs one request per page and writes nothing). The cache lets
 * suppliers pair with vendors and keeps vendor-link names current. With
 * `createSuppliersInOracle`, each vendor version is also a `vendor` ledger record: the mapper
 * links it to its supplier, or has one created in Oracle.
 */
export const procurifyVendorsStream: Stream = {
  ...streamCatalog.vendors,
  async run(context) {
    const { clients, masterData, ledger, settings } = context;
    const vendors = await clients.procurify.listVendors();
    const recordVersions = settings.options.createSuppliersInOracle;
    const snapshotHash = contentHash({ vendors: vendors.map(vendorProjection), recordVersions });
    if (snapshotHash === (context.state as { hash?: string } | undefined)?.hash) {
      return {
        watermark: context.startedAt,
        state: context.state,
        read: vendors.length,
        recorded: emptyRecordResult(),
      };
    }
    const inputs = vendors.map(vendorMasterInput);
    const changedIds = await masterData.upsertChanged(settings.id, 'procurify', 'vendor', inputs);
    const changed = changedIds.length;
    await masterData.deactivateUnseen(
      settings.id,
      'procurify',
      'vendor',
      inputs.map((input) => input.externalId),
    );
    const recorded = recordVersions
      ? await ledger.recordSourceVersions(
          settings.id,
          'vendor',
          vendors.map((vendor) => {
            const snapshot = vendorProjection(vendor);
            return {
              sourceId: String(vendor.id),
              sourceNumber: vendor.name,
              sourceVersion: vendor.dateModified ?? null,
              sourceUpdatedAt: vendor.dateModified ? new Date(vendor.dateModified) : null,
              contentHash: contentHash(snapshot),
              snapshot,
            };
          }),
        )
      : emptyRecordResult();
    if (changed > 0) await context.masterSync.masterChanged(settings.id, 'procurify.vendor', changedIds);
    return {
      watermark: context.startedAt,
      state: { hash: snapshotHash },
      read: vendors.length,
      recorded: { ...recorded, changed: recorded.changed + changed },
    };
  },
};
