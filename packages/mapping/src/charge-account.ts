import type { Accounting } from '@mlc/connections';
import type { MissingMapping } from '@mlc/errors';
import type { ProcurifyBudgetAccount } from '@mlc/procurify-client';

/** The kinds of dimension mapping the connection keeps (CLI `mapping set ID gl-account …`). */
export type DimensionKind = 'gl_account' | 'department' | 'cost_center' | 'location';

/** The connection's explicit dimension mappings: the Oracle value for a Procurify key, if any. */
export type DimensionLookup = (
  kind: DimensionKind,
  procurifyKey: string,
) => { oracleValue: string; attributes?: Record<string, unknown> } | undefined;

/** Where a PO line or cost allocation is charged, on the Procurify side. */
export interface ChargeSource {
  glAccountCode: string | null;
  departmentId: string | null;
  departmentExternalId: string | null;
  locationId: string | null;
  locationExternalId: string | null;
  /** Names only make the missing-mapping labels readable. */
  departmentName?: string | null;
  locationName?: string | null;
}

export type ChargeAccountResult =
  { ok: true; combination: string } | { ok: false; missing: MissingMapping[] };

const text = (value: unknown): string | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};

/**
 * The charge source of a Procurify account (account code × department; the department's branch
 * is its location). The spec's branch summary has no external_id, but a tenant that sends one is
 * honoured.
 */
export function chargeSourceFromAccount(account: ProcurifyBudgetAccount | null | undefined): ChargeSource {
  const department = account?.department;
  const branch = department?.branch as Record<string, unknown> | null | undefined;
  return {
    glAccountCode: text(account?.account_code.code),
    departmentId: text(department?.id),
    departmentExternalId: text(department?.external_id),
    departmentName: text(department?.name),
    locationId: text(branch?.['id']),
    locationExternalId: text(branch?.['external_id']),
    locationName: text(branch?.['name']),
  };
}

interface Resolution {
  value?: string;
  missing?: MissingMapping;
}

const label = (what: string, name: string | null | undefined, id: string): string =>
  name ? `${what} "${name}" (${id})` : `${what} ${id}`;

/**
 * design.md §3 "accounting": the Oracle charge account is the segments joined by the delimiter,
 * each a fixed value or a mapped Procurify dimension:
 * - glAccount: the gl_account mapping of the account code, else the code itself;
 * - department / costCenter: the department (resp. cost_center) mapping of the department id,
 *   else the department's external_id, else missing (kind department, resp. cost_center, so the
 *   operator is told which mapping to add);
 * - location: the location mapping of the location (branch) id, else its external_id, else missing.
 * A value that contains the delimiter would shift every later segment, so it counts as missing
 * (with a label saying why). Every missing key is reported at once, each once.
 */
export function buildChargeAccount(
  accounting: Accounting,
  source: ChargeSource,
  dimension: DimensionLookup,
): ChargeAccountResult {
  const { delimiter } = accounting;
  const missing = new Map<string, MissingMapping>();
  const values: string[] = [];

  const fromMapping = (kind: DimensionKind, key: string): string | null =>
    text(dimension(kind, key)?.oracleValue);

  const resolve = (segment: Accounting['segments'][number]): Resolution => {
    if ('value' in segment) return { value: segment.value };
    switch (segment.from) {
      case 'glAccount': {
        const code = source.glAccountCode;
        if (code === null)
          return { missing: { kind: 'gl_account', key: '', label: 'the line has no account code' } };
        return { value: fromMapping('gl_account', code) ?? code };
      }
      case 'department':
      case 'costCenter': {
        const kind = segment.from === 'department' ? 'department' : 'cost_center';
        const id = source.departmentId;
        if (id === null) return { missing: { kind, key: '', label: 'the line has no department' } };
        const value = fromMapping(kind, id) ?? source.departmentExternalId;
        return value === null
          ? {
              missing: {
                kind,
                key: id,
                label: `${label('department', source.departmentName, id)} has no mapping or external_id`,
              },
            }
          : { value };
      }
      case 'location': {
        const id = source.locationId;
        if (id === null) return { missing: { kind: 'location', key: '', label: 'the line has no location' } };
        const value = fromMapping('location', id) ?? source.locationExternalId;
        return value === null
          ? {
              missing: {
                kind: 'location',
                key: id,
                label: `${label('location', source.locationName, id)} has no mapping or external_id`,
              },
            }
          : { value };
      }
    }
  };

  for (const segment of accounting.segments) {
    const resolved = resolve(segment);
    let problem = resolved.missing;
    if (resolved.value !== undefined && 'from' in segment && resolved.value.includes(delimiter)) {
      const kind = (
        {
          glAccount: 'gl_account',
          department: 'department',
          costCenter: 'cost_center',
          location: 'location',
        } as const
      )[segment.from];
      const key =
        segment.from === 'glAccount'
          ? (source.glAccountCode ?? '')
          : segment.from === 'location'
            ? (source.locationId ?? '')
            : (source.departmentId ?? '');
      problem = {
        kind,
        key,
        label: `value "${resolved.value}" for segment ${segment.name} contains the delimiter "${delimiter}"`,
      };
    }
    if (problem)
      missing.set(
        `${problem.kind}\u0000${problem.key}`,
        missing.get(`${problem.kind}\u0000${problem.key}`) ?? problem,
      );
    else values.push(resolved.value ?? '');
  }

  return missing.size > 0
    ? { ok: false, missing: [...missing.values()] }
    : { ok: true, combination: values.join(delimiter) };
}
