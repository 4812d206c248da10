import { fitText, masterChanges, textOrNull, type FieldValues } from './master-diff.ts';
import { exactNameKey } from './vendor-match.ts';
import { normalizeVendorName } from './vendor-name.ts';

/**
 * Oracle suppliers → Procurify vendors (ledger entity `supplier`): which vendor a supplier pairs
 * with, what Oracle says the vendor should carry, and the smallest write that gets it there.
 */

/** Procurify's limits for the vendor fields we carry (OptimizedVendorRequest, official spec). */
export const vendorFieldLimits = {
  name: 150,
  external_id: 100,
  addressLineOne: 300,
  addressLineTwo: 300,
  city: 50,
  state_province: 40,
  postalCode: 20,
  country: 80,
} as const;

export type VendorField = keyof typeof vendorFieldLimits | 'active';
export type VendorFields = FieldValues<VendorField>;

/** Procurify vendor types that stand for a supplier: 3 preferred, 4 regular (not "other", employees, card providers…). */
export const supplierVendorTypes: ReadonlySet<number> = new Set([3, 4]);

export interface PostalAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  /** As the source writes it (Oracle: the ISO country code). */
  country: string | null;
}

export interface SupplierAddressCandidate extends PostalAddress {
  /** Oracle's AddressName, which sites reference. */
  name: string | null;
  active: boolean;
}

export interface SupplierSiteAddressRef {
  siteCode: string;
  addressName: string | null;
  active: boolean;
  purchasing: boolean;
}

/**
 * The one address a Procurify vendor gets from a supplier with many: the address of its active
 * purchasing site with the lowest site code (where orders go), else its active address with the
 * lowest name. Stable, so a re-read never flips between addresses.
 */
export function primarySupplierAddress(
  sites: readonly SupplierSiteAddressRef[],
  addresses: readonly SupplierAddressCandidate[],
): PostalAddress | null {
  const active = addresses.filter((address) => address.active);
  const byCode = (a: { siteCode: string }, b: { siteCode: string }) =>
    a.siteCode < b.siteCode ? -1 : a.siteCode > b.siteCode ? 1 : 0;
  for (const site of sites.filter((candidate) => candidate.active && candidate.purchasing).sort(byCode)) {
    const address = active.find(
      (candidate) => site.addressName !== null && candidate.name === site.addressName,
    );
    if (address) return stripName(address);
  }
  const [first] = [...active].sort((a, b) =>
    (a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0,
  );
  return first ? stripName(first) : null;
}

function stripName(address: SupplierAddressCandidate): PostalAddress {
  return {
    line1: address.line1,
    line2: address.line2,
    city: address.city,
    state: address.state,
    postalCode: address.postalCode,
    country: address.country,
  };
}

/** An Oracle supplier as this flow needs it. */
export interface SupplierProfile {
  supplierId: string;
  supplierNumber: string;
  name: string;
  active: boolean;
  address: PostalAddress | null;
}

export type VendorFieldsResult =
  | { kind: 'ok'; fields: VendorFields; warnings: string[] }
  | { kind: 'failed'; code: 'FIELD_TOO_LONG' | 'NO_NAME'; reason: string };

const addressFields = [
  ['addressLineOne', 'line1', 'address line 1'],
  ['addressLineTwo', 'line2', 'address line 2'],
  ['city', 'city', 'city'],
  ['state_province', 'state', 'state/province'],
  ['postalCode', 'postalCode', 'postal code'],
  ['country', 'country', 'country'],
] as const;

/**
 * What Oracle says the vendor carries: name (cut to Procurify's 150 with a warning), external_id
 * = the supplier number (refused when over 100: it is the key), active, and the primary address
 * (each part Procurify cannot hold is left out with a warning rather than cut: a cut postal code
 * is wrong, not short). With no address in Oracle the address is not carried at all, so Procurify's
 * stays as it is.
 */
export function vendorFieldsFromSupplier(supplier: SupplierProfile): VendorFieldsResult {
  const target = 'Procurify';
  const warnings: string[] = [];
  const name = textOrNull(supplier.name);
  if (name === null) return { kind: 'failed', code: 'NO_NAME', reason: 'The Oracle supplier has no name' };
  const fittedName = fitText(name, vendorFieldLimits.name, {
    field: `Supplier name "${name}"`,
    onTooLong: 'truncate',
    target,
  });
  const number = supplier.supplierNumber.trim();
  const fittedNumber = fitText(number, vendorFieldLimits.external_id, {
    field: `Supplier number "${number}"`,
    onTooLong: 'fail',
    target: `${target}'s external_id`,
  });
  if (fittedNumber.kind !== 'ok')
    return {
      kind: 'failed',
      code: 'FIELD_TOO_LONG',
      reason: fittedNumber.kind === 'too_long' ? fittedNumber.reason : fittedNumber.warning,
    };
  // A name is cut, never refused: the vendor stays recognisable and the pair is linked by ids.
  const nameValue = fittedName.kind === 'ok' ? fittedName.value : name;
  if (fittedName.kind === 'ok' && fittedName.warning) warnings.push(fittedName.warning);
  const fields: VendorFields = { name: nameValue, external_id: fittedNumber.value, active: supplier.active };
  if (supplier.address) {
    for (const [field, part, label] of addressFields) {
      const value = textOrNull(supplier.address[part]);
      if (value === null) {
        fields[field] = null;
        continue;
      }
      const fitted = fitText(value, vendorFieldLimits[field], {
        field: `The supplier's ${label} "${value}"`,
        onTooLong: 'omit',
        target,
      });
      if (fitted.kind === 'ok') fields[field] = fitted.value;
      else if (fitted.kind === 'omitted') warnings.push(fitted.warning);
    }
  }
  return { kind: 'ok', fields, warnings };
}

/** A Procurify vendor as this flow needs it. */
export interface VendorProfile {
  id: string;
  name: string;
  externalId: string | null;
  active: boolean;
  /** VendorTypeEnum; null when Procurify did not say. */
  type: number | null;
  fields: VendorFields;
}

/** The carried fields of a Procurify vendor as read. */
export function vendorFieldsOf(vendor: {
  name?: string | null | undefined;
  external_id?: string | null | undefined;
  active?: boolean | null | undefined;
  addressLineOne?: string | null | undefined;
  addressLineTwo?: string | null | undefined;
  city?: string | null | undefined;
  state_province?: string | null | undefined;
  postalCode?: string | null | undefined;
  country?: string | null | undefined;
}): VendorFields {
  return {
    name: vendor.name ?? null,
    external_id: vendor.external_id ?? null,
    active: vendor.active ?? true,
    addressLineOne: vendor.addressLineOne ?? null,
    addressLineTwo: vendor.addressLineTwo ?? null,
    city: vendor.city ?? null,
    state_province: vendor.state_province ?? null,
    postalCode: vendor.postalCode ?? null,
    country: vendor.country ?? null,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byNumericId = (a: VendorProfile, b: VendorProfile): number =>
  Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Procurify vendors indexed for pairing with suppliers: by id, external_id, exact and normalized name. */
export class VendorIndex {
  readonly #byId = new Map<string, VendorProfile>();
  readonly #byExternalId = new Map<string, VendorProfile[]>();
  readonly #byExact = new Map<string, VendorProfile[]>();
  readonly #byNormalized = new Map<string, VendorProfile[]>();

  constructor(vendors: readonly VendorProfile[]) {
    for (const vendor of vendors) {
      this.#byId.set(vendor.id, vendor);
      const externalId = vendor.externalId?.trim();
      if (externalId) push(this.#byExternalId, externalId, vendor);
      push(this.#byExact, exactNameKey(vendor.name), vendor);
      const normalized = normalizeVendorName(vendor.name);
      if (normalized !== '') push(this.#byNormalized, normalized, vendor);
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  byId(id: string): VendorProfile | undefined {
    return this.#byId.get(id);
  }

  withExternalId(externalId: string): VendorProfile[] {
    return [...(this.#byExternalId.get(externalId.trim()) ?? [])];
  }

  exact(name: string): VendorProfile[] {
    return [...(this.#byExact.get(exactNameKey(name)) ?? [])];
  }

  normalized(name: string): VendorProfile[] {
    const key = normalizeVendorName(name);
    return key === '' ? [] : [...(this.#byNormalized.get(key) ?? [])];
  }
}

export type VendorCounterpart =
  | {
      kind: 'found';
      vendor: VendorProfile;
      /** target: the vendor this record was written to before; link: a vendor link; the rest: matching. */
      matchedBy: 'target' | 'link' | 'external_id' | 'exact_name' | 'normalized_name';
    }
  | { kind: 'ambiguous'; candidates: VendorProfile[] }
  | { kind: 'none' };

export interface VendorPairing {
  /** The vendor an earlier version of this supplier was written to (the ledger's target id). */
  targetVendorId: string | null;
  /** Vendors linked to this supplier (vendor links by supplier id, or number). */
  linkedVendorIds: readonly string[];
  /** Vendors linked to some other supplier: never paired with this one by matching. */
  linkedElsewhere: ReadonlySet<string>;
  vendors: VendorIndex;
  /**
   * Another active supplier has the same exact (resp. normalized) name: a vendor of that name
   * could be either, so that name rule gives an ambiguity rather than a pairing (the same rules
   * vendor → supplier matching applies).
   */
  sharedNames?: { exact: boolean; normalized: boolean };
}

/**
 * The Procurify vendor a supplier pairs with, by stable ids first: the vendor it was written to
 * (unless since linked to another supplier), then a vendor link (several: the one carrying the
 * supplier number, else the lowest id). Only a supplier never paired is matched: by external_id =
 * supplier number (or id), then by one exact, then one normalized name among active supplier-type
 * vendors that are neither linked to another supplier nor carry another supplier's external_id.
 * Several equal names (on either side) are ambiguous: a person links one
 * (`mlc mapping set … vendor`), never a guess.
 */
export function findVendorForSupplier(
  supplier: Pick<SupplierProfile, 'supplierId' | 'supplierNumber' | 'name'>,
  pairing: VendorPairing,
): VendorCounterpart {
  const { vendors } = pairing;
  if (pairing.targetVendorId !== null) {
    // Unless a person has since linked that vendor to another supplier: then theirs it is.
    const target = vendors.byId(pairing.targetVendorId);
    if (target && !pairing.linkedElsewhere.has(target.id))
      return { kind: 'found', vendor: target, matchedBy: 'target' };
  }
  const linked = pairing.linkedVendorIds
    .map((id) => vendors.byId(id))
    .filter((vendor): vendor is VendorProfile => vendor !== undefined)
    .sort(byNumericId);
  const carriesNumber = linked.find((vendor) => vendor.externalId?.trim() === supplier.supplierNumber.trim());
  const firstLinked = carriesNumber ?? linked[0];
  if (firstLinked) return { kind: 'found', vendor: firstLinked, matchedBy: 'link' };

  const eligible = (vendor: VendorProfile) =>
    vendor.active &&
    (vendor.type === null || supplierVendorTypes.has(vendor.type)) &&
    !pairing.linkedElsewhere.has(vendor.id);
  const byExternal = [
    ...vendors.withExternalId(supplier.supplierNumber),
    ...vendors.withExternalId(supplier.supplierId),
  ]
    .filter(eligible)
    .sort(byNumericId);
  const [external] = byExternal;
  if (external) return { kind: 'found', vendor: external, matchedBy: 'external_id' };

  const free = (vendor: VendorProfile) => {
    const externalId = vendor.externalId?.trim() ?? '';
    return eligible(vendor) && (externalId === '' || externalId === supplier.supplierNumber.trim());
  };
  const rules = [
    ['exact_name', vendors.exact(supplier.name)],
    ['normalized_name', vendors.normalized(supplier.name)],
  ] as const;
  for (const [matchedBy, candidates] of rules) {
    const usable = candidates.filter(free).sort(byNumericId);
    const [only] = usable;
    const shared = matchedBy === 'exact_name' ? pairing.sharedNames?.exact : pairing.sharedNames?.normalized;
    if (usable.length > 1 || (only && shared === true)) return { kind: 'ambiguous', candidates: usable };
    if (only) return { kind: 'found', vendor: only, matchedBy };
  }
  return { kind: 'none' };
}

export type VendorPlan =
  | { kind: 'create'; vendor: Record<string, unknown> }
  | { kind: 'update'; vendorId: string; changes: VendorFields }
  | { kind: 'in_sync'; vendorId: string }
  | { kind: 'skip'; reason: string };

/**
 * The write that aligns the vendor with the supplier: create it (active suppliers only), update
 * only what `masterChanges` says changed, or nothing. `previous` is what was carried the last time
 * this pair was synced (undefined when the vendor is being adopted). A supplier deactivated in
 * Oracle deactivates its vendor (and reactivation reactivates it): Oracle would refuse its
 * documents anyway, and this keeps requesters from ordering from it.
 */
export function planVendorSync(input: {
  desired: VendorFields;
  vendor: VendorProfile | undefined;
  previous: VendorFields | undefined;
  /** VendorTypeEnum of vendors created from suppliers (3 preferred, 4 regular). */
  vendorType: number;
}): VendorPlan {
  const { desired, vendor } = input;
  if (!vendor) {
    if (desired.active === false)
      return { kind: 'skip', reason: 'Inactive in Oracle and not in Procurify: no vendor is created for it' };
    const body: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(desired)) {
      if (value !== null && value !== undefined && field !== 'active') body[field] = value;
    }
    return {
      kind: 'create',
      vendor: { ...body, active: true, email: [], type: input.vendorType, overall_score: null },
    };
  }
  const changes = masterChanges(desired, vendor.fields, input.previous);
  return Object.keys(changes).length === 0
    ? { kind: 'in_sync', vendorId: vendor.id }
    : { kind: 'update', vendorId: vendor.id, changes };
}
