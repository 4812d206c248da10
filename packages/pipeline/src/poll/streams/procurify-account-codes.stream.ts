import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import { accountCodeMasterInput } from '../../master/master-records.ts';
import { emptyRecordResult, type Stream } from './stream.ts';

/**
 * Procurify account codes (full scan on the master-data schedule, diffed by hash): the Procurify
 * side of the automatic GL account mappings, and what Oracle values are paired with.
 */
export const procurifyAccountCodesStream: Stream = {
  ...streamCatalog.accountCodes,
  async run(context) {
    const { clients, masterData, settings } = context;
    const codes = await clients.procurify.listAccountCodes();
    const inputs = codes.map(accountCodeMasterInput);
    const snapshotHash = contentHash(inputs.map((input) => input.contentHash));
    if (snapshotHash === (context.state as { hash?: string } | undefined)?.hash) {
      return {
        watermark: context.startedAt,
        state: context.state,
        read: codes.length,
        recorded: emptyRecordResult(),
      };
    }
    const changed = await masterData.upsert(settings.id, 'procurify', 'account_code', inputs);
    await masterData.deactivateUnseen(
      settings.id,
      'procurify',
      'account_code',
      inputs.map((input) => input.externalId),
    );
    if (changed > 0) await context.masterSync.masterChanged(settings.id, 'procurify.account_code');
    return {
      watermark: context.startedAt,
      state: { hash: snapshotHash },
      read: codes.length,
      recorded: { ...emptyRecordResult(), changed },
    };
  },
};
