import type { MissingMapping } from '@mlc/errors';
import type { VendorSuggestion } from './vendor-match.ts';

/**
 * What every mapping function returns. The kinds line up with the ledger states of design.md §2:
 * `blocked` needs a person (a mapping to add), `failed` means the source record itself is
 * unusable (fix it in Procurify, then replay), `skipped` means it is not eligible.
 */
export type MapOutcome<T> =
  | { kind: 'mapped'; payload: T; warnings: string[] }
  | { kind: 'blocked'; reason: string; missing: MissingMapping[]; suggestions: VendorSuggestion[] }
  /** `code` is one of mappingFailureCodes from this package; callers may add their own. */
  | { kind: 'failed'; code: string; reason: string }
  | { kind: 'skipped'; reason: string };

/** Stable codes of `failed` outcomes, one line each on when they are returned. */
export const mappingFailureCodes = {
  /** Lines (or a bill's lines + costs + tax) do not add up to the document's own total. */
  LINES_DO_NOT_SUM: 'LINES_DO_NOT_SUM',
  /** A bill line's cost allocations do not add up to the line. */
  DISTRIBUTIONS_DO_NOT_SUM: 'DISTRIBUTIONS_DO_NOT_SUM',
  /** A quantity or price that is zero or negative, or a negative bill amount. */
  NON_POSITIVE_AMOUNT: 'NON_POSITIVE_AMOUNT',
  /** An amount that is not a number, or whose magnitude reaches 10^13. */
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  /** No currency, or one that is not a three-letter code. */
  INVALID_CURRENCY: 'INVALID_CURRENCY',
  /** A PO without order items, or a bill without items. */
  NO_LINES: 'NO_LINES',
  /** A bill line or cost with no cost allocation to charge, or a PO line with no account. */
  NO_ACCOUNT: 'NO_ACCOUNT',
  /** A bill without a usable invoice date. */
  INVALID_DATE: 'INVALID_DATE',
  /** A key longer than the target allows: master data (supplier number, account value, cost center) or a bill's invoice number. */
  FIELD_TOO_LONG: 'FIELD_TOO_LONG',
  /** Master data: a supplier or vendor without a name. */
  NO_NAME: 'NO_NAME',
  /** Master data: an empty segment value. */
  NO_VALUE: 'NO_VALUE',
  /** A PO or bill without a vendor, or requisition lines without a preferred vendor. */
  NO_VENDOR: 'NO_VENDOR',
  /** A new Oracle supplier site has no procurement business unit to go in. */
  NO_PROCUREMENT_BU: 'NO_PROCUREMENT_BU',
} as const;
export type MappingFailureCode = (typeof mappingFailureCodes)[keyof typeof mappingFailureCodes];

export function failed(
  code: MappingFailureCode,
  reason: string,
): { kind: 'failed'; code: MappingFailureCode; reason: string } {
  return { kind: 'failed', code, reason };
}

/** Collects missing mappings once each (kind + key), in the order they were found. */
export class MissingMappings {
  readonly #byKey = new Map<string, MissingMapping>();

  add(missing: MissingMapping): void {
    const key = `${missing.kind}\u0000${missing.key}`;
    if (!this.#byKey.has(key)) this.#byKey.set(key, missing);
  }

  addAll(missing: readonly MissingMapping[]): void {
    for (const item of missing) this.add(item);
  }

  get size(): number {
    return this.#byKey.size;
  }

  list(): MissingMapping[] {
    return [...this.#byKey.values()];
  }
}

export function describeMissing(missing: readonly MissingMapping[]): string {
  const parts = missing.map(
    (item) => `${item.kind} ${JSON.stringify(item.key)}${item.label ? ` (${item.label})` : ''}`,
  );
  return `${missing.length} mapping${missing.length === 1 ? '' : 's'} missing: ${parts.join('; ')}`;
}

export function blocked<T>(missing: readonly MissingMapping[]): MapOutcome<T> {
  return { kind: 'blocked', reason: describeMissing(missing), missing: [...missing], suggestions: [] };
}
