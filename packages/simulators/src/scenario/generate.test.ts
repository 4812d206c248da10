import { describe, expect, it } from 'vitest';
import { generateScenario, parseCents } from './generate.ts';

const anchor = new Date('2026-11-20T12:00:00Z');

describe('generateScenario', () => {
  it('is deterministic for a seed', () => {
    expect(generateScenario({ seed: 7, purchaseOrders: 30, anchor })).toEqual(
      generateScenario({ seed: 7, purchaseOrders: 30, anchor }),
    );
    expect(generateScenario({ seed: 8, purchaseOrders: 30, anchor })).not.toEqual(
      generateScenario({ seed: 7, purchaseOrders: 30, anchor }),
    );
  });

  it('builds a manufacturer with three locations, departments, GL accounts and 50+ vendors', () => {
    const scenario = generateScenario({ seed: 1, purchaseOrders: 10, anchor });
    expect(scenario.locations).toHaveLength(3);
    expect(scenario.departments.length).toBeGreaterThanOrEqual(9);
    expect(scenario.glAccounts.length).toBeGreaterThanOrEqual(10);
    expect(scenario.vendors.length).toBeGreaterThanOrEqual(50);
    const relations = new Set(scenario.vendors.map((vendor) => vendor.relation));
    expect([...relations].sort()).toEqual(
      ['case', 'exact', 'external_id', 'legal_suffix', 'oracle_only', 'procurify_only', 'punctuation'].sort(),
    );
    expect(
      scenario.vendors.every((vendor) => vendor.procurify !== undefined || vendor.oracle !== undefined),
    ).toBe(true);
    const byRelation = (relation: string) =>
      scenario.vendors.filter((vendor) => vendor.relation === relation);
    expect(byRelation('procurify_only').every((vendor) => vendor.oracle === undefined)).toBe(true);
    expect(byRelation('oracle_only').every((vendor) => vendor.procurify === undefined)).toBe(true);
    expect(byRelation('external_id').map((vendor) => vendor.procurify?.externalId)).toEqual(
      byRelation('external_id').map((vendor) => vendor.oracle?.supplierNumber),
    );
  });

  it('makes POs with 1–20 lines whose totals add up, and bills whose allocations add up', () => {
    const scenario = generateScenario({ seed: 3, purchaseOrders: 200, bills: 200, anchor });
    for (const po of scenario.purchaseOrders) {
      expect(po.lines.length).toBeGreaterThanOrEqual(1);
      expect(po.lines.length).toBeLessThanOrEqual(20);
      const subtotal = po.lines.reduce((sum, line) => sum + parseCents(line.total), 0);
      expect(subtotal).toBe(parseCents(po.subtotal));
      expect(parseCents(po.subtotal) + parseCents(po.freight) + parseCents(po.tax)).toBe(
        parseCents(po.total),
      );
    }
    for (const bill of scenario.bills) {
      for (const item of bill.items) {
        expect(item.allocations.reduce((sum, allocation) => sum + parseCents(allocation.amount), 0)).toBe(
          parseCents(item.total),
        );
      }
      const items = bill.items.reduce((sum, item) => sum + parseCents(item.total), 0);
      const costs = bill.costs.reduce((sum, cost) => sum + parseCents(cost.amount), 0);
      expect(items + costs + parseCents(bill.taxAmount)).toBe(parseCents(bill.total));
    }
    // The variety the sync has to handle is present.
    expect(scenario.bills.some((bill) => bill.purchaseOrderId !== null)).toBe(true);
    expect(scenario.bills.some((bill) => bill.purchaseOrderId === null)).toBe(true);
    expect(scenario.bills.some((bill) => bill.items.some((item) => item.allocations.length > 1))).toBe(true);
    expect(scenario.bills.some((bill) => bill.costs.length > 0)).toBe(true);
    expect(scenario.bills.some((bill) => bill.status !== 2)).toBe(true);
    expect(scenario.bills.some((bill) => bill.currency === 'CAD')).toBe(true);
    expect(scenario.purchaseOrders.some((po) => po.lines.some((line) => line.note))).toBe(true);
  });

  it('dates everything before the anchor, within the spread', () => {
    const scenario = generateScenario({ seed: 5, purchaseOrders: 100, anchor, spreadDays: 10 });
    const earliest = anchor.getTime() - 11 * 86_400_000;
    for (const po of scenario.purchaseOrders) {
      expect(Date.parse(po.modifiedAt)).toBeLessThan(anchor.getTime());
      expect(Date.parse(po.createdAt)).toBeGreaterThan(earliest);
    }
    for (const bill of scenario.bills) expect(Date.parse(bill.modifiedAt)).toBeLessThan(anchor.getTime());
  });

  it('gives every charge account it uses an enabled Oracle combination', () => {
    const scenario = generateScenario({ seed: 9, purchaseOrders: 50, anchor });
    const enabled = new Set(
      scenario.oracle.accountCombinations.filter((c) => c.enabled).map((c) => c.combination),
    );
    const glCode = new Map(scenario.glAccounts.map((account) => [account.id, account.code]));
    const costCenter = new Map(
      scenario.departments.map((department) => [department.id, department.costCenter]),
    );
    for (const po of scenario.purchaseOrders) {
      for (const line of po.lines) {
        expect(
          enabled.has(`100-${costCenter.get(line.departmentId)}-${glCode.get(line.glAccountId)}-000`),
        ).toBe(true);
      }
    }
  });

  it('adds open requisitions on their own random stream, leaving the rest of the seed unchanged', () => {
    const plain = generateScenario({ seed: 4, purchaseOrders: 30, anchor });
    const { openRequisitions, ...rest } = generateScenario({
      seed: 4,
      purchaseOrders: 30,
      openRequisitions: 40,
      anchor,
    });
    expect(rest).toEqual(plain);
    expect(plain.openRequisitions).toBeUndefined();
    expect(openRequisitions).toHaveLength(40);
    const requisitions = openRequisitions ?? [];
    const poLineIds = new Set(plain.purchaseOrders.flatMap((po) => po.lines.map((line) => line.id)));
    const nums = new Set(plain.purchaseOrders.map((po) => po.requisition.num));
    for (const requisition of requisitions) {
      expect(nums.has(requisition.num)).toBe(false);
      expect(requisition.lines.every((line) => !poLineIds.has(line.id))).toBe(true);
      expect(requisition.approvedAt !== null).toBe(requisition.status === 1);
      for (const line of requisition.lines)
        expect(parseCents(line.total)).toBe(parseCents(line.unitPrice) * Number(line.quantity));
    }
    const statuses = new Set(requisitions.map((requisition) => requisition.status));
    expect(statuses.has(1) && statuses.size > 1).toBe(true);
    // Some approved requisitions mix two vendors: they become two Oracle POs.
    expect(
      requisitions.some(
        (requisition) =>
          requisition.status === 1 && new Set(requisition.lines.map((line) => line.vendorKey)).size === 2,
      ),
    ).toBe(true);
  });

  it('generates 100,000 POs (benchmark volume) in one call', () => {
    const scenario = generateScenario({ seed: 11, purchaseOrders: 100_000, bills: 0, linesPerPo: 5, anchor });
    expect(scenario.purchaseOrders).toHaveLength(100_000);
    expect(scenario.purchaseOrders.every((po) => po.lines.length === 5)).toBe(true);
  }, 60_000); // a second alone; far more on a loaded CI machine
});
