import { BodyReader } from './body-reader.ts';
import { requireProcurementBusinessUnit } from './master-data.ts';
import type { SupplierAddressRow, SupplierRecord, SupplierSiteRow } from './records.ts';
import { badRequest, invalidValue, notFound, readOnlyAttribute } from './request-error.ts';
import { countryName, type OracleStore } from './store.ts';

const businessRelationships = new Set(['Prospective', 'Spend Authorized']);

function requireUniqueName(store: OracleStore, name: string, except?: SupplierRecord): void {
  const existing = store.supplierByName(name);
  if (existing && existing !== except) throw badRequest(`A supplier named ${name} already exists.`);
}

/** POST suppliers: Oracle assigns SupplierId and, unless given, SupplierNumber. */
export function createSupplier(store: OracleStore, body: unknown): SupplierRecord {
  const input = new BodyReader(body);
  const name = input.requiredString('Supplier');
  requireUniqueName(store, name);
  const requestedNumber = input.string('SupplierNumber');
  if (requestedNumber !== undefined && store.supplierByNumber(requestedNumber))
    throw invalidValue('SupplierNumber', requestedNumber, 'The supplier number is already used.');
  const relationship = input.string('BusinessRelationship') ?? 'Spend Authorized';
  if (!businessRelationships.has(relationship)) throw invalidValue('BusinessRelationship', relationship);
  const now = store.now();
  const supplierId = store.nextId();
  const record: SupplierRecord = {
    row: {
      SupplierId: supplierId,
      SupplierPartyId: store.nextId(),
      Supplier: name,
      SupplierNumber: requestedNumber ?? store.nextSupplierNumber(),
      AlternateName: input.string('AlternateName') ?? null,
      TaxOrganizationType: input.string('TaxOrganizationType') ?? 'Corporation',
      SupplierType: input.string('SupplierType') ?? 'Supplier',
      BusinessRelationship: relationship,
      Status: 'ACTIVE',
      InactiveDate: input.date('InactiveDate') ?? null,
      CreationDate: now,
      LastUpdateDate: now,
    },
    sites: [],
    addresses: [],
  };
  store.addSupplier(record);
  return record;
}

const patchableAttributes = [
  'Supplier',
  'AlternateName',
  'InactiveDate',
  'TaxOrganizationType',
  'SupplierType',
  'BusinessRelationship',
];

/** PATCH suppliers/{SupplierId}: rename, (de)activate and the like; bumps LastUpdateDate. */
export function patchSupplier(store: OracleStore, supplierId: number, body: unknown): SupplierRecord {
  const patch = new BodyReader(body);
  const unknown = patch.unknownAttributes([...patchableAttributes, 'SupplierId']);
  if (unknown[0] !== undefined) throw readOnlyAttribute(unknown[0], 'suppliers');
  const record = store.suppliers.get(supplierId);
  if (!record) throw notFound('suppliers', String(supplierId));
  const name = patch.string('Supplier');
  if (name !== undefined) requireUniqueName(store, name, record);
  const relationship = patch.string('BusinessRelationship');
  if (relationship !== undefined && !businessRelationships.has(relationship))
    throw invalidValue('BusinessRelationship', relationship);
  const inactiveDate = patch.date('InactiveDate');

  const { row } = record;
  if (name !== undefined) store.renameSupplier(record, name);
  if ('InactiveDate' in patch.body) row.InactiveDate = inactiveDate ?? null;
  if ('AlternateName' in patch.body) row.AlternateName = patch.string('AlternateName') ?? null;
  row.TaxOrganizationType = patch.string('TaxOrganizationType') ?? row.TaxOrganizationType;
  row.SupplierType = patch.string('SupplierType') ?? row.SupplierType;
  row.BusinessRelationship = relationship ?? row.BusinessRelationship;
  row.LastUpdateDate = store.now();
  return record;
}

/**
 * POST suppliers/{SupplierId}/child/sites: a site in a procurement BU. Purpose flags default to
 * false, as on Oracle's create. The supplier's LastUpdateDate moves so incremental syncs see it.
 */
export function createSupplierSite(store: OracleStore, supplierId: number, body: unknown): SupplierSiteRow {
  const input = new BodyReader(body);
  const record = store.suppliers.get(supplierId);
  if (!record) throw notFound('suppliers', String(supplierId));
  const siteCode = input.requiredString('SupplierSite');
  const unit = requireProcurementBusinessUnit(store, 'ProcurementBU', input.requiredString('ProcurementBU'));
  const name = unit.row.BusinessUnitName;
  if (record.sites.some((site) => site.SupplierSite === siteCode && site.ProcurementBU === name))
    throw badRequest(
      `The supplier site ${siteCode} already exists in the procurement business unit ${name}.`,
    );
  const now = store.now();
  const pay = input.boolean('SitePurposePayFlag') ?? false;
  const site: SupplierSiteRow = {
    SupplierSiteId: store.nextId(),
    SupplierSite: siteCode,
    ProcurementBUId: unit.row.BusinessUnitId,
    ProcurementBU: name,
    SupplierAddressName: input.string('SupplierAddressName') ?? null,
    SitePurposePurchasingFlag: input.boolean('SitePurposePurchasingFlag') ?? false,
    SitePurposePayFlag: pay,
    SitePurposePrimaryPayFlag: input.boolean('SitePurposePrimaryPayFlag') ?? pay,
    InactiveDate: input.date('InactiveDate') ?? null,
    CreationDate: now,
    LastUpdateDate: now,
  };
  record.sites.push(site);
  record.row.LastUpdateDate = now;
  return site;
}

/**
 * POST suppliers/{SupplierId}/child/addresses: AddressName (unique per supplier), AddressLine1,
 * City and CountryCode are required. The supplier's LastUpdateDate moves, like a site's.
 */
export function createSupplierAddress(
  store: OracleStore,
  supplierId: number,
  body: unknown,
): SupplierAddressRow {
  const input = new BodyReader(body);
  const record = store.suppliers.get(supplierId);
  if (!record) throw notFound('suppliers', String(supplierId));
  const name = input.requiredString('AddressName');
  if (record.addresses.some((address) => address.AddressName === name))
    throw badRequest(`The supplier ${record.row.Supplier} already has an address named ${name}.`);
  const countryCode = input.requiredString('CountryCode').toUpperCase();
  if (!/^[A-Z]{2}$/.test(countryCode)) throw invalidValue('CountryCode', countryCode);
  const now = store.now();
  const address: SupplierAddressRow = {
    SupplierAddressId: store.nextId(),
    AddressName: name,
    AddressLine1: input.requiredString('AddressLine1'),
    AddressLine2: input.string('AddressLine2') ?? null,
    City: input.requiredString('City'),
    State: input.string('State') ?? null,
    PostalCode: input.string('PostalCode') ?? null,
    CountryCode: countryCode,
    Country: countryName(countryCode),
    AddressPurposeOrderingFlag: input.boolean('AddressPurposeOrderingFlag') ?? true,
    AddressPurposeRemitToFlag: input.boolean('AddressPurposeRemitToFlag') ?? true,
    InactiveDate: input.date('InactiveDate') ?? null,
    CreationDate: now,
    LastUpdateDate: now,
  };
  record.addresses.push(address);
  record.row.LastUpdateDate = now;
  return address;
}

const patchableAddressAttributes = [
  'AddressLine1',
  'AddressLine2',
  'City',
  'State',
  'PostalCode',
  'CountryCode',
  'InactiveDate',
] as const;

/** PATCH suppliers/{SupplierId}/child/addresses/{SupplierAddressId}: a move; the supplier's LastUpdateDate moves too. */
export function patchSupplierAddress(
  store: OracleStore,
  supplierId: number,
  addressId: number,
  body: unknown,
): SupplierAddressRow {
  const patch = new BodyReader(body);
  const unknown = patch.unknownAttributes([
    ...patchableAddressAttributes,
    'SupplierAddressId',
    'AddressName',
  ]);
  if (unknown[0] !== undefined) throw readOnlyAttribute(unknown[0], 'addresses');
  const record = store.suppliers.get(supplierId);
  if (!record) throw notFound('suppliers', String(supplierId));
  const address = record.addresses.find((candidate) => candidate.SupplierAddressId === addressId);
  if (!address) throw notFound('addresses', String(addressId));
  const text = (attribute: string) => patch.string(attribute);
  if ('AddressLine1' in patch.body) address.AddressLine1 = text('AddressLine1') ?? address.AddressLine1;
  if ('AddressLine2' in patch.body) address.AddressLine2 = text('AddressLine2') ?? null;
  if ('City' in patch.body) address.City = text('City') ?? address.City;
  if ('State' in patch.body) address.State = text('State') ?? null;
  if ('PostalCode' in patch.body) address.PostalCode = text('PostalCode') ?? null;
  if ('CountryCode' in patch.body) {
    const code = (text('CountryCode') ?? '').toUpperCase();
    if (!/^[A-Z]{2}$/.test(code)) throw invalidValue('CountryCode', code);
    address.CountryCode = code;
    address.Country = countryName(code);
  }
  if ('InactiveDate' in patch.body) address.InactiveDate = patch.date('InactiveDate') ?? null;
  const now = store.now();
  address.LastUpdateDate = now;
  record.row.LastUpdateDate = now;
  return address;
}
