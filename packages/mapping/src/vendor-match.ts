import { featureSimilarity, nameFeatures, type NameFeatures } from './vendor-name.ts';

export interface SupplierSiteCandidate {
  siteId: string;
  siteCode: string;
  /** The site's procurement BU; null when Oracle did not say (then it can serve any BU). */
  procurementBU: string | null;
  purchasing: boolean;
  pay: boolean;
  active: boolean;
}

export interface SupplierCandidate {
  supplierId: string;
  supplierNumber: string;
  name: string;
  active: boolean;
  sites: SupplierSiteCandidate[];
}

export interface VendorSuggestion {
  supplierId: string;
  supplierNumber: string;
  name: string;
  /** nameSimilarity of the vendor and supplier names, 0..1, three decimals. */
  score: number;
}

/** The Procurify vendor being matched. */
export interface VendorRef {
  id: string;
  name: string;
  externalId: string | null;
}

/** An operator's link (or one saved by an earlier match): it always wins. */
export interface VendorLinkRef {
  supplierId: string | null;
  supplierNumber: string;
  siteCode: string | null;
}

export type VendorMatch =
  | {
      kind: 'linked';
      supplier: SupplierCandidate;
      matchedBy: 'explicit' | 'external_id' | 'exact_name' | 'normalized_name';
      preferredSite: string | null;
    }
  | { kind: 'unmatched'; suggestions: VendorSuggestion[] };

/** How many suggestions a blocked vendor carries, and the least score worth showing a person. */
export const maxSuggestions = 3;
export const minSuggestionScore = 0.3;

/** "Exact" means equal after Unicode NFC, trimming, collapsing inner whitespace and ignoring case. */
export function exactNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

interface Entry {
  supplier: SupplierCandidate;
  features: NameFeatures;
}

const compareSuggestions = (a: VendorSuggestion, b: VendorSuggestion): number =>
  b.score - a.score ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
  (a.supplierNumber < b.supplierNumber ? -1 : a.supplierNumber > b.supplierNumber ? 1 : 0);

const roundScore = (score: number): number => Math.round(score * 1000) / 1000;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Oracle suppliers indexed for matching: by number, id, exact name and normalized name. */
export class SupplierIndex {
  readonly #entries: Entry[];
  readonly #byNumber = new Map<string, SupplierCandidate>();
  readonly #byId = new Map<string, SupplierCandidate>();
  readonly #byExact = new Map<string, SupplierCandidate[]>();
  readonly #byNormalized = new Map<string, SupplierCandidate[]>();

  constructor(suppliers: readonly SupplierCandidate[]) {
    this.#entries = suppliers.map((supplier) => ({ supplier, features: nameFeatures(supplier.name) }));
    for (const { supplier, features } of this.#entries) {
      this.#byNumber.set(supplier.supplierNumber.trim(), supplier);
      this.#byId.set(supplier.supplierId.trim(), supplier);
      push(this.#byExact, exactNameKey(supplier.name), supplier);
      if (features.normalized !== '') push(this.#byNormalized, features.normalized, supplier);
    }
  }

  get size(): number {
    return this.#entries.length;
  }

  byNumber(supplierNumber: string): SupplierCandidate | undefined {
    return this.#byNumber.get(supplierNumber.trim());
  }

  byId(supplierId: string): SupplierCandidate | undefined {
    return this.#byId.get(supplierId.trim());
  }

  /** Suppliers (active or not) whose name equals `name` (see exactNameKey). */
  exact(name: string): SupplierCandidate[] {
    return [...(this.#byExact.get(exactNameKey(name)) ?? [])];
  }

  /** Suppliers (active or not) whose normalized name equals `name`'s; none for an empty one. */
  normalized(name: string): SupplierCandidate[] {
    const key = nameFeatures(name).normalized;
    return key === '' ? [] : [...(this.#byNormalized.get(key) ?? [])];
  }

  /** Active suppliers ranked by nameSimilarity (then name, number), at least minSuggestionScore. */
  suggest(name: string, limit: number = maxSuggestions): VendorSuggestion[] {
    const features = nameFeatures(name);
    const scored: VendorSuggestion[] = [];
    for (const { supplier, features: other } of this.#entries) {
      if (!supplier.active) continue;
      const score = roundScore(featureSimilarity(features, other));
      if (score >= minSuggestionScore) scored.push(toSuggestion(supplier, score));
    }
    return scored.sort(compareSuggestions).slice(0, Math.max(0, limit));
  }

  /** The given suppliers as suggestions for `name`, ranked like `suggest`. */
  rank(
    name: string,
    suppliers: readonly SupplierCandidate[],
    limit: number = maxSuggestions,
  ): VendorSuggestion[] {
    const features = nameFeatures(name);
    return suppliers
      .map((supplier) =>
        toSuggestion(supplier, roundScore(featureSimilarity(features, nameFeatures(supplier.name)))),
      )
      .sort(compareSuggestions)
      .slice(0, Math.max(0, limit));
  }
}

function toSuggestion(supplier: SupplierCandidate, score: number): VendorSuggestion {
  return {
    supplierId: supplier.supplierId,
    supplierNumber: supplier.supplierNumber,
    name: supplier.name,
    score,
  };
}

/**
 * design.md §1 vendor matching, first rule that applies wins:
 * 1. `link` (operator's or an earlier match's): the linked supplier, even an inactive one — a
 *    person chose it. A link to a supplier the index does not know is not guessed around: the
 *    vendor stays unmatched (with suggestions) until the link is fixed or the supplier appears.
 * 2. Procurify `external_id` equal to an active supplier's number (or, failing that, its id).
 * 3. Exactly one active supplier with the same name (exactNameKey).
 * 4. Exactly one active supplier with the same normalized name.
 * Several active candidates at step 3 or 4 are ambiguous: unmatched, with them as suggestions.
 * Inactive suppliers never match automatically. Otherwise unmatched with up to 3 suggestions.
 */
export function matchVendor(
  vendor: VendorRef,
  link: VendorLinkRef | undefined,
  suppliers: SupplierIndex,
): VendorMatch {
  if (link) {
    const linked =
      (link.supplierId === null ? undefined : suppliers.byId(link.supplierId)) ??
      suppliers.byNumber(link.supplierNumber);
    if (linked)
      return { kind: 'linked', supplier: linked, matchedBy: 'explicit', preferredSite: link.siteCode };
    return { kind: 'unmatched', suggestions: suppliers.suggest(vendor.name) };
  }

  const externalId = vendor.externalId?.trim() ?? '';
  if (externalId !== '') {
    const byExternal = suppliers.byNumber(externalId) ?? suppliers.byId(externalId);
    if (byExternal?.active) {
      return { kind: 'linked', supplier: byExternal, matchedBy: 'external_id', preferredSite: null };
    }
  }

  const rules = [
    ['exact_name', suppliers.exact(vendor.name)],
    ['normalized_name', suppliers.normalized(vendor.name)],
  ] as const;
  for (const [matchedBy, candidates] of rules) {
    const active = candidates.filter((supplier) => supplier.active);
    const [only] = active;
    if (active.length === 1 && only)
      return { kind: 'linked', supplier: only, matchedBy, preferredSite: null };
    if (active.length > 1) return { kind: 'unmatched', suggestions: suppliers.rank(vendor.name, active) };
  }
  return { kind: 'unmatched', suggestions: suppliers.suggest(vendor.name) };
}

const sameBU = (a: string, b: string): boolean => exactNameKey(a) === exactNameKey(b);

/**
 * The supplier site to use for `purpose` in `businessUnit`: active, enabled for the purpose, and
 * assigned to that BU (sites with no BU recorded come second). The preferred site (a link's site
 * code, or site id) wins when it is eligible; an ineligible preferred site is ignored rather than
 * sent to Oracle to be rejected. Among several eligible sites the lowest site code is taken, so
 * the choice is stable. Undefined when no site qualifies (the caller blocks the record).
 */
export function chooseSupplierSite(
  supplier: SupplierCandidate,
  businessUnit: string,
  purpose: 'purchasing' | 'pay',
  preferred: string | null,
): SupplierSiteCandidate | undefined {
  const eligible = supplier.sites.filter(
    (site) =>
      site.active &&
      site[purpose] &&
      (site.procurementBU === null || sameBU(site.procurementBU, businessUnit)),
  );
  if (preferred !== null) {
    const wanted = preferred.trim();
    const chosen = eligible.find((site) => site.siteCode === wanted || site.siteId === wanted);
    if (chosen) return chosen;
  }
  const rank = (site: SupplierSiteCandidate): number => (site.procurementBU === null ? 1 : 0);
  return [...eligible].sort(
    (a, b) => rank(a) - rank(b) || (a.siteCode < b.siteCode ? -1 : a.siteCode > b.siteCode ? 1 : 0),
  )[0];
}
