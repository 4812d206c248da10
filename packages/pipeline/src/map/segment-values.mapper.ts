import type { ConnectionSettings } from '@mlc/connections';
import type { Prisma } from '@mlc/db';
import {
  accountCodeFieldsFromValue,
  chooseDepartment,
  departmentFieldsFromValue,
  planAccountCodeSync,
  planDepartmentSync,
  type AccountCodeFields,
  type DepartmentFields,
} from '@mlc/mapping';
import { z } from 'zod';
import { accountCodeProfileOf, departmentProfileOf } from '../master/master-records.ts';
import type { EntityMapper, EntityMapResult, MapDeps } from './entity-mapper.ts';
import { carriedTo, keepCarried, previousSync, waitForMaster } from './master-mapping.ts';

/** What procurify-writer gets for a gl_account record (see account-code.writer.ts). */
export type AccountCodeWrite =
  | {
      action: 'create';
      accountCode: { code: string; description: string; account_type?: number };
      carried: AccountCodeFields;
    }
  | {
      action: 'update';
      accountCodeId: string;
      /** The whole PUT body: Procurify replaces code, description and type together. */
      accountCode: { code: string; description: string; account_type?: number };
      changes: AccountCodeFields;
      carried: AccountCodeFields;
    };

/** What procurify-writer gets for a cost_center record (see department.writer.ts). */
export type DepartmentWrite =
  | {
      action: 'create';
      department: { branch: number; name: string; external_id: string; active: true };
      carried: DepartmentFields;
    }
  | {
      action: 'update';
      departmentId: string;
      /** The whole PUT body (branch and name are required). */
      department: { branch: number; name: string; external_id: string; active: boolean };
      changes: DepartmentFields;
      carried: DepartmentFields;
    };

const segmentValueSchema = z.object({
  value: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  accountType: z.string().nullable(),
});

/** Procurify keys an operator (or the alignment) mapped to this Oracle value, confirmed only. */
async function mappedKeys(
  deps: MapDeps,
  connectionId: string,
  kinds: ('gl_account' | 'department' | 'cost_center')[],
  value: string,
) {
  const rows = await deps.prisma.dimensionMapping.findMany({
    where: { connectionId, kind: { in: kinds }, oracleValue: value, state: 'confirmed' },
    select: { procurifyKey: true },
  });
  return rows.map((row) => row.procurifyKey);
}

function skipped(reason: string, details: Record<string, unknown>): EntityMapResult {
  return { outcome: { kind: 'skipped', reason }, details: keepCarried(details) };
}

/**
 * Oracle natural-account value → Procurify account code. Paired by the code written before, then
 * a confirmed gl_account mapping to this value, then the code equal to the value; created when
 * there is none; its description and type follow Oracle's changes (nothing else is written).
 */
export const glAccountMapper: EntityMapper = async (deps, settings, record, options) => {
  if (!settings.options.masterData.glAccounts.sync)
    return skipped('GL account sync is off (options.masterData.glAccounts.sync)', {});
  const waiting = await waitForMaster(
    deps,
    settings,
    record,
    'procurify.account_codes',
    'Procurify account codes',
    options,
  );
  if (waiting) return waiting;
  const value = segmentValueSchema.parse(record.sourceSnapshot);
  const fields = accountCodeFieldsFromValue(value);
  if (fields.kind === 'failed')
    return { outcome: { kind: 'failed', code: fields.code, reason: fields.reason }, details: {} };
  const [{ details: previous }, records, mapped] = await Promise.all([
    previousSync(deps, record),
    deps.prisma.masterRecord.findMany({
      where: { connectionId: settings.id, system: 'procurify', kind: 'account_code' },
    }),
    mappedKeys(deps, settings.id, ['gl_account'], value.value),
  ]);
  const codes = records.map(accountCodeProfileOf);
  const byId = (id: string | null) => (id === null ? undefined : codes.find((code) => code.id === id));
  const byMapping = codes
    .filter((code) => mapped.includes(code.code))
    .sort((a, b) => Number(a.id) - Number(b.id));
  const current =
    byId(record.targetId) ??
    byMapping.find((code) => code.code === value.value) ??
    byMapping[0] ??
    codes.find((code) => code.code === value.value);
  const plan = planAccountCodeSync({
    desired: fields.fields,
    enabled: value.enabled,
    current,
    previous: current ? carriedTo(previous, current.id) : undefined,
  });
  const carried = fields.fields as Prisma.InputJsonObject;
  switch (plan.kind) {
    case 'skip':
      return skipped(plan.reason, previous);
    case 'in_sync':
      return {
        outcome: { kind: 'mapped', payload: null, warnings: fields.warnings },
        details: { accountCode: current?.code ?? null, carriedFor: plan.accountCodeId, carried },
        inSync: {
          targetId: plan.accountCodeId,
          targetNumber: current?.code ?? null,
          message: `Procurify account code ${current?.code ?? plan.accountCodeId} already carries what Oracle has`,
        },
      };
    case 'create':
      return {
        outcome: {
          kind: 'mapped',
          warnings: fields.warnings,
          payload: {
            action: 'create',
            accountCode: plan.accountCode,
            carried: fields.fields,
          } satisfies AccountCodeWrite,
        },
        operation: 'create',
        details: keepCarried(previous),
      };
    case 'update': {
      const existing = plan.current;
      const description = plan.changes.description ?? existing.description ?? existing.code;
      const type = plan.changes.account_type ?? existing.accountType;
      return {
        outcome: {
          kind: 'mapped',
          warnings: fields.warnings,
          payload: {
            action: 'update',
            accountCodeId: plan.accountCodeId,
            accountCode: {
              code: existing.code,
              description: String(description),
              ...(typeof type === 'number' ? { account_type: type } : {}),
            },
            changes: plan.changes,
            carried: fields.fields,
          } satisfies AccountCodeWrite,
        },
        operation: 'update',
        details: {
          accountCode: existing.code,
          changes: plan.changes as Prisma.InputJsonObject,
          ...keepCarried(previous),
        },
      };
    }
  }
};

/**
 * The Procurify location new departments go to: options.masterData.costCenters.locationId, else
 * the headquarter location, else the active location with the lowest id.
 */
async function departmentLocation(deps: MapDeps, settings: ConnectionSettings): Promise<number | undefined> {
  const configured = settings.options.masterData.costCenters.locationId;
  if (configured !== undefined) return configured;
  const locations = await deps.prisma.masterRecord.findMany({
    where: { connectionId: settings.id, system: 'procurify', kind: 'location', active: true },
    select: { externalId: true, data: true },
  });
  const ids = locations
    .map((location) => ({
      id: Number(location.externalId),
      headquarter: (location.data as { headquarter?: unknown }).headquarter === true,
    }))
    .filter((location) => Number.isInteger(location.id))
    .sort((a, b) => Number(b.headquarter) - Number(a.headquarter) || a.id - b.id);
  return ids[0]?.id;
}

/**
 * Oracle cost-center value → Procurify department. Paired by the department written before, then
 * a confirmed department/cost_center mapping to this value, then departments whose external_id is
 * the value (several: the one in the department location, else the lowest id); created in the
 * department location when there is none; its name and active flag follow Oracle's changes.
 */
export const costCenterMapper: EntityMapper = async (deps, settings, record, options) => {
  if (!settings.options.masterData.costCenters.sync)
    return skipped('Cost center sync is off (options.masterData.costCenters.sync)', {});
  for (const [stream, what] of [
    ['procurify.departments', 'Procurify departments'],
    ['procurify.locations', 'Procurify locations'],
  ] as const) {
    const waiting = await waitForMaster(deps, settings, record, stream, what, options);
    if (waiting) return waiting;
  }
  const value = segmentValueSchema.parse(record.sourceSnapshot);
  const fields = departmentFieldsFromValue(value);
  if (fields.kind === 'failed')
    return { outcome: { kind: 'failed', code: fields.code, reason: fields.reason }, details: {} };
  const [{ details: previous }, records, mapped, branch] = await Promise.all([
    previousSync(deps, record),
    deps.prisma.masterRecord.findMany({
      where: { connectionId: settings.id, system: 'procurify', kind: 'department' },
    }),
    mappedKeys(deps, settings.id, ['department', 'cost_center'], value.value),
    departmentLocation(deps, settings),
  ]);
  const departments = records.map(departmentProfileOf);
  const branchId = branch === undefined ? null : String(branch);
  const current =
    (record.targetId === null
      ? undefined
      : departments.find((department) => department.id === record.targetId)) ??
    chooseDepartment(
      departments.filter((department) => mapped.includes(department.id)),
      branchId,
    ) ??
    chooseDepartment(
      departments.filter((department) => department.externalId?.trim() === value.value),
      branchId,
    );
  if (!current && branch === undefined)
    return {
      outcome: {
        kind: 'failed',
        code: 'NO_LOCATION',
        reason:
          'No Procurify location to create departments in: set options.masterData.costCenters.locationId',
      },
      details: {},
    };
  const plan = planDepartmentSync({
    desired: fields.fields,
    current,
    previous: current ? carriedTo(previous, current.id) : undefined,
    branchId: branch ?? 0,
  });
  const carried = fields.fields as Prisma.InputJsonObject;
  switch (plan.kind) {
    case 'skip':
      return skipped(plan.reason, previous);
    case 'in_sync':
      return {
        outcome: { kind: 'mapped', payload: null, warnings: fields.warnings },
        details: { department: current?.name ?? null, carriedFor: plan.departmentId, carried },
        inSync: {
          targetId: plan.departmentId,
          targetNumber: current?.externalId ?? null,
          message: `Procurify department ${plan.departmentId} "${current?.name ?? ''}" already carries what Oracle has`,
        },
      };
    case 'create':
      return {
        outcome: {
          kind: 'mapped',
          warnings: fields.warnings,
          payload: {
            action: 'create',
            department: plan.department,
            carried: fields.fields,
          } satisfies DepartmentWrite,
        },
        operation: 'create',
        details: keepCarried(previous),
      };
    case 'update': {
      const existing = plan.current;
      if (existing.branchId === null)
        return {
          outcome: {
            kind: 'failed',
            code: 'NO_LOCATION',
            reason: `Procurify department ${existing.id} has no location`,
          },
          details: {},
        };
      return {
        outcome: {
          kind: 'mapped',
          warnings: fields.warnings,
          payload: {
            action: 'update',
            departmentId: plan.departmentId,
            department: {
              branch: Number(existing.branchId),
              name: String(plan.changes.name ?? existing.name),
              external_id: existing.externalId ?? value.value,
              active: typeof plan.changes.active === 'boolean' ? plan.changes.active : existing.active,
            },
            changes: plan.changes,
            carried: fields.fields,
          } satisfies DepartmentWrite,
        },
        operation: 'update',
        details: {
          department: existing.name,
          changes: plan.changes as Prisma.InputJsonObject,
          ...keepCarried(previous),
        },
      };
    }
  }
};
