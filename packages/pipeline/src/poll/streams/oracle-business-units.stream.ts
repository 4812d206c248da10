import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import { emptyRecordResult, type Stream } from './stream.ts';

/** Financial and procurement business units: full scans (no change filter), diffed by hash. */
export const oracleBusinessUnitsStream: Stream = {
  ...streamCatalog.businessUnits,
  async run(context) {
    const { clients, masterData, settings } = context;
    const [units, procurementUnits] = await Promise.all([
      clients.oracle.listBusinessUnits(),
      clients.oracle.listProcurementBusinessUnits(),
    ]);
    const snapshotHash = contentHash({ units, procurementUnits });
    if (snapshotHash === (context.state as { hash?: string } | undefined)?.hash) {
      return {
        watermark: context.startedAt,
        state: context.state,
        read: units.length + procurementUnits.length,
        recorded: emptyRecordResult(),
      };
    }
    const changed =
      (await masterData.upsert(
        settings.id,
        'oracle',
        'business_unit',
        units.map((unit) => ({
          externalId: unit.BusinessUnitId,
          key: unit.BusinessUnitName,
          name: unit.BusinessUnitName,
          active: unit.ActiveFlag ?? true,
          data: unit,
          contentHash: contentHash(unit),
        })),
      )) +
      (await masterData.upsert(
        settings.id,
        'oracle',
        'procurement_bu',
        procurementUnits.map((unit) => ({
          externalId: unit.ProcurementBUId,
          key: unit.ProcurementBusinessUnitName,
          name: unit.ProcurementBusinessUnitName,
          active: true,
          data: unit,
          contentHash: contentHash(unit),
        })),
      ));
    await masterData.deactivateUnseen(
      settings.id,
      'oracle',
      'business_unit',
      units.map((unit) => unit.BusinessUnitId),
    );
    await masterData.deactivateUnseen(
      settings.id,
      'oracle',
      'procurement_bu',
      procurementUnits.map((unit) => unit.ProcurementBUId),
    );
    if (changed > 0) await context.masterSync.masterChanged(settings.id, 'oracle.business_unit');
    return {
      watermark: context.startedAt,
      state: { hash: snapshotHash },
      read: units.length + procurementUnits.length,
      recorded: { ...emptyRecordResult(), changed },
    };
  },
};
