import type { MapOutcome, RequisitionSnapshot } from '@mlc/mapping';
import type { ProcurifyPurchaseOrder } from '@mlc/procurify-client';
import type { PrismaClient } from '@mlc/db';

/**
 * `options.poSource` decides whether Oracle POs come from purchased Procurify POs or from
 * approved requisitions; only one of the two streams runs. A connection that switches modes
 * would otherwise send the same lines twice (a requisition and the PO a purchaser made of it),
 * so each mapper first checks what the other flow already put in Oracle, by order-item id.
 */

const list = (values: readonly string[]) => values.join(', ');

/**
 * Switching `poSource` from purchased POs to approved requisitions: lines a purchaser already put
 * on a Procurify PO that reached Oracle through the purchased-PO flow are not sent again. All of
 * them → skipped; some → failed, naming both sides (an Oracle PO cannot be half-created).
 */
export async function alreadyInOracleAsPurchaseOrder(
  prisma: PrismaClient,
  connectionId: string,
  snapshot: RequisitionSnapshot,
): Promise<Extract<MapOutcome<never>, { kind: 'skipped' | 'failed' }> | undefined> {
  const poIds = [
    ...new Set(snapshot.lines.flatMap((line) => (line.purchase_order ? [String(line.purchase_order)] : []))),
  ];
  if (poIds.length === 0) return undefined;
  const synced = await prisma.ledgerRecord.findMany({
    where: { connectionId, entity: 'purchase_order', sourceId: { in: poIds }, targetId: { not: null } },
    select: { sourceId: true, targetId: true, targetNumber: true },
  });
  if (synced.length === 0) return undefined;
  const inOracle = new Map(synced.map((record) => [record.sourceId, record.targetNumber ?? record.targetId]));
  const covered = snapshot.lines.filter((line) => inOracle.has(String(line.purchase_order)));
  const where = list(
    synced.map((record) => `Procurify PO ${record.sourceId} (Oracle PO ${inOracle.get(record.sourceId)})`),
  );
  if (covered.length === snapshot.lines.length)
    return {
      kind: 'skipped',
      reason: `Already in Oracle through the purchased-PO flow: ${where}; requisition ${snapshot.num} is not sent again`,
    };
  const missing = snapshot.lines.filter((line) => !covered.includes(line));
  return {
    kind: 'failed',
    code: 'PARTLY_IN_ORACLE',
    reason: `Items ${list(covered.map((line) => String(line.id)))} of requisition ${snapshot.num} are already in Oracle through ${where}, items ${list(missing.map((line) => String(line.id)))} are not: enter those in Oracle by hand (a second PO would duplicate the others)`,
  };
}

/**
 * Switching `poSource` back from approved requisitions to purchased POs: a Procurify PO whose
 * lines were all sent to Oracle from their approved requisitions is not sent again (skipped);
 * one with only some of them fails, naming both sides. Undefined when the PO owes nothing to a
 * requisition record (the usual case).
 */
export async function purchaseOrderSentAsRequisition(
  prisma: PrismaClient,
  connectionId: string,
  po: Pick<ProcurifyPurchaseOrder, 'procurify_PO' | 'order_items'>,
): Promise<Extract<MapOutcome<never>, { kind: 'skipped' | 'failed' }> | undefined> {
  const orderNums = [
    ...new Set(po.order_items.flatMap((line) => (line.orderNum == null ? [] : [String(line.orderNum)]))),
  ];
  if (orderNums.length === 0) return undefined;
  const records = await prisma.ledgerRecord.findMany({
    where: {
      connectionId,
      entity: 'requisition',
      targetId: { not: null },
      OR: orderNums.map((num) => ({ sourceId: { startsWith: `${num}-v` } })),
    },
    select: { sourceId: true, targetId: true, targetNumber: true, sourceSnapshot: true },
  });
  if (records.length === 0) return undefined;
  const sentIn = new Map<string, string>();
  for (const record of records) {
    const lines = (record.sourceSnapshot as { lines?: { id?: unknown }[] } | null)?.lines ?? [];
    for (const line of lines)
      if (typeof line.id === 'number')
        sentIn.set(String(line.id), record.targetNumber ?? record.targetId ?? '?');
  }
  const covered = po.order_items.filter((line) => sentIn.has(String(line.id)));
  if (covered.length === 0) return undefined;
  const oraclePos = list([...new Set(covered.map((line) => sentIn.get(String(line.id)) ?? '?'))]);
  if (covered.length === po.order_items.length)
    return {
      kind: 'skipped',
      reason: `Already in Oracle as PO ${oraclePos}, created from its approved requisition (poSource approved_requisitions); PO ${po.procurify_PO} is not sent again`,
    };
  const missing = po.order_items.filter((line) => !sentIn.has(String(line.id)));
  return {
    kind: 'failed',
    code: 'PARTLY_IN_ORACLE',
    reason: `Items ${list(covered.map((line) => String(line.id)))} of PO ${po.procurify_PO} are already in Oracle as PO ${oraclePos} (from their approved requisitions), items ${list(missing.map((line) => String(line.id)))} are not: enter those in Oracle by hand (a second PO would duplicate the others)`,
  };
}
