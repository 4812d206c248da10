import type { PrismaClient } from '@mlc/db';
import type { RunningSimulators } from '@mlc/simulators';
import { chargeAccount, expectedOutbound } from './expectations.ts';

/** A requisition × vendor as Procurify has it now, with what a correct sync ends with. */
export interface ExpectedRequisitionPo {
  num: number;
  vendorId: number;
  sourceId: string;
  reference: string;
  /** synced: exactly one Oracle PO; blocked: none (no Oracle supplier or no site in the BU). */
  status: 'synced' | 'blocked';
  lines: { id: number; quantity: string; unitPrice: string; glAccountId: number; departmentId: number }[];
}

/**
 * What a correct `poSource = "approved_requisitions"` sync ends with, worked out from the
 * Procurify simulator's requisitions (not from the connector's code): every approved requisition
 * (also when purchased since, like the scenario's purchased POs, all approved within the initial
 * lookback) gives one Oracle PO per vendor on it, with that vendor's lines in item order, unless
 * the vendor has no Oracle supplier with a site in the requisition's business unit (blocked).
 * Requisitions never approved give nothing. Requisitions changed after their POs were created
 * are the caller's to check (`except`).
 */
export function expectedRequisitionPos(
  sims: RunningSimulators,
  options: { except?: ReadonlySet<number> } = {},
): ExpectedRequisitionPo[] {
  const store = sims.procurify.store;
  const { vendors } = expectedOutbound(sims.scenario);
  const keyOfVendor = new Map(
    sims.scenario.vendors.flatMap((vendor) => (vendor.procurify ? [[vendor.procurify.id, vendor.key]] : [])),
  );
  const expected: ExpectedRequisitionPo[] = [];
  const requisitions = [
    ...store.orders.values(),
    // The scenario's purchased POs each come from their own requisition.
    ...[...store.purchaseOrders.values()]
      .filter((po) => !store.orders.has(po.requisition.num))
      .map((po) => ({
        num: po.requisition.num,
        status: 3,
        locationId: po.locationId,
        lines: [] as {
          id: number;
          rejected: boolean;
          vendorId: number;
          quantity: string;
          unitPrice: string;
          glAccountId: number;
          departmentId: number;
        }[],
        purchaseOrderIds: [po.id],
      })),
  ];
  for (const order of requisitions) {
    if (options.except?.has(order.num) || ![1, 3, 5].includes(order.status)) continue;
    const businessUnit = sims.scenario.locations.find(
      (location) => location.id === order.locationId,
    )?.businessUnit;
    const lines = [
      ...order.lines.filter((line) => !line.rejected),
      ...order.purchaseOrderIds.flatMap((id) => {
        const po = store.purchaseOrders.get(id);
        const vendorId = po ? (store.vendorIdForKey(po.vendorKey) ?? 0) : 0;
        return (po?.lines ?? []).map((line) => ({ ...line, vendorId }));
      }),
    ].toSorted((a, b) => a.id - b.id);
    for (const vendorId of new Set(lines.map((line) => line.vendorId))) {
      const oracle = vendors.get(keyOfVendor.get(vendorId) ?? '')?.oracle;
      expected.push({
        num: order.num,
        vendorId,
        sourceId: `${order.num}-v${vendorId}`,
        reference: `[PRC-REQ-${order.num}-${vendorId}]`,
        status: oracle?.sites.some((site) => site.procurementBU === businessUnit) ? 'synced' : 'blocked',
        lines: lines
          .filter((line) => line.vendorId === vendorId)
          .map(({ id, quantity, unitPrice, glAccountId, departmentId }) => ({
            id,
            quantity,
            unitPrice,
            glAccountId,
            departmentId,
          })),
      });
    }
  }
  return expected;
}

/**
 * Every way the requisitions-mode end state can be wrong, one line each (empty = correct):
 * ledger records against `expectedRequisitionPos`, Oracle's POs against the ledger (each synced
 * requisition × vendor exactly once, with the right supplier, lines, quantities, prices and
 * charge accounts), nothing sent from purchased POs, nothing in Oracle the ledger does not know.
 */
export async function verifyRequisitions(
  prisma: PrismaClient,
  sims: RunningSimulators,
  connectionId: string,
  options: { except?: ReadonlySet<number> } = {},
): Promise<string[]> {
  const problems: string[] = [];
  const records = await prisma.ledgerRecord.findMany({
    where: { connectionId, entity: { in: ['requisition', 'purchase_order'] } },
  });
  const store = sims.oracle.store;
  const oraclePos = [...store.purchaseOrders.values(), ...store.draftPurchaseOrders.values()];
  const { vendors } = expectedOutbound(sims.scenario);
  const keyOfVendor = new Map(
    sims.scenario.vendors.flatMap((vendor) => (vendor.procurify ? [[vendor.procurify.id, vendor.key]] : [])),
  );
  const expected = expectedRequisitionPos(sims, options);

  for (const group of expected) {
    const record = records.find((r) => r.entity === 'requisition' && r.sourceId === group.sourceId);
    if (!record) {
      problems.push(`${group.sourceId}: not in the ledger`);
      continue;
    }
    if (record.status !== group.status)
      problems.push(`${group.sourceId}: ${record.status} (${record.reason ?? ''}), expected ${group.status}`);
    const inOracle = oraclePos.filter((doc) => doc.row.Description?.includes(group.reference));
    if (group.status !== 'synced') {
      if (inOracle.length > 0)
        problems.push(`${group.sourceId}: ${inOracle.length} Oracle PO(s) while ${record.status}`);
      continue;
    }
    if (inOracle.length !== 1) {
      problems.push(`${group.sourceId}: ${inOracle.length} Oracle POs, expected exactly 1`);
      continue;
    }
    const [doc] = inOracle as [(typeof inOracle)[number]];
    const supplier = vendors.get(keyOfVendor.get(group.vendorId) ?? '')?.oracle?.name;
    if (doc.row.Supplier !== supplier)
      problems.push(`${group.sourceId}: supplier ${doc.row.Supplier}, expected ${supplier}`);
    if (record.targetId !== String(doc.row.POHeaderId) || record.targetNumber !== doc.row.OrderNumber)
      problems.push(
        `${group.sourceId}: ledger target ${record.targetId}/${record.targetNumber}, Oracle ${doc.row.POHeaderId}/${doc.row.OrderNumber}`,
      );
    if (doc.row.OrderNumber === null) problems.push(`${group.sourceId}: still a draft in Oracle`);
    if (doc.lines.length !== group.lines.length)
      problems.push(`${group.sourceId}: ${doc.lines.length} Oracle lines, expected ${group.lines.length}`);
    group.lines.forEach((line, index) => {
      const oracleLine = doc.lines.find((candidate) => candidate.row.LineNumber === index + 1);
      if (!oracleLine) return;
      const account = oracleLine.schedules[0]?.distributions[0]?.POChargeAccount;
      const want = chargeAccount(sims.scenario, line.departmentId, line.glAccountId);
      if (account !== want)
        problems.push(`${group.sourceId} line ${index + 1}: account ${account}, expected ${want}`);
      if (Math.abs(oracleLine.row.Quantity - Number(line.quantity)) > 1e-9)
        problems.push(
          `${group.sourceId} line ${index + 1}: quantity ${oracleLine.row.Quantity}, expected ${line.quantity}`,
        );
      if (Math.abs(oracleLine.row.Price - Number(line.unitPrice)) > 1e-9)
        problems.push(
          `${group.sourceId} line ${index + 1}: price ${oracleLine.row.Price}, expected ${line.unitPrice}`,
        );
    });
  }

  const known = new Set(expected.map((group) => group.reference));
  for (const record of records) {
    if (record.entity === 'purchase_order')
      problems.push(`purchase_order ${record.sourceId}: recorded, but the PO stream is off`);
    else if (
      !expected.some((group) => group.sourceId === record.sourceId) &&
      !options.except?.has(Number(record.sourceId.split('-')[0]))
    )
      problems.push(
        `${record.sourceId}: in the ledger (${record.status}) but not an approved requisition × vendor`,
      );
  }
  for (const doc of oraclePos) {
    const reference = /\[PRC-(?:REQ-\d+-\d+|PO-\d+)\]/.exec(doc.row.Description ?? '')?.[0];
    const num = Number(/\[PRC-REQ-(\d+)-/.exec(reference ?? '')?.[1]);
    if (!reference || (!known.has(reference) && !options.except?.has(num)))
      problems.push(
        `Oracle PO ${doc.row.POHeaderId}: no approved requisition × vendor (${doc.row.Description})`,
      );
  }
  return problems;
}
