import type { Scenario, ScenarioBill, ScenarioPurchaseOrder } from '@mlc/simulators';

export type ExpectedStatus = 'synced' | 'blocked' | 'skipped';

/** Procurify renders bill uuids hyphenated (the spec's uuid format). */
export function dashedUuid(hex: string): string {
  return hex.includes('-')
    ? hex
    : `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const eligibleBillStatuses = new Set([2, 4, 6, 7, 8]);

/**
 * What a correct outbound sync of `scenario` ends with, worked out from the scenario alone (not
 * from the connector's code): a PO or bill syncs when its vendor has an Oracle supplier with a
 * site in the document's business unit; otherwise it waits for a person; a bill that is not
 * approved is skipped. Assumes the scenario's location mappings are set.
 */
export function expectedOutbound(scenario: Scenario, options: { links?: ReadonlyMap<string, string> } = {}) {
  // An operator's links: Procurify vendor key → the key of the vendor whose Oracle supplier it now uses.
  const byKey = new Map(scenario.vendors.map((vendor) => [vendor.key, vendor]));
  const vendors = new Map(
    scenario.vendors.map((vendor) => {
      const linkedTo = options.links?.get(vendor.key);
      const oracle = linkedTo ? byKey.get(linkedTo)?.oracle : vendor.oracle;
      return [vendor.key, oracle ? { ...vendor, oracle } : vendor];
    }),
  );
  const locations = new Map(scenario.locations.map((location) => [location.id, location]));
  const outcome = (vendorKey: string, locationId: number): ExpectedStatus => {
    const vendor = vendors.get(vendorKey);
    const businessUnit = locations.get(locationId)?.businessUnit;
    if (!vendor?.oracle) return 'blocked';
    return vendor.oracle.sites.some((site) => site.procurementBU === businessUnit) ? 'synced' : 'blocked';
  };
  const purchaseOrders = new Map<string, { po: ScenarioPurchaseOrder; status: ExpectedStatus }>(
    scenario.purchaseOrders.map((po) => [
      String(po.id),
      { po, status: outcome(po.vendorKey, po.locationId) },
    ]),
  );
  const bills = new Map<string, { bill: ScenarioBill; status: ExpectedStatus }>(
    scenario.bills.map((bill) => [
      dashedUuid(bill.uuid),
      {
        bill,
        status: eligibleBillStatuses.has(bill.status) ? outcome(bill.vendorKey, bill.locationId) : 'skipped',
      },
    ]),
  );
  return { purchaseOrders, bills, vendors };
}

/** The Oracle charge account of a scenario department × GL account. */
export function chargeAccount(scenario: Scenario, departmentId: number, glAccountId: number): string {
  const department = scenario.departments.find((candidate) => candidate.id === departmentId);
  const account = scenario.glAccounts.find((candidate) => candidate.id === glAccountId);
  const chart = scenario.company.chartOfAccounts;
  return [chart.companyValue, department?.costCenter, account?.code, chart.intercompanyValue].join(
    chart.delimiter,
  );
}
