import type { OracleSegmentValue, SegmentFieldsResult } from './account-code-sync.ts';
import { fitText, masterChanges, textOrNull, type FieldValues } from './master-diff.ts';

/**
 * Oracle cost-center values → Procurify departments (ledger entity `cost_center`), paired by the
 * department's `external_id` = the value. Departments live in a location (branch): new ones go to
 * the connection's department location.
 */

/** Procurify's limits (DepartmentUpsertRequest, official spec). */
export const departmentLimits = { name: 150, external_id: 100 } as const;

export type DepartmentField = 'name' | 'external_id' | 'active';
export type DepartmentFields = FieldValues<DepartmentField>;

/**
 * What Oracle says the department carries: external_id = the value (refused over 100: it is the
 * key), name = the value's description cut to 150 with a warning (the value itself when Oracle
 * has no description), and active = enabled.
 */
export function departmentFieldsFromValue(value: OracleSegmentValue): SegmentFieldsResult<DepartmentFields> {
  const key = textOrNull(value.value);
  if (key === null) return { kind: 'failed', code: 'NO_VALUE', reason: 'The Oracle value is empty' };
  const fittedKey = fitText(key, departmentLimits.external_id, {
    field: `Cost center "${key}"`,
    onTooLong: 'fail',
    target: "Procurify's external_id",
  });
  if (fittedKey.kind !== 'ok')
    return {
      kind: 'failed',
      code: 'FIELD_TOO_LONG',
      reason: fittedKey.kind === 'too_long' ? fittedKey.reason : fittedKey.warning,
    };
  const warnings: string[] = [];
  const fields: DepartmentFields = { external_id: fittedKey.value, active: value.enabled };
  const description = textOrNull(value.description);
  if (description !== null) {
    const fitted = fitText(description, departmentLimits.name, {
      field: `The description of cost center ${key}`,
      onTooLong: 'truncate',
      target: 'Procurify',
    });
    if (fitted.kind === 'ok') {
      fields.name = fitted.value;
      if (fitted.warning) warnings.push(fitted.warning);
    }
  }
  return { kind: 'ok', fields, warnings };
}

/** A Procurify department as this flow needs it. */
export interface DepartmentProfile {
  id: string;
  name: string;
  externalId: string | null;
  active: boolean;
  branchId: string | null;
}

/** Of several departments for one value: the one in `branchId`, else the lowest id. */
export function chooseDepartment(
  candidates: readonly DepartmentProfile[],
  branchId: string | null,
): DepartmentProfile | undefined {
  const sorted = [...candidates].sort(
    (a, b) => Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return sorted.find((department) => branchId !== null && department.branchId === branchId) ?? sorted[0];
}

export type DepartmentPlan =
  | { kind: 'create'; department: { branch: number; name: string; external_id: string; active: true } }
  | { kind: 'update'; departmentId: string; current: DepartmentProfile; changes: DepartmentFields }
  | { kind: 'in_sync'; departmentId: string }
  | { kind: 'skip'; reason: string };

/**
 * Create the department in `branchId` when Procurify has none for the value (enabled values
 * only), else update what changed in Oracle since the last sync: its name, and active when the
 * value was disabled or enabled again. The external_id is the pairing key and never rewritten.
 */
export function planDepartmentSync(input: {
  desired: DepartmentFields;
  current: DepartmentProfile | undefined;
  previous: DepartmentFields | undefined;
  branchId: number;
}): DepartmentPlan {
  const { desired, current } = input;
  const value = String(desired.external_id);
  if (!current) {
    if (desired.active === false)
      return {
        kind: 'skip',
        reason: 'Disabled in Oracle and not in Procurify: no department is created for it',
      };
    return {
      kind: 'create',
      department: {
        branch: input.branchId,
        name: typeof desired.name === 'string' ? desired.name : value,
        external_id: value,
        active: true,
      },
    };
  }
  const { external_id: _key, ...rest } = desired;
  const changes = masterChanges(rest, { name: current.name, active: current.active }, input.previous);
  return Object.keys(changes).length === 0
    ? { kind: 'in_sync', departmentId: current.id }
    : { kind: 'update', departmentId: current.id, current, changes };
}
