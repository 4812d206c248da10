import { describe, expect, it } from 'vitest';
import { countryCode, planSupplierCreation, type VendorForSupplier } from './supplier-create.ts';

/** Procurify vendor 230 "Bluewater Logistics Group" (spec OptimizedVendor fields), no Oracle supplier. */
const bluewater: VendorForSupplier = {
  id: '230',
  name: 'Bluewater Logistics Group',
  active: true,
  type: 3,
  address: {
    line1: '4400 NW Yeon Ave',
    line2: 'Dock 3',
    city: 'Portland',
    state: 'OR',
    postalCode: '97210',
    country: 'United States',
  },
};
const options = {
  siteCode: 'PROCURIFY',
  procurementBUs: ['US1 Business Unit'],
  taxOrganizationType: 'Corporation',
};

describe('countryCode', () => {
  it.each([
    ['US', 'US'],
    ['ca', 'CA'],
    ['United States', 'US'],
    ['canada', 'CA'],
    ['Germany', 'DE'],
    ['USA', 'US'],
    ['Atlantis', undefined],
    [null, undefined],
  ] as const)('%s → %s', (input, code) => {
    expect(countryCode(input)).toBe(code);
  });
});

describe('planSupplierCreation', () => {
  it('creates the supplier, its address and one purchasing+pay site per procurement BU', () => {
    expect(
      planSupplierCreation(bluewater, {
        ...options,
        procurementBUs: ['US1 Business Unit', 'CA1 Business Unit'],
      }),
    ).toEqual({
      kind: 'mapped',
      warnings: [],
      payload: {
        procurifyVendorId: '230',
        procurifyVendorName: 'Bluewater Logistics Group',
        supplier: {
          Supplier: 'Bluewater Logistics Group',
          TaxOrganizationType: 'Corporation',
          BusinessRelationship: 'Spend Authorized',
        },
        address: {
          AddressName: 'PROCURIFY',
          AddressLine1: '4400 NW Yeon Ave',
          AddressLine2: 'Dock 3',
          City: 'Portland',
          State: 'OR',
          PostalCode: '97210',
          CountryCode: 'US',
          AddressPurposeOrderingFlag: true,
          AddressPurposeRemitToFlag: true,
        },
        sites: ['US1 Business Unit', 'CA1 Business Unit'].map((bu) => ({
          SupplierSite: 'PROCURIFY',
          ProcurementBU: bu,
          SitePurposePurchasingFlag: true,
          SitePurposePayFlag: true,
          SupplierAddressName: 'PROCURIFY',
        })),
      },
    });
  });

  it('without a complete address the supplier is created without one, and says so', () => {
    const outcome = planSupplierCreation(
      { ...bluewater, address: { ...bluewater.address, country: 'Atlantis' } },
      options,
    );
    expect(outcome).toMatchObject({
      kind: 'mapped',
      payload: { address: null, sites: [{ SupplierSite: 'PROCURIFY', ProcurementBU: 'US1 Business Unit' }] },
      warnings: [expect.stringMatching(/no complete address/)],
    });
    expect(outcome.kind === 'mapped' && outcome.payload.sites[0]).not.toHaveProperty('SupplierAddressName');
  });

  it('skips inactive and non-supplier vendors; refuses what Oracle cannot take', () => {
    expect(planSupplierCreation({ ...bluewater, active: false }, options).kind).toBe('skipped');
    expect(planSupplierCreation({ ...bluewater, type: 5 }, options)).toMatchObject({
      kind: 'skipped',
      reason: expect.stringMatching(/type 5/),
    });
    expect(planSupplierCreation({ ...bluewater, name: 'x'.repeat(361) }, options)).toMatchObject({
      kind: 'failed',
      code: 'FIELD_TOO_LONG',
    });
    expect(planSupplierCreation(bluewater, { ...options, siteCode: 'A-VERY-LONG-SITE-CODE' })).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/1 to 15 characters/),
    });
    expect(planSupplierCreation(bluewater, { ...options, procurementBUs: [' '] })).toMatchObject({
      kind: 'failed',
      code: 'NO_PROCUREMENT_BU',
    });
  });
});
