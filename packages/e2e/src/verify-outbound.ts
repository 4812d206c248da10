import type { PrismaClient } from '@mlc/db';
import type { RunningSimulators } from '@mlc/simulators';
import { chargeAccount, expectedOutbound } from './expectations.ts';

/**
 * Every way the outbound end state can be wrong, one line each (empty = correct): ledger states
 * against what the scenario implies, and Oracle's documents against the ledger — each synced
 * record exactly once in Oracle with the right supplier, lines, amounts, accounts and
 * description, and nothing in Oracle that the ledger does not know.
 */
export async function verifyOutbound(
  prisma: PrismaClient,
  sims: RunningSimulators,
  connectionId: string,
  options: { links?: ReadonlyMap<string, string> } = {},
): Promise<string[]> {
  const problems: string[] = [];
  const expected = expectedOutbound(sims.scenario, options);
  const records = await prisma.ledgerRecord.findMany({
    where: { connectionId, entity: { in: ['purchase_order', 'bill'] } },
  });
  const store = sims.oracle.store;

  // Purchase orders.
  const oraclePos = [...store.purchaseOrders.values(), ...store.draftPurchaseOrders.values()];
  for (const [sourceId, { po, status }] of expected.purchaseOrders) {
    const record = records.find((r) => r.entity === 'purchase_order' && r.sourceId === sourceId);
    if (!record) {
      problems.push(`PO ${sourceId}: not in the ledger`);
      continue;
    }
    if (record.status !== status)
      problems.push(`PO ${sourceId}: ${record.status} (${record.reason ?? ''}), expected ${status}`);
    const inOracle = oraclePos.filter((doc) => doc.row.Description?.includes(`[PRC-PO-${sourceId}]`));
    if (status !== 'synced') {
      if (inOracle.length > 0)
        problems.push(
          `PO ${sourceId}: ${inOracle.length} Oracle PO(s) for a record that is ${record.status}`,
        );
      continue;
    }
    if (inOracle.length !== 1) {
      problems.push(`PO ${sourceId}: ${inOracle.length} Oracle POs, expected exactly 1`);
      continue;
    }
    const [doc] = inOracle as [(typeof inOracle)[number]];
    const vendor = expected.vendors.get(po.vendorKey);
    if (doc.row.Supplier !== vendor?.oracle?.name)
      problems.push(`PO ${sourceId}: supplier ${doc.row.Supplier}, expected ${vendor?.oracle?.name}`);
    if (record.targetId !== String(doc.row.POHeaderId) || record.targetNumber !== doc.row.OrderNumber)
      problems.push(
        `PO ${sourceId}: ledger target ${record.targetId}/${record.targetNumber}, Oracle ${doc.row.POHeaderId}/${doc.row.OrderNumber}`,
      );
    if (doc.row.OrderNumber === null) problems.push(`PO ${sourceId}: still a draft in Oracle`);
    if (doc.lines.length !== po.lines.length)
      problems.push(`PO ${sourceId}: ${doc.lines.length} lines, expected ${po.lines.length}`);
    const ordered = doc.lines.reduce((sum, line) => sum + Math.round(line.row.Ordered * 100), 0);
    if (ordered !== Math.round(Number(po.subtotal) * 100))
      problems.push(`PO ${sourceId}: ordered ${ordered / 100}, expected ${po.subtotal}`);
    po.lines.forEach((line, index) => {
      const oracleLine = doc.lines.find((candidate) => candidate.row.LineNumber === index + 1);
      const account = oracleLine?.schedules[0]?.distributions[0]?.POChargeAccount;
      const want = chargeAccount(sims.scenario, line.departmentId, line.glAccountId);
      if (account !== want)
        problems.push(`PO ${sourceId} line ${index + 1}: account ${account}, expected ${want}`);
      if (oracleLine && Math.abs(oracleLine.row.Quantity - Number(line.quantity)) > 1e-9)
        problems.push(
          `PO ${sourceId} line ${index + 1}: quantity ${oracleLine.row.Quantity}, expected ${line.quantity}`,
        );
    });
  }
  for (const doc of oraclePos) {
    const reference = /\[PRC-PO-(\d+)\]/.exec(doc.row.Description ?? '')?.[1];
    if (!reference || !expected.purchaseOrders.has(reference))
      problems.push(`Oracle PO ${doc.row.POHeaderId}: no known Procurify PO (${doc.row.Description})`);
  }

  // Bills → invoices.
  const invoices = [...store.invoices.values()];
  for (const [sourceId, { bill, status }] of expected.bills) {
    const record = records.find((r) => r.entity === 'bill' && r.sourceId === sourceId);
    if (!record) {
      problems.push(`bill ${bill.id}: not in the ledger`);
      continue;
    }
    if (record.status !== status)
      problems.push(`bill ${bill.id}: ${record.status} (${record.reason ?? ''}), expected ${status}`);
    const inOracle = invoices.filter((doc) => doc.row.Description?.includes(`[PRC-BILL-${bill.id}]`));
    if (status !== 'synced') {
      if (inOracle.length > 0)
        problems.push(`bill ${bill.id}: ${inOracle.length} invoice(s) for a record that is ${record.status}`);
      continue;
    }
    if (inOracle.length !== 1) {
      problems.push(`bill ${bill.id}: ${inOracle.length} Oracle invoices, expected exactly 1`);
      continue;
    }
    const [doc] = inOracle as [(typeof inOracle)[number]];
    const vendor = expected.vendors.get(bill.vendorKey);
    if (doc.row.Supplier !== vendor?.oracle?.name)
      problems.push(`bill ${bill.id}: supplier ${doc.row.Supplier}, expected ${vendor?.oracle?.name}`);
    if (Math.round(doc.row.InvoiceAmount * 100) !== Math.round(Number(bill.total) * 100))
      problems.push(`bill ${bill.id}: amount ${doc.row.InvoiceAmount}, expected ${bill.total}`);
    if (doc.row.InvoiceNumber !== (bill.invoiceNumber || `PRC-${bill.id}`))
      problems.push(`bill ${bill.id}: invoice number ${doc.row.InvoiceNumber}`);
    if (record.targetId !== String(doc.row.InvoiceId))
      problems.push(`bill ${bill.id}: ledger target ${record.targetId}, Oracle ${doc.row.InvoiceId}`);
    const lineTotal = doc.lines.reduce((sum, line) => sum + Math.round(line.row.LineAmount * 100), 0);
    if (lineTotal !== Math.round(doc.row.InvoiceAmount * 100))
      problems.push(`bill ${bill.id}: lines sum to ${lineTotal / 100}`);
    // Unmatched item lines carry the scenario's allocations as distributions.
    const combos = new Set(
      doc.lines.flatMap((line) =>
        line.distributions.map((distribution) => distribution.DistributionCombination),
      ),
    );
    for (const item of bill.items) {
      const matched = doc.lines.some(
        (line) => line.row.PurchaseOrderNumber !== null && line.row.Description === item.description,
      );
      if (matched) continue;
      for (const allocation of item.allocations) {
        const want = chargeAccount(sims.scenario, allocation.departmentId, allocation.glAccountId);
        if (!combos.has(want)) problems.push(`bill ${bill.id}: no distribution to ${want}`);
      }
    }
  }
  for (const doc of invoices) {
    const reference = /\[PRC-BILL-(\d+)\]/.exec(doc.row.Description ?? '')?.[1];
    if (!reference || !sims.scenario.bills.some((bill) => String(bill.id) === reference))
      problems.push(`Oracle invoice ${doc.row.InvoiceId}: no known Procurify bill (${doc.row.Description})`);
  }
  return problems;
}
