import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Collection,
  invoiceBody,
  masterData,
  type OracleHarness,
  q,
  sortedStrings,
  startOracle,
} from './test-harness.ts';

let oracle: OracleHarness;
beforeAll(async () => {
  oracle = await startOracle();
});
afterAll(async () => {
  await oracle.app.close();
});

type Row = Record<string, unknown>;

describe('suppliers REST', () => {
  it('serves the scenario’s Oracle suppliers with their sites', async () => {
    const { usSupplier } = masterData(oracle.scenario);
    const supplier = await oracle.getJson(`suppliers/${usSupplier.supplierId}?expand=sites`);
    expect(supplier).toMatchObject({
      SupplierId: usSupplier.supplierId,
      Supplier: usSupplier.name,
      SupplierNumber: usSupplier.supplierNumber,
      InactiveDate: null,
    });
    expect(sortedStrings((supplier.sites as Row[]).map((site) => site.SupplierSite))).toEqual(
      sortedStrings(usSupplier.sites.map((site) => site.siteCode)),
    );
    const sites = await oracle.getJson<Collection>(`suppliers/${usSupplier.supplierId}/child/sites`);
    expect(sites.items[0]).toMatchObject({
      SupplierSiteId: expect.any(Number),
      ProcurementBU: expect.any(String),
    });
    expect(sites.items[0]).not.toHaveProperty('SupplierId');
    const procurifyOnly = oracle.scenario.vendors.filter((vendor) => !vendor.oracle).length;
    expect(oracle.store.suppliers.size).toBe(oracle.scenario.vendors.length - procurifyOnly);
  });

  it('creates a supplier and a site; Oracle assigns SupplierId and SupplierNumber', async () => {
    const created = await oracle.rest('POST', 'suppliers', {
      body: { Supplier: 'Granite Peak Abrasives LLC', TaxOrganizationType: 'Corporation' },
      contentType: 'application/vnd.oracle.adf.resourceitem+json',
    });
    expect(created.statusCode).toBe(201);
    const supplier = created.json<Row>();
    expect(supplier).toMatchObject({
      SupplierId: expect.any(Number),
      SupplierNumber: expect.stringMatching(/^\d+$/),
      Supplier: 'Granite Peak Abrasives LLC',
      BusinessRelationship: 'Spend Authorized',
    });
    expect(
      (await oracle.rest('POST', 'suppliers', { body: { Supplier: 'Granite Peak Abrasives LLC' } }))
        .statusCode,
    ).toBe(400);

    oracle.core.clock.advance(1000);
    const site = await oracle.rest('POST', `suppliers/${String(supplier.SupplierId)}/child/sites`, {
      body: {
        SupplierSite: 'GRANITE-US',
        ProcurementBU: 'US1 Business Unit',
        SitePurposePayFlag: true,
        SitePurposePurchasingFlag: true,
      },
    });
    expect(site.statusCode).toBe(201);
    expect(site.json()).toMatchObject({
      SupplierSite: 'GRANITE-US',
      ProcurementBU: 'US1 Business Unit',
      SitePurposePayFlag: true,
    });
    const reread = await oracle.getJson(`suppliers/${String(supplier.SupplierId)}`);
    expect(Date.parse(String(reread.LastUpdateDate))).toBeGreaterThan(
      Date.parse(String(supplier.LastUpdateDate)),
    );
    const badBU = await oracle.rest('POST', `suppliers/${String(supplier.SupplierId)}/child/sites`, {
      body: { SupplierSite: 'GRANITE-XX', ProcurementBU: 'Atlantis BU' },
    });
    expect(badBU.statusCode).toBe(400);

    // The new supplier and site are usable on invoices at once.
    const invoice = await oracle.rest('POST', 'invoices', {
      body: invoiceBody(oracle.scenario, {
        Supplier: 'Granite Peak Abrasives LLC',
        SupplierSite: 'GRANITE-US',
      }),
    });
    expect(invoice.statusCode).toBe(201);
    expect(invoice.json()).toMatchObject({ SupplierNumber: supplier.SupplierNumber });
  });

  it('renames a supplier with PATCH, bumping LastUpdateDate for incremental syncs', async () => {
    const { otherUsSupplier } = masterData(oracle.scenario);
    const before = await oracle.getJson(`suppliers/${otherUsSupplier.supplierId}`);
    oracle.core.clock.advance(5000);
    const since = new Date(oracle.core.clock.nowMs() - 1000).toISOString();
    const renamed = await oracle.rest('PATCH', `suppliers/${otherUsSupplier.supplierId}`, {
      body: { Supplier: 'Renamed Supply Co.' },
    });
    expect(renamed.statusCode).toBe(200);
    const after = renamed.json<Row>();
    expect(after.Supplier).toBe('Renamed Supply Co.');
    expect(Date.parse(String(after.LastUpdateDate))).toBeGreaterThan(
      Date.parse(String(before.LastUpdateDate)),
    );
    const changed = await oracle.getJson<Collection>(
      `suppliers?${q(`LastUpdateDate>'${since}'`)}&onlyData=true`,
    );
    expect(changed.items.map((item) => item.SupplierId)).toEqual([otherUsSupplier.supplierId]);
    // The old name no longer resolves on documents; the new one does.
    const oldName = await oracle.rest('POST', 'invoices', {
      body: invoiceBody(oracle.scenario, {
        InvoiceNumber: 'REN-1',
        Supplier: otherUsSupplier.name,
        SupplierSite: masterData(oracle.scenario).otherUsSite,
      }),
    });
    expect(oldName.statusCode).toBe(400);
    const readOnly = await oracle.rest('PATCH', `suppliers/${otherUsSupplier.supplierId}`, {
      body: { SupplierNumber: '1' },
    });
    expect(readOnly.statusCode).toBe(400);
  });
});

describe('supplier addresses', () => {
  it('serves each scenario site’s address, named as the site references it', async () => {
    const { usSupplier } = masterData(oracle.scenario);
    const supplier = await oracle.getJson(`suppliers/${usSupplier.supplierId}?expand=sites,addresses`);
    const addresses = supplier.addresses as Row[];
    const site = usSupplier.sites[0]!;
    expect(addresses).toContainEqual(
      expect.objectContaining({
        AddressName: `${site.address.city} ${site.address.line1}`,
        AddressLine1: site.address.line1,
        City: site.address.city,
        CountryCode: site.address.country,
        Country: 'United States',
      }),
    );
    const sites = supplier.sites as Row[];
    for (const row of sites)
      expect(addresses.map((address) => address.AddressName)).toContain(row.SupplierAddressName);
  });

  it('creates an address over REST (unique name, a country code), and moves one through the control API', async () => {
    const supplier = (
      await oracle.control('POST', '/oracle/suppliers', { name: 'Pacific Bearings Co.' })
    ).json<Row>();
    const path = `suppliers/${String(supplier.SupplierId)}/child/addresses`;
    const body = { AddressName: 'MAIN', AddressLine1: '9 Dock St', City: 'Tacoma', CountryCode: 'us' };
    const created = await oracle.rest('POST', path, { body });
    expect(created.statusCode).toBe(201);
    expect(created.json<Row>()).toMatchObject({ AddressName: 'MAIN', CountryCode: 'US', InactiveDate: null });
    expect((await oracle.rest('POST', path, { body })).statusCode).toBe(400);
    expect(
      (await oracle.rest('POST', path, { body: { ...body, AddressName: 'B', CountryCode: 'USA' } }))
        .statusCode,
    ).toBe(400);
    oracle.core.clock.advance(1000);
    const id = String(created.json<Row>().SupplierAddressId);
    const moved = await oracle.control(
      'PATCH',
      `/oracle/suppliers/${String(supplier.SupplierId)}/addresses/${id}`,
      {
        line1: '10 Pier Rd',
        city: 'Olympia',
      },
    );
    expect(moved.json<Row>()).toMatchObject({ AddressLine1: '10 Pier Rd', City: 'Olympia' });
    const after = await oracle.getJson(`suppliers/${String(supplier.SupplierId)}?expand=addresses`);
    expect(Date.parse(String(after.LastUpdateDate))).toBeGreaterThan(
      Date.parse(String(supplier.LastUpdateDate)),
    );
  });
});

describe('suppliers and accounts through the control API', () => {
  it('creates, renames and adds a site, each bumping LastUpdateDate', async () => {
    const created = await oracle.control('POST', '/oracle/suppliers', {
      name: 'Harbor Crane Service',
      supplierNumber: '7777',
    });
    expect(created.statusCode).toBe(201);
    const supplier = created.json<Row>();
    expect(supplier).toMatchObject({ SupplierNumber: '7777', sites: [] });
    oracle.core.clock.advance(1000);
    const renamed = (
      await oracle.control('PATCH', `/oracle/suppliers/${String(supplier.SupplierId)}`, {
        name: 'Harbor Crane Services Inc.',
      })
    ).json<Row>();
    expect(renamed.Supplier).toBe('Harbor Crane Services Inc.');
    expect(Date.parse(String(renamed.LastUpdateDate))).toBeGreaterThan(
      Date.parse(String(supplier.LastUpdateDate)),
    );
    oracle.core.clock.advance(1000);
    const site = await oracle.control('POST', `/oracle/suppliers/${String(supplier.SupplierId)}/sites`, {
      siteCode: 'HARBOR-CA',
      procurementBU: 'CA1 Business Unit',
    });
    expect(site.statusCode).toBe(201);
    const withSite = (
      await oracle.control('GET', `/oracle/suppliers/${String(supplier.SupplierId)}`)
    ).json<Row>();
    expect(withSite.sites).toEqual([
      expect.objectContaining({ SupplierSite: 'HARBOR-CA', SitePurposePayFlag: true }),
    ]);
    expect(Date.parse(String(withSite.LastUpdateDate))).toBeGreaterThan(
      Date.parse(String(renamed.LastUpdateDate)),
    );
    expect((await oracle.control('POST', '/oracle/suppliers', { name: '' })).statusCode).toBe(400);
    expect((await oracle.control('PATCH', '/oracle/suppliers/1', { name: 'x' })).statusCode).toBe(404);
  });

  it('disables and enables an account combination, which invoices then reject and accept', async () => {
    const { account } = masterData(oracle.scenario);
    const post = (invoiceNumber: string) =>
      oracle.rest('POST', 'invoices', {
        body: invoiceBody(oracle.scenario, {
          InvoiceNumber: invoiceNumber,
          InvoiceAmount: 10,
          invoiceLines: [{ LineAmount: 10, DistributionCombination: account }],
        }),
      });
    const disabled = await oracle.control('PATCH', `/oracle/account-combinations/${account}`, {
      enabled: false,
    });
    expect(disabled.json()).toMatchObject({ ConcatenatedSegments: account, EnabledFlag: 'N' });
    const rejected = await post('ACC-1');
    expect(rejected.statusCode).toBe(400);
    expect(rejected.body).toContain(account);
    const lov = await oracle.getJson<Collection>(
      `accountCombinationsLOV?${q(`ConcatenatedSegments='${account}'`)}`,
    );
    expect(lov.items[0]).toMatchObject({ EnabledFlag: 'N' });
    await oracle.control('PATCH', `/oracle/account-combinations/${account}`, { enabled: true });
    expect((await post('ACC-1')).statusCode).toBe(201);
    expect(
      (await oracle.control('PATCH', '/oracle/account-combinations/1-2-3', { enabled: true })).statusCode,
    ).toBe(404);
  });

  it('reloads the scenario on /_sim/reset, dropping created documents', async () => {
    expect(oracle.store.invoices.size).toBeGreaterThan(0);
    const reset = await oracle.control('POST', '/reset', { seed: 42 });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ ok: true, invoices: 0 });
    expect((await oracle.getJson<Collection>('invoices')).count).toBe(0);
    expect(
      (await oracle.getJson<Collection>(`suppliers?${q("Supplier='Harbor Crane Services Inc.'")}`)).count,
    ).toBe(0);
  });
});
