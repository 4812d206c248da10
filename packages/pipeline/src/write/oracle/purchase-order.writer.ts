import { poReference } from '@mlc/mapping';
import type { OracleClient, OraclePurchaseOrder } from '@mlc/oracle-client';
import type { Target, TargetWriter } from '../target-writer.ts';

async function finish(
  client: OracleClient,
  found: OraclePurchaseOrder & { source: string },
  via: Target['via'],
): Promise<Target> {
  if (found.source === 'draftPurchaseOrders') await client.submitDraftPurchaseOrder(found.POHeaderId);
  const submitted = await client.getPurchaseOrder(found.POHeaderId, 'purchaseOrders');
  return {
    targetId: submitted.POHeaderId,
    targetNumber: submitted.OrderNumber ?? null,
    via,
    details: { oracleStatus: submitted.Status ?? null },
  };
}

/**
 * Procurify PO → Oracle draft PO, then submit. Natural key: the `[PRC-PO-{id}]` reference the
 * mapper puts in the document (Description or a flexfield, per connection).
 */
export const purchaseOrderWriter: TargetWriter<OracleClient> = {
  async lookUp({ client, settings, record }) {
    const found = await client.findPurchaseOrderByReference(
      poReference(record.sourceId),
      settings.options.poReference,
    );
    return found ? finish(client, found, 'adopted') : undefined;
  },
  async write({ client, record, ledger }) {
    const draft = await client.createDraftPurchaseOrder(record.mappedPayload as Record<string, unknown>);
    // The draft exists from here on: remember it, so a failed submit is finished, not re-created.
    await ledger.transition(record.id, {
      expectHash: record.contentHash,
      action: 'write.draft_created',
      outcome: 'ok',
      message: `draft purchase order ${draft.POHeaderId} created`,
      fields: { targetId: draft.POHeaderId },
    });
    return finish(client, { ...draft, source: 'draftPurchaseOrders' }, 'created');
  },
};
