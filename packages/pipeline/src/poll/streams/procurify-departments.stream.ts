import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import { departmentMasterInput } from '../../master/master-records.ts';
import { emptyRecordResult, type Stream } from './stream.ts';

/**
 * Procurify departments (full scan on the master-data schedule, diffed by hash): the Procurify
 * side of the automatic department mappings, paired with Oracle cost centers by external_id.
 */
export const procurifyDepartmentsStream: Stream = {
  ...streamCatalog.departments,
  async run(context) {
    const { clients, masterData, settings } = context;
    const departments = await clients.procurify.listDepartments();
    const inputs = departments.map(departmentMasterInput);
    const snapshotHash = contentHash(inputs.map((input) => input.contentHash));
    if (snapshotHash === (context.state as { hash?: string } | undefined)?.hash) {
      return {
        watermark: context.startedAt,
        state: context.state,
        read: departments.length,
        recorded: emptyRecordResult(),
      };
    }
    const changed = await masterData.upsert(settings.id, 'procurify', 'department', inputs);
    await masterData.deactivateUnseen(
      settings.id,
      'procurify',
      'department',
      inputs.map((input) => input.externalId),
    );
    if (changed > 0) await context.masterSync.masterChanged(settings.id, 'procurify.department');
    return {
      watermark: context.startedAt,
      state: { hash: snapshotHash },
      read: departments.length,
      recorded: { ...emptyRecordResult(), changed },
    };
  },
};
