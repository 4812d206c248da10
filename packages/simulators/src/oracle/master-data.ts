import { invalidValue, requiredAttribute } from './request-error.ts';
import type {
  AccountCombinationRow,
  BusinessUnitRecord,
  SupplierRecord,
  SupplierSiteRow,
} from './records.ts';
import type { OracleStore } from './store.ts';

// Lookups every document validates against; each failure is a 400 naming the attribute and value.

export function requireBusinessUnit(store: OracleStore, attribute: string, name: string): BusinessUnitRecord {
  const unit = store.businessUnit(name);
  if (!unit) throw invalidValue(attribute, name);
  return unit;
}

export function requireProcurementBusinessUnit(
  store: OracleStore,
  attribute: string,
  name: string,
): BusinessUnitRecord {
  const unit = store.procurementBusinessUnit(name);
  if (!unit) throw invalidValue(attribute, name);
  return unit;
}

export function requireCurrency(store: OracleStore, attribute: string, code: string): string {
  if (!store.currencies.has(code)) throw invalidValue(attribute, code);
  return code;
}

/** An existing, enabled account combination given as concatenated segments. */
export function requireEnabledAccount(
  store: OracleStore,
  attribute: string,
  segments: string,
): AccountCombinationRow {
  const combination = store.accountCombination(segments);
  if (!combination) throw invalidValue(attribute, segments, 'The account combination does not exist.');
  if (combination.EnabledFlag !== 'Y')
    throw invalidValue(attribute, segments, 'The account combination is disabled.');
  return combination;
}

/** The supplier named by `Supplier` and/or `SupplierNumber` (both must agree), active. */
export function requireSupplier(
  store: OracleStore,
  name: string | undefined,
  supplierNumber: string | undefined,
  nameAttribute = 'Supplier',
): SupplierRecord {
  if (name === undefined && supplierNumber === undefined) throw requiredAttribute(nameAttribute);
  const byName = name === undefined ? undefined : store.supplierByName(name);
  if (name !== undefined && !byName) throw invalidValue(nameAttribute, name);
  const byNumber = supplierNumber === undefined ? undefined : store.supplierByNumber(supplierNumber);
  if (supplierNumber !== undefined && (!byNumber || (byName && byName !== byNumber)))
    throw invalidValue('SupplierNumber', supplierNumber);
  const supplier = byName ?? byNumber;
  if (!supplier) throw requiredAttribute(nameAttribute);
  const inactive = supplier.row.InactiveDate;
  if (inactive !== null && inactive.slice(0, 10) <= store.today())
    throw invalidValue(nameAttribute, supplier.row.Supplier, 'The supplier is inactive.');
  return supplier;
}

/** The supplier's active site with that code in the business unit, usable for `purpose`. */
export function requireSupplierSite(
  store: OracleStore,
  supplier: SupplierRecord,
  siteCode: string,
  businessUnit: string,
  purpose: 'purchasing' | 'pay',
  attribute = 'SupplierSite',
): SupplierSiteRow {
  const sameCode = supplier.sites.filter((site) => site.SupplierSite === siteCode);
  const site = sameCode.find((candidate) => candidate.ProcurementBU === businessUnit);
  if (!site) {
    throw invalidValue(
      attribute,
      siteCode,
      sameCode.length > 0
        ? `The site is not assigned to the business unit ${businessUnit}.`
        : `The supplier ${supplier.row.Supplier} has no such site.`,
    );
  }
  if (site.InactiveDate !== null && site.InactiveDate.slice(0, 10) <= store.today())
    throw invalidValue(attribute, siteCode, 'The site is inactive.');
  if (purpose === 'purchasing' && !site.SitePurposePurchasingFlag)
    throw invalidValue(attribute, siteCode, 'The site is not a purchasing site.');
  if (purpose === 'pay' && !site.SitePurposePayFlag)
    throw invalidValue(attribute, siteCode, 'The site is not a pay site.');
  return site;
}
