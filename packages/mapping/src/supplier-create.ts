import { fitText, textOrNull } from './master-diff.ts';
import type { MapOutcome } from './outcome.ts';
import { exactNameKey } from './vendor-match.ts';
import { supplierVendorTypes, type PostalAddress } from './vendor-sync.ts';

/**
 * Procurify vendors with no Oracle supplier → new Oracle suppliers with a site (ledger entity
 * `vendor`, only with `options.createSuppliersInOracle`). Oracle owns its supplier master, so this
 * only ever creates: later vendor edits are not pushed to Oracle.
 */

/** Oracle's lengths for what we send (POZ_SUPPLIERS / HZ_LOCATIONS / POZ_SUPPLIER_SITES). */
export const oracleSupplierLimits = {
  Supplier: 360,
  SupplierSite: 15,
  AddressName: 240,
  AddressLine1: 240,
  AddressLine2: 240,
  City: 60,
  State: 60,
  PostalCode: 60,
} as const;

export interface NewSupplierOptions {
  /** Site code of the site(s) created (Oracle allows 15 characters). */
  siteCode: string;
  /** One site per procurement BU. */
  procurementBUs: readonly string[];
  taxOrganizationType: string;
}

export interface SupplierCreation {
  procurifyVendorId: string;
  procurifyVendorName: string;
  supplier: { Supplier: string; TaxOrganizationType: string; BusinessRelationship: 'Spend Authorized' };
  /** Created before the sites, which then reference it; null when the vendor has no usable address. */
  address: {
    AddressName: string;
    AddressLine1: string;
    AddressLine2?: string;
    City: string;
    State?: string;
    PostalCode?: string;
    CountryCode: string;
    AddressPurposeOrderingFlag: true;
    AddressPurposeRemitToFlag: true;
  } | null;
  sites: {
    SupplierSite: string;
    ProcurementBU: string;
    SitePurposePurchasingFlag: true;
    SitePurposePayFlag: true;
    SupplierAddressName?: string;
  }[];
}

/** The vendor as this flow needs it (the Procurify vendor as read). */
export interface VendorForSupplier {
  id: string;
  name: string;
  active: boolean;
  type: number | null;
  address: PostalAddress;
}

let countryCodes: Map<string, string> | undefined;

/**
 * Procurify's free-text country → ISO 3166 alpha-2 (what Oracle's CountryCode takes): a two-letter
 * code as is, else an English country name as `Intl.DisplayNames` spells it, plus the common
 * abbreviations. Undefined when it cannot be told.
 */
export function countryCode(country: string | null | undefined): string | undefined {
  const text = textOrNull(country);
  if (text === null) return undefined;
  if (/^[A-Za-z]{2}$/u.test(text)) return text.toUpperCase();
  if (!countryCodes) {
    countryCodes = new Map([
      ['usa', 'US'],
      ['u.s.a.', 'US'],
      ['u.s.', 'US'],
      ['united states of america', 'US'],
      ['uk', 'GB'],
      ['great britain', 'GB'],
    ]);
    const names = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const first of letters)
      for (const second of letters) {
        const code = `${first}${second}`;
        const name = names.of(code);
        if (name && name !== code) countryCodes.set(exactNameKey(name), code);
      }
  }
  return countryCodes.get(exactNameKey(text));
}

/**
 * The Oracle supplier, address and site(s) for a Procurify vendor with no supplier: the vendor's
 * name (Oracle allows 360), a "Spend Authorized" relationship, the connection's tax organization
 * type, its address when it has line 1, city and a country Oracle can take, and one site with the
 * configured code in each procurement BU, for purchasing and pay. Vendors that are inactive or are
 * not supplier-type (employees, card providers…) are skipped.
 */
export function planSupplierCreation(
  vendor: VendorForSupplier,
  options: NewSupplierOptions,
): MapOutcome<SupplierCreation> {
  if (!vendor.active)
    return { kind: 'skipped', reason: 'The Procurify vendor is inactive: no Oracle supplier is created' };
  if (vendor.type !== null && !supplierVendorTypes.has(vendor.type))
    return {
      kind: 'skipped',
      reason: `Procurify vendor type ${vendor.type} (not preferred or regular) is not a supplier: no Oracle supplier is created`,
    };
  const name = textOrNull(vendor.name);
  if (name === null) return { kind: 'failed', code: 'NO_NAME', reason: 'The Procurify vendor has no name' };
  const fittedName = fitText(name, oracleSupplierLimits.Supplier, {
    field: `Vendor name "${name}"`,
    onTooLong: 'fail',
    target: 'Oracle',
  });
  if (fittedName.kind !== 'ok')
    return {
      kind: 'failed',
      code: 'FIELD_TOO_LONG',
      reason: fittedName.kind === 'too_long' ? fittedName.reason : fittedName.warning,
    };
  const siteCode = options.siteCode.trim();
  if (siteCode === '' || siteCode.length > oracleSupplierLimits.SupplierSite)
    return {
      kind: 'failed',
      code: 'FIELD_TOO_LONG',
      reason: `The supplier site code "${siteCode}" must be 1 to ${oracleSupplierLimits.SupplierSite} characters (options.masterData.newSuppliers.siteCode)`,
    };
  const businessUnits = [...new Set(options.procurementBUs.map((bu) => bu.trim()).filter(Boolean))];
  if (businessUnits.length === 0)
    return {
      kind: 'failed',
      code: 'NO_PROCUREMENT_BU',
      reason: 'No procurement business unit for the new supplier site',
    };

  const warnings: string[] = [];
  const address = supplierAddress(vendor.address, siteCode, warnings);
  return {
    kind: 'mapped',
    warnings,
    payload: {
      procurifyVendorId: vendor.id,
      procurifyVendorName: name,
      supplier: {
        Supplier: fittedName.value,
        TaxOrganizationType: options.taxOrganizationType,
        BusinessRelationship: 'Spend Authorized',
      },
      address,
      sites: businessUnits.map((bu) => ({
        SupplierSite: siteCode,
        ProcurementBU: bu,
        SitePurposePurchasingFlag: true,
        SitePurposePayFlag: true,
        ...(address ? { SupplierAddressName: address.AddressName } : {}),
      })),
    },
  };
}

function supplierAddress(
  source: PostalAddress,
  addressName: string,
  warnings: string[],
): SupplierCreation['address'] {
  const line1 = textOrNull(source.line1);
  const city = textOrNull(source.city);
  const code = countryCode(source.country);
  if (line1 === null || city === null || code === undefined) {
    warnings.push(
      'The Procurify vendor has no complete address (line 1, city and a country Oracle knows): the supplier is created without one',
    );
    return null;
  }
  const optional = (value: string | null, max: number, label: string): string | undefined => {
    if (value === null) return undefined;
    const fitted = fitText(value, max, {
      field: `The vendor's ${label} "${value}"`,
      onTooLong: 'omit',
      target: 'Oracle',
    });
    if (fitted.kind === 'ok') return fitted.value;
    if (fitted.kind === 'omitted') warnings.push(fitted.warning);
    return undefined;
  };
  const fittedLine1 = optional(line1, oracleSupplierLimits.AddressLine1, 'address line 1');
  const fittedCity = optional(city, oracleSupplierLimits.City, 'city');
  if (fittedLine1 === undefined || fittedCity === undefined) return null;
  const line2 = optional(textOrNull(source.line2), oracleSupplierLimits.AddressLine2, 'address line 2');
  const state = optional(textOrNull(source.state), oracleSupplierLimits.State, 'state/province');
  const postalCode = optional(textOrNull(source.postalCode), oracleSupplierLimits.PostalCode, 'postal code');
  return {
    AddressName: addressName,
    AddressLine1: fittedLine1,
    ...(line2 === undefined ? {} : { AddressLine2: line2 }),
    City: fittedCity,
    ...(state === undefined ? {} : { State: state }),
    ...(postalCode === undefined ? {} : { PostalCode: postalCode }),
    CountryCode: code,
    AddressPurposeOrderingFlag: true,
    AddressPurposeRemitToFlag: true,
  };
}
