import { poReference } from '@mlc/mapping';
import type { OracleClient, OraclePurchaseOrder } from '@mlc/oracle-client';
import type { Target, TargetWriter } from '../target-writer.ts';

/** What a PO shows once submitted: approved at once, or waiting in Oracle's approval workflow. */
const submittedStatuses = new Set(['open', 'pending approval']);

async function finish(
  client: OracleClient,
  found: OraclePurchaseOrder & { source: string },
  via: Target['via'],
): Promise<Target> {
  if (found.source === 'draftPurchaseOrders') await client.submitDraftPurchaseOrder(found.POHeaderId);
  const submitted = await client.getPurchaseOrder(found.POHeaderId, 'purchaseOrders');
  const status = submitted.Status ?? null;
  // The PO exists either way; a status nobody expects (rejected, on hold, a value Oracle never
  // documented) is for a person to look at, so the synced record says so.
  const unexpected = status !== null && !submittedStatuses.has(status.trim().toLowerCase());
  return {
    targetId: submitted.POHeaderId,
    targetNumber: submitted.OrderNumber ?? null,
    via,
    details: { oracleStatus: status },
    ...(unexpected
      ? {
          reason: `Oracle shows PO ${submitted.OrderNumber ?? submitted.POHeaderId} as ${JSON.stringify(status)} after it was submitted (expected Open or Pending Approval): check it in Oracle`,
        }
      : {}),
  };
}

/**
 * A document → Oracle draft PO, then submit. Natural key: the reference the mapper put in the
 * document (Description or a flexfield, per connection), derived from the record's source id.
 */
export function draftPurchaseOrderWriter(
  referenceOf: (sourceId: string) => string,
): TargetWriter<OracleClient> {
  return {
    async lookUp({ client, settings, record }) {
      const found = await client.findPurchaseOrderByReference(
        referenceOf(record.sourceId),
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
}

/** Procurify PO → Oracle draft PO, then submit; natural key `[PRC-PO-{id}]`. */
export const purchaseOrderWriter: TargetWriter<OracleClient> = draftPurchaseOrderWriter(poReference);
