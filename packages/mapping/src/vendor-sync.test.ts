import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findVendorForSupplier,
  planVendorSync,
  primarySupplierAddress,
  vendorFieldsFromSupplier,
  vendorFieldsOf,
  VendorIndex,
  type SupplierProfile,
  type VendorFields,
  type VendorPairing,
  type VendorProfile,
} from './vendor-sync.ts';

/** Oracle supplier 1253 "Acme Supply Inc." with its Seattle address (oracle-fusion.md §4.5 shapes). */
const acme: SupplierProfile = {
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
};

/** A Procurify vendor in the spec's OptimizedVendor shape. */
function vendor(id: number, name: string, overrides: Partial<Parameters<typeof vendorFieldsOf>[0]> = {}) {
  const raw = {
    name,
    external_id: null,
    active: true,
    addressLineOne: null,
    addressLineTwo: null,
    city: null,
    state_province: null,
    postalCode: null,
    country: null,
    ...overrides,
  };
  return {
    id: String(id),
    name,
    externalId: raw.external_id ?? null,
    active: raw.active ?? true,
    type: 3,
    fields: vendorFieldsOf(raw),
  } satisfies VendorProfile;
}

const pairing = (vendors: VendorProfile[], overrides: Partial<VendorPairing> = {}): VendorPairing => ({
  targetVendorId: null,
  linkedVendorIds: [],
  linkedElsewhere: new Set(),
  vendors: new VendorIndex(vendors),
  ...overrides,
});

const found = (result: ReturnType<typeof findVendorForSupplier>) =>
  result.kind === 'found' ? `${result.vendor.id} by ${result.matchedBy}` : result.kind;

describe('vendorFieldsFromSupplier', () => {
  it('carries name, supplier number as external_id, active and the address', () => {
    expect(vendorFieldsFromSupplier(acme)).toEqual({
      kind: 'ok',
      warnings: [],
      fields: {
        name: 'Acme Supply Inc.',
        external_id: '1253',
        active: true,
        addressLineOne: '1200 Alaskan Way',
        addressLineTwo: null,
        city: 'Seattle',
        state_province: 'WA',
        postalCode: '98101',
        country: 'US',
      },
    });
  });

  it('without an address in Oracle, the address is not carried at all', () => {
    const result = vendorFieldsFromSupplier({ ...acme, address: null });
    expect(result.kind === 'ok' && Object.keys(result.fields)).toEqual(['name', 'external_id', 'active']);
  });

  it('cuts a name longer than Procurify allows (150), with a warning', () => {
    const result = vendorFieldsFromSupplier({ ...acme, name: `Acme ${'Industrial '.repeat(20)}Supply` });
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(String(result.fields.name)).toHaveLength(150);
    expect(result.warnings[0]).toMatch(
      /Supplier name ".*" is 231 characters; Procurify allows 150: carried cut/,
    );
  });

  it('leaves out an address part Procurify cannot hold instead of cutting it', () => {
    const result = vendorFieldsFromSupplier({
      ...acme,
      address: { ...acme.address!, postalCode: '98101-0000-0000-0000-0000', city: 'Llanfair'.repeat(8) },
    });
    expect(result.kind === 'ok' && result.fields).not.toHaveProperty('postalCode');
    expect(result.kind === 'ok' && result.fields).not.toHaveProperty('city');
    expect(result.kind === 'ok' && result.warnings).toEqual([
      expect.stringMatching(/city ".*" is 64 characters; Procurify allows 50: not carried/),
      expect.stringMatching(/postal code ".*" is 25 characters; Procurify allows 20: not carried/),
    ]);
  });

  it('refuses a supplier number longer than external_id allows: it is the key', () => {
    expect(vendorFieldsFromSupplier({ ...acme, supplierNumber: '9'.repeat(101) })).toMatchObject({
      kind: 'failed',
      code: 'FIELD_TOO_LONG',
      reason: expect.stringMatching(/is 101 characters; Procurify's external_id allows 100/),
    });
    expect(vendorFieldsFromSupplier({ ...acme, name: '  ' })).toMatchObject({
      kind: 'failed',
      code: 'NO_NAME',
    });
  });
});

describe('primarySupplierAddress', () => {
  const address = (name: string, city: string, active = true) => ({
    name,
    active,
    line1: `${name} street`,
    line2: null,
    city,
    state: null,
    postalCode: null,
    country: 'US',
  });

  it('takes the address of the lowest-coded active purchasing site, else the first active address by name', () => {
    const addresses = [
      address('B-HQ', 'Seattle'),
      address('A-REMIT', 'Portland'),
      address('C-OLD', 'Boise', false),
    ];
    expect(
      primarySupplierAddress(
        [
          { siteCode: 'ACME-US', addressName: 'B-HQ', active: true, purchasing: true },
          { siteCode: 'ACME-CA', addressName: 'C-OLD', active: true, purchasing: true },
          { siteCode: 'AAA-PAY', addressName: 'A-REMIT', active: true, purchasing: false },
        ],
        addresses,
      )?.city,
    ).toBe('Seattle');
    expect(primarySupplierAddress([], addresses)?.city).toBe('Portland');
    expect(primarySupplierAddress([], [address('X', 'Nowhere', false)])).toBeNull();
  });
});

describe('findVendorForSupplier', () => {
  const acmeVendor = vendor(57, 'ACME SUPPLY INC.');
  const other = vendor(58, 'Zenith Paper');

  it('keeps the vendor it was written to, whatever the names say now (stable ids)', () => {
    const renamed = vendor(57, 'Totally Different Name');
    expect(
      found(findVendorForSupplier(acme, pairing([renamed, vendor(90, acme.name)], { targetVendorId: '57' }))),
    ).toBe('57 by target');
  });

  it('lets go of the vendor it was written to once a person links that vendor to another supplier', () => {
    const vendors = [vendor(57, acme.name, { external_id: '1253' })];
    expect(
      findVendorForSupplier(
        acme,
        pairing(vendors, { targetVendorId: '57', linkedElsewhere: new Set(['57']) }),
      ).kind,
    ).toBe('none');
  });

  it('follows a vendor link, preferring the linked vendor that carries the supplier number', () => {
    const vendors = [vendor(70, 'A'), vendor(71, 'B', { external_id: '1253' }), vendor(72, acme.name)];
    expect(found(findVendorForSupplier(acme, pairing(vendors, { linkedVendorIds: ['70', '71'] })))).toBe(
      '71 by link',
    );
    expect(found(findVendorForSupplier(acme, pairing(vendors, { linkedVendorIds: ['72', '70'] })))).toBe(
      '70 by link',
    );
  });

  it('matches an unpaired supplier by external_id, then one exact, then one normalized name', () => {
    expect(
      found(
        findVendorForSupplier(acme, pairing([vendor(80, 'Whatever', { external_id: '1253' }), acmeVendor])),
      ),
    ).toBe('80 by external_id');
    expect(found(findVendorForSupplier(acme, pairing([acmeVendor, other])))).toBe('57 by exact_name');
    expect(found(findVendorForSupplier(acme, pairing([vendor(60, 'Acme Supply'), other])))).toBe(
      '60 by normalized_name',
    );
    expect(findVendorForSupplier(acme, pairing([other])).kind).toBe('none');
  });

  it('never pairs by name with a vendor linked to, or carrying the number of, another supplier', () => {
    expect(
      findVendorForSupplier(acme, pairing([acmeVendor], { linkedElsewhere: new Set(['57']) })).kind,
    ).toBe('none');
    expect(findVendorForSupplier(acme, pairing([vendor(57, acme.name, { external_id: '9999' })])).kind).toBe(
      'none',
    );
    expect(findVendorForSupplier(acme, pairing([vendor(57, acme.name, { active: false })])).kind).toBe(
      'none',
    );
  });

  it('a vendor named like two Oracle suppliers is ambiguous too, rule by rule', () => {
    const exactTwin = { exact: true, normalized: true };
    const result = findVendorForSupplier(acme, pairing([vendor(57, acme.name)], { sharedNames: exactTwin }));
    expect(result).toMatchObject({ kind: 'ambiguous', candidates: [{ id: '57' }] });
    expect(findVendorForSupplier(acme, pairing([], { sharedNames: exactTwin })).kind).toBe('none');
    // Another supplier shares only the normalized name ("Acme Supply LLC"): the exact match still pairs.
    const normalizedTwin = { exact: false, normalized: true };
    expect(
      found(findVendorForSupplier(acme, pairing([vendor(57, acme.name)], { sharedNames: normalizedTwin }))),
    ).toBe('57 by exact_name');
    expect(
      findVendorForSupplier(acme, pairing([vendor(58, 'ACME SUPPLY')], { sharedNames: normalizedTwin })).kind,
    ).toBe('ambiguous');
  });

  it('several equal names are ambiguous: a person decides', () => {
    const result = findVendorForSupplier(
      acme,
      pairing([vendor(61, 'Acme Supply Inc'), vendor(62, 'ACME SUPPLY, INC.')]),
    );
    expect(result).toMatchObject({ kind: 'ambiguous' });
    expect(result.kind === 'ambiguous' && result.candidates.map((candidate) => candidate.id)).toEqual([
      '61',
      '62',
    ]);
  });
});

describe('planVendorSync', () => {
  const desired = (overrides: Partial<SupplierProfile> = {}): VendorFields => {
    const result = vendorFieldsFromSupplier({ ...acme, ...overrides });
    if (result.kind !== 'ok') throw new Error(result.reason);
    return result.fields;
  };

  it('creates a missing vendor with external_id = supplier number and the required defaults', () => {
    expect(
      planVendorSync({ desired: desired(), vendor: undefined, previous: undefined, vendorType: 3 }),
    ).toEqual({
      kind: 'create',
      vendor: {
        name: 'Acme Supply Inc.',
        external_id: '1253',
        addressLineOne: '1200 Alaskan Way',
        city: 'Seattle',
        state_province: 'WA',
        postalCode: '98101',
        country: 'US',
        active: true,
        email: [],
        type: 3,
        overall_score: null,
      },
    });
  });

  it('creates nothing for an inactive supplier', () => {
    expect(
      planVendorSync({
        desired: desired({ active: false }),
        vendor: undefined,
        previous: undefined,
        vendorType: 3,
      }),
    ).toMatchObject({ kind: 'skip', reason: expect.stringMatching(/Inactive in Oracle/) });
  });

  it('adopting an existing vendor fills its gaps (external_id, address) and keeps its own name', () => {
    const existing = vendor(57, 'ACME SUPPLY');
    expect(
      planVendorSync({ desired: desired(), vendor: existing, previous: undefined, vendorType: 3 }),
    ).toEqual({
      kind: 'update',
      vendorId: '57',
      changes: {
        external_id: '1253',
        addressLineOne: '1200 Alaskan Way',
        city: 'Seattle',
        state_province: 'WA',
        postalCode: '98101',
        country: 'US',
      },
    });
  });

  it('a vendor that already matches is in sync', () => {
    const synced = vendor(57, acme.name, {
      external_id: '1253',
      addressLineOne: '1200 Alaskan Way',
      city: 'Seattle',
      state_province: 'WA',
      postalCode: '98101',
      country: 'US',
    });
    expect(
      planVendorSync({ desired: desired(), vendor: synced, previous: desired(), vendorType: 3 }),
    ).toEqual({
      kind: 'in_sync',
      vendorId: '57',
    });
  });

  it('a rename or a move in Oracle updates exactly those fields; deactivation deactivates the vendor', () => {
    const previous = desired();
    const current = vendor(57, 'Acme (our name)', { external_id: '1253', city: 'Seattle', country: 'US' });
    expect(
      planVendorSync({
        desired: desired({ name: 'Acme Supply Holdings Inc.', active: false }),
        vendor: current,
        previous,
        vendorType: 3,
      }),
    ).toEqual({
      kind: 'update',
      vendorId: '57',
      changes: { name: 'Acme Supply Holdings Inc.', active: false },
    });
  });

  it('property: an update never writes a field the supplier did not change since the last sync', () => {
    const name = fc.constantFrom('Acme', 'Acme Inc', 'Zenith');
    const city = fc.constantFrom('Seattle', 'Tacoma', 'Boise');
    fc.assert(
      fc.property(name, city, name, city, fc.boolean(), (before, beforeCity, after, afterCity, active) => {
        const previous = desired({ name: before, address: { ...acme.address!, city: beforeCity } });
        const now = desired({ name: after, address: { ...acme.address!, city: afterCity }, active });
        const current = vendor(57, 'Someone edited this', { external_id: '1253', city: 'Elsewhere' });
        const plan = planVendorSync({ desired: now, vendor: current, previous, vendorType: 3 });
        const written = plan.kind === 'update' ? Object.keys(plan.changes) : [];
        for (const field of written)
          expect(now[field as keyof VendorFields]).not.toEqual(previous[field as keyof VendorFields]);
        expect(written.includes('name')).toBe(before !== after);
        expect(written.includes('city')).toBe(beforeCity !== afterCity);
      }),
    );
  });
});
