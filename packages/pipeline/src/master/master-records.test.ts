import { describe, expect, it } from 'vitest';
import type { Prisma } from '@mlc/db';
import { supplierSchema } from '@mlc/oracle-client';
import { vendorSchema } from '@mlc/procurify-client';
import { supplierProfileOf, vendorMasterInput, vendorProfileOf } from './master-records.ts';

const now = new Date('2026-11-21T12:00:00Z');

describe('master records', () => {
  it('a vendor hashes the same whether a list, a create or an update returned it', () => {
    const base = {
      id: 57,
      name: 'Acme Supply',
      active: true,
      external_id: '1253',
      addressLineOne: '1200 Alaskan Way',
      addressLineTwo: null,
      postalCode: '98101',
      city: 'Seattle',
      state_province: 'WA',
      country: 'US',
      type: 3,
      email: [],
    };
    // A create answers VendorDetail (more fields, a new stamp); the list answers OptimizedVendor.
    const listed = vendorSchema.parse({ ...base, dateModified: '2026-11-21T10:00:00Z' });
    const created = vendorSchema.parse({
      ...base,
      dateModified: '2026-11-21T11:00:00Z',
      payment_methods: [],
      overall_score: null,
      comments: 'from the create response',
    });
    expect(vendorMasterInput(created).contentHash).toBe(vendorMasterInput(listed).contentHash);
    expect(vendorMasterInput(created).sourceUpdatedAt).toEqual(new Date('2026-11-21T11:00:00Z'));
    const input = vendorMasterInput(listed);
    const record = {
      externalId: input.externalId,
      key: input.key ?? null,
      name: input.name ?? null,
      active: input.active,
      data: input.data as Prisma.JsonValue,
    };
    expect(vendorProfileOf(record)).toMatchObject({
      id: '57',
      externalId: '1253',
      type: 3,
      fields: { name: 'Acme Supply', city: 'Seattle', external_id: '1253', active: true },
    });
  });

  it("a supplier's profile carries its primary address and whether it is active", () => {
    const supplier = supplierSchema.parse({
      SupplierId: 300000047507499,
      Supplier: 'Acme Supply Inc.',
      SupplierNumber: '1253',
      Status: 'ACTIVE',
      InactiveDate: null,
      sites: [
        {
          SupplierSiteId: 1,
          SupplierSite: 'ACME-US',
          SupplierAddressName: 'Seattle HQ',
          SitePurposePurchasingFlag: true,
        },
        {
          SupplierSiteId: 2,
          SupplierSite: 'ACME-OLD',
          SupplierAddressName: 'Old',
          InactiveDate: '2020-01-01',
        },
      ],
      addresses: [
        {
          SupplierAddressId: 9,
          AddressName: 'Old',
          AddressLine1: '1 Old Rd',
          City: 'Boise',
          CountryCode: 'US',
        },
        {
          SupplierAddressId: 10,
          AddressName: 'Seattle HQ',
          AddressLine1: '1200 Alaskan Way',
          City: 'Seattle',
          State: 'WA',
          PostalCode: '98101',
          CountryCode: 'US',
        },
      ],
    });
    expect(supplierProfileOf(supplier, now)).toEqual({
      supplierId: '300000047507499',
      supplierNumber: '1253',
      name: 'Acme Supply Inc.',
      active: true,
      address: {
        line1: '1200 Alaskan Way',
        line2: null,
        city: 'Seattle',
        state: 'WA',
        postalCode: '98101',
        country: 'US',
      },
    });
    expect(supplierProfileOf({ ...supplier, InactiveDate: '2026-01-01' }, now).active).toBe(false);
  });
});
