import type { RunningSimulators } from '@mlc/simulators';
import { test } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import { dashedUuid } from './expectations.ts';
import { verifyMasterData, writeRoutes } from './master-data-verify.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';
import { control, procurifyApi } from './sim-api.ts';

let pipeline: Pipeline | undefined;
afterAll(async () => {
  await pipeline?.close();
});

const chart = { glAccounts: 'CASCADE_ACCOUNT', costCenters: 'CASCADE_COST_CENTER' };

/** Procurify vendors carrying `externalId` (a duplicate would show as two). */
const vendorsWith = (sims: RunningSimulators, externalId: string) =>
  [...sims.procurify.store.vendors.values()].filter((vendor) => vendor.external_id === externalId);

describe('master data: Oracle suppliers, accounts and cost centers ⇄ Procurify', () => {
  test(
    'the first sync aligns both sides: missing vendors, account codes and departments are created once; mappings follow',
    { timeout: 180_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 7, purchaseOrders: 30, bills: 30 },
        connection: {
          options: {
            masterData: {
              glAccounts: { valueSet: chart.glAccounts },
              costCenters: { valueSet: chart.costCenters },
            },
          },
        },
      });
      const { sims, connectionId } = pipeline;
      await pipeline.syncAndDrain();
      expect(await verifyMasterData(database.prisma, sims, connectionId)).toEqual([]);

      // Suppliers only Oracle has are now Procurify vendors, keyed by supplier number, with the
      // address of their purchasing site.
      const oracleOnly = sims.scenario.vendors.filter((vendor) => vendor.relation === 'oracle_only');
      expect(oracleOnly.length).toBeGreaterThan(0);
      for (const { oracle } of oracleOnly) {
        const [vendor, ...more] = vendorsWith(sims, oracle!.supplierNumber);
        expect(more).toEqual([]);
        const site = [...oracle!.sites].sort((a, b) => a.siteCode.localeCompare(b.siteCode))[0]!;
        expect(vendor).toMatchObject({
          name: oracle!.name,
          active: true,
          type: 3,
          addressLineOne: site.address.line1,
          city: site.address.city,
          postalCode: site.address.postalCode,
          country: site.address.country,
        });
        const record = await database.prisma.ledgerRecord.findFirstOrThrow({
          where: { connectionId, entity: 'supplier', sourceId: String(oracle!.supplierId) },
        });
        expect(record).toMatchObject({ status: 'synced', targetId: String(vendor!.id) });
        expect(
          await database.prisma.vendorLink.findUniqueOrThrow({
            where: {
              connectionId_procurifyVendorId: { connectionId, procurifyVendorId: String(vendor!.id) },
            },
          }),
        ).toMatchObject({ oracleSupplierNumber: oracle!.supplierNumber, matchedBy: 'created' });
      }

      // Vendors that already existed were adopted: gaps filled (external_id), their own names kept.
      const renamedInProcurify = sims.scenario.vendors.find((vendor) => vendor.relation === 'case')!;
      const adopted = sims.procurify.store.vendors.get(renamedInProcurify.procurify!.id)!;
      expect(adopted).toMatchObject({
        name: renamedInProcurify.procurify!.name,
        external_id: renamedInProcurify.oracle!.supplierNumber,
      });
      // Procurify-only vendors are untouched and still wait for a person.
      for (const vendor of sims.scenario.vendors.filter((v) => v.relation === 'procurify_only'))
        expect(sims.procurify.store.vendors.get(vendor.procurify!.id)?.external_id).toBeNull();

      // Natural-account and cost-center values Procurify lacked were created, with Oracle's descriptions.
      const codes = [...sims.procurify.store.accountCodes.values()];
      for (const value of sims.scenario.oracle.accounts) {
        const matching = codes.filter((code) => code.code === value.value);
        expect(matching.map((code) => code.description)).toEqual([value.description]);
      }
      const departments = [...sims.procurify.store.departments.values()];
      const headquarter = sims.scenario.locations.find((location) => location.headquarter)!;
      for (const value of sims.scenario.oracle.costCenters) {
        const matching = departments.filter((department) => department.externalId === value.value);
        expect(matching).toHaveLength(1);
      }
      const created = departments.find((department) => department.externalId === '910')!;
      expect(created).toMatchObject({
        name: 'Research and Development',
        locationId: headquarter.id,
        active: true,
      });

      // Mapping rows: exact matches confirmed; the finance team's own mappings untouched.
      const mappings = await database.prisma.dimensionMapping.findMany({ where: { connectionId } });
      const byKey = (kind: string, key: string) =>
        mappings.find((m) => m.kind === kind && m.procurifyKey === key);
      expect(byKey('gl_account', '6900')).toMatchObject({
        oracleValue: '6900',
        matchedBy: 'exact',
        state: 'confirmed',
      });
      expect(byKey('gl_account', sims.scenario.glAccounts[0]!.code)).toMatchObject({ matchedBy: 'explicit' });
      expect(byKey('department', String(created.id))).toMatchObject({
        oracleValue: '910',
        matchedBy: 'external_id',
        state: 'confirmed',
      });
      expect(byKey('location', '1')).toMatchObject({ matchedBy: 'explicit' });
    },
  );

  test('a second sync with nothing changed writes nothing and appends no ledger event', async ({
    database,
  }) => {
    const p = pipeline!;
    const events = await database.prisma.ledgerEvent.count();
    p.sims.procurify.core.counters.reset();
    p.sims.oracle.core.counters.reset();
    await p.syncAndDrain();
    expect(await database.prisma.ledgerEvent.count()).toBe(events);
    expect(writeRoutes(p.sims)).toEqual([]);
  });

  test('a new Oracle supplier appears once as a vendor; a rename and a move in Oracle update exactly those fields', async ({
    database,
  }) => {
    const p = pipeline!;
    const { sims, connectionId } = p;
    const supplier = await control<{ SupplierId: number; SupplierNumber: string }>(
      sims,
      'oracle',
      'POST',
      '/suppliers',
      {
        name: 'Northwind Fasteners Ltd.',
      },
    );
    await control(sims, 'oracle', 'POST', `/suppliers/${supplier.SupplierId}/addresses`, {
      name: 'HQ',
      line1: '77 Harbor Ave',
      city: 'Tacoma',
      state: 'WA',
      postalCode: '98402',
      country: 'US',
    });
    await control(sims, 'oracle', 'POST', `/suppliers/${supplier.SupplierId}/sites`, {
      siteCode: 'NWF-US',
      procurementBU: 'US1 Business Unit',
      addressName: 'HQ',
    });
    const [renamed, moved] = sims.scenario.vendors.filter(
      (v) => v.relation === 'exact' && v.oracle!.sites.length === 2,
    );
    await control(sims, 'oracle', 'PATCH', `/suppliers/${renamed!.oracle!.supplierId}`, {
      name: `${renamed!.oracle!.name} Holdings`,
    });
    const primary = [...moved!.oracle!.sites].sort((a, b) => a.siteCode.localeCompare(b.siteCode))[0]!;
    await control(
      sims,
      'oracle',
      'PATCH',
      `/suppliers/${moved!.oracle!.supplierId}/addresses/${primary.supplierSiteId + 1_000_000}`,
      {
        line1: '1 Bellevue Way',
        city: 'Bellevue',
      },
    );
    const movedBefore = { ...sims.procurify.store.vendors.get(moved!.procurify!.id)! };
    p.sims.procurify.core.counters.reset();
    await p.syncAndDrain();
    expect(await verifyMasterData(database.prisma, sims, connectionId)).toEqual([]);

    const [created, ...more] = vendorsWith(sims, supplier.SupplierNumber);
    expect(more).toEqual([]);
    expect(created).toMatchObject({
      name: 'Northwind Fasteners Ltd.',
      addressLineOne: '77 Harbor Ave',
      city: 'Tacoma',
    });
    // The rename reaches Procurify; the vendor link keeps its ids and shows both new names.
    const vendor = sims.procurify.store.vendors.get(renamed!.procurify!.id)!;
    expect(vendor.name).toBe(`${renamed!.oracle!.name} Holdings`);
    expect(
      await database.prisma.vendorLink.findUniqueOrThrow({
        where: { connectionId_procurifyVendorId: { connectionId, procurifyVendorId: String(vendor.id) } },
      }),
    ).toMatchObject({
      oracleSupplierId: String(renamed!.oracle!.supplierId),
      oracleSupplierName: `${renamed!.oracle!.name} Holdings`,
      procurifyVendorName: `${renamed!.oracle!.name} Holdings`,
    });
    // The move changes the two fields Oracle changed, nothing else Procurify holds.
    expect(sims.procurify.store.vendors.get(moved!.procurify!.id)).toMatchObject({
      ...movedBefore,
      addressLineOne: '1 Bellevue Way',
      city: 'Bellevue',
      dateModified: expect.any(String),
    });
    const writes = p.sims.procurify.core.counters.snapshot().routes;
    expect(writes['POST /api/v3/vendors/']?.count).toBe(1);
    expect(writes['PATCH /api/v3/vendors/:id/']?.count).toBe(2);
  });

  test('vendor links survive renames on either side: bills keep going to the supplier linked by id', async ({
    database,
  }) => {
    const p = pipeline!;
    const { sims, connectionId } = p;
    const [first, second] = approvableBills(sims);
    expect(second).toBeDefined();
    const vendorOf = (key: string) => sims.scenario.vendors.find((v) => v.key === key)!;
    const a = vendorOf(first!.vendorKey);
    const c = vendorOf(second!.vendorKey);
    // A supplier the renamed vendors would match by name, if matching ran again.
    const decoy = sims.scenario.vendors.find(
      (v) => v.relation === 'exact' && v.key !== a.key && v.key !== c.key && v.oracle!.sites.length === 2,
    )!;
    // Oracle renames supplier A, while someone in Procurify renames vendor A to the decoy's name.
    await control(sims, 'oracle', 'PATCH', `/suppliers/${a.oracle!.supplierId}`, {
      name: `${a.oracle!.name} (Renamed)`,
    });
    await procurifyApi(sims, 'PATCH', `/api/v3/vendors/${a.procurify!.id}/`, { name: decoy.oracle!.name });
    // Only Procurify renames vendor C (to the decoy's name too).
    await procurifyApi(sims, 'PATCH', `/api/v3/vendors/${c.procurify!.id}/`, { name: decoy.oracle!.name });
    for (const bill of [first!, second!])
      await control(sims, 'procurify', 'POST', `/bills/${bill.id}/approve`, {});
    await p.syncAndDrain();

    const invoiceOf = (billId: number) =>
      [...sims.oracle.store.invoices.values()].filter((doc) =>
        doc.row.Description?.includes(`[PRC-BILL-${billId}]`),
      );
    expect(invoiceOf(first!.id).map((doc) => [doc.row.Supplier, doc.row.SupplierNumber])).toEqual([
      [`${a.oracle!.name} (Renamed)`, a.oracle!.supplierNumber],
    ]);
    expect(invoiceOf(second!.id).map((doc) => [doc.row.Supplier, doc.row.SupplierNumber])).toEqual([
      [c.oracle!.name, c.oracle!.supplierNumber],
    ]);
    // Oracle's rename won for A (Oracle changed the name); C keeps the name given in Procurify.
    expect(sims.procurify.store.vendors.get(a.procurify!.id)?.name).toBe(`${a.oracle!.name} (Renamed)`);
    expect(sims.procurify.store.vendors.get(c.procurify!.id)?.name).toBe(decoy.oracle!.name);
    const links = await database.prisma.vendorLink.findMany({
      where: { connectionId, procurifyVendorId: { in: [String(a.procurify!.id), String(c.procurify!.id)] } },
      orderBy: { procurifyVendorId: 'asc' },
    });
    expect(
      links.map((link) => [link.procurifyVendorId, link.oracleSupplierId, link.procurifyVendorName]),
    ).toEqual(
      [
        [String(a.procurify!.id), String(a.oracle!.supplierId), `${a.oracle!.name} (Renamed)`],
        [String(c.procurify!.id), String(c.oracle!.supplierId), decoy.oracle!.name],
      ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    expect(await verifyMasterData(database.prisma, sims, connectionId)).toEqual([]);
  });

  test('departments and account codes align both ways; operator mappings are never overwritten', async ({
    database,
  }) => {
    const p = pipeline!;
    const { sims, connectionId } = p;
    const accounts = sims.oracle.store.valueSets.get(chart.glAccounts)!;
    const costCenters = sims.oracle.store.valueSets.get(chart.costCenters)!;
    const value = (set: typeof accounts, v: string) => set.values.find((row) => row.Value === v)!;
    // Oracle: a description changes, an account is added, a cost center renamed, another disabled.
    value(accounts, '6100').Description = 'Office and Breakroom Supplies';
    accounts.values.push({
      ...value(accounts, '6900'),
      ValueId: 990_001,
      Value: '6960',
      Description: 'Training',
    });
    value(costCenters, '910').Description = 'Research Labs';
    value(costCenters, '920').EnabledFlag = 'N';
    // Procurify: a department named like an Oracle cost center, an account code close to one.
    const lab = await procurifyApi<{ id: number }>(sims, 'POST', '/api/v3/departments/', {
      branch: 2,
      name: 'Research Labs',
    });
    const laptops = await procurifyApi<{ id: number }>(sims, 'POST', '/api/v3/account-codes/', {
      code: '6150-LT',
      description: 'Computer Equipment and Laptops',
    });
    // The finance team's own mapping for a department.
    const own = sims.scenario.departments[1]!;
    await p.mappings.setDimension(connectionId, {
      kind: 'department',
      procurifyKey: String(own.id),
      oracleValue: '999',
    });
    sims.procurify.core.counters.reset();
    await p.syncAndDrain();
    expect(await verifyMasterData(database.prisma, sims, connectionId)).toEqual([]);

    const codes = [...sims.procurify.store.accountCodes.values()];
    expect(codes.filter((code) => code.code === '6100').map((code) => code.description)).toEqual([
      'Office and Breakroom Supplies',
    ]);
    expect(codes.filter((code) => code.code === '6960').map((code) => code.description)).toEqual([
      'Training',
    ]);
    const departments = [...sims.procurify.store.departments.values()];
    expect(departments.find((d) => d.externalId === '910')).toMatchObject({
      name: 'Research Labs',
      active: true,
    });
    expect(departments.find((d) => d.externalId === '920')).toMatchObject({ active: false });
    const routes = sims.procurify.core.counters.snapshot().routes;
    expect(routes['PUT /api/v3/account-codes/:id/']?.count).toBe(1);
    expect(routes['POST /api/v3/account-codes/']?.count).toBe(1);
    expect(routes['PUT /api/v3/departments/:id/']?.count).toBe(2);
    expect(routes['POST /api/v3/departments/']).toBeUndefined();

    const mapping = (kind: 'department' | 'gl_account', key: string) =>
      database.prisma.dimensionMapping.findUnique({
        where: { connectionId_kind_procurifyKey: { connectionId, kind, procurifyKey: key } },
      });
    expect(await mapping('department', String(lab.id))).toMatchObject({
      oracleValue: '910',
      matchedBy: 'exact',
      state: 'confirmed',
    });
    expect(await mapping('gl_account', '6150-LT')).toMatchObject({
      oracleValue: '6150',
      matchedBy: 'suggested',
      state: 'suggested',
    });
    expect(laptops.id).toBeGreaterThan(0);
    expect(await mapping('department', String(own.id))).toMatchObject({
      oracleValue: '999',
      matchedBy: 'explicit',
    });
  });

  test('a bill blocked on an unmapped department is re-queued, and syncs, when a mapping appears', async ({
    database,
  }) => {
    const p = pipeline!;
    const { sims, connectionId } = p;
    const [, , bill] = approvableBills(sims);
    expect(bill).toBeDefined();
    const departmentId = bill!.items[0]!.allocations[0]!.departmentId;
    const department = sims.scenario.departments.find((d) => d.id === departmentId)!;
    const put = (name: string, externalId: string | null) =>
      procurifyApi(sims, 'PUT', `/api/v3/departments/${departmentId}/`, {
        branch: department.locationId,
        name,
        external_id: externalId,
      });
    // Procurify loses the department's cost center; the sync drops the automatic mapping.
    await put('Temporary team', null);
    await p.syncAndDrain();
    await control(sims, 'procurify', 'POST', `/bills/${bill!.id}/approve`, {});
    await p.syncAndDrain();
    const blocked = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { connectionId, entity: 'bill', sourceId: dashedUuid(bill!.uuid) },
    });
    expect(blocked).toMatchObject({ status: 'blocked' });
    expect(blocked.blockedOn).toContain(`department:${departmentId}`);

    // Renamed back to its cost center's name: an exact match, so a mapping appears and the bill goes.
    await put(department.name, null);
    await p.syncAndDrain();
    const synced = await database.prisma.ledgerRecord.findUniqueOrThrow({ where: { id: blocked.id } });
    expect(synced).toMatchObject({ status: 'synced' });
    const requeued = await database.prisma.ledgerEvent.findFirst({
      where: { ledgerId: blocked.id, action: 'requeued', message: { contains: 'found automatically' } },
    });
    expect(requeued).not.toBeNull();
  });
});

/** Draft bills that sync once approved: linked vendor, a site in the bill's business unit. */
function approvableBills(sims: RunningSimulators) {
  const used = new Set<string>();
  return sims.scenario.bills.filter((bill) => {
    const vendor = sims.scenario.vendors.find((v) => v.key === bill.vendorKey)!;
    const businessUnit = sims.scenario.locations.find((l) => l.id === bill.locationId)!.businessUnit;
    const eligible =
      bill.status === 0 &&
      vendor.relation !== 'procurify_only' &&
      vendor.relation !== 'external_id' &&
      vendor.oracle!.sites.some((site) => site.procurementBU === businessUnit) &&
      !used.has(bill.vendorKey);
    if (eligible) used.add(bill.vendorKey);
    return eligible;
  });
}
