import { MasterData } from '@mlc/ledger';
import { sameValue } from '@mlc/mapping';
import type { ProcurifyClient, ProcurifyDepartment } from '@mlc/procurify-client';
import { departmentMasterInput } from '../../master/master-records.ts';
import { MasterSync } from '../../master/master-sync.ts';
import type { DepartmentWrite } from '../../map/segment-values.mapper.ts';
import type { Target, TargetWriter, WriterContext } from '../target-writer.ts';

type Context = WriterContext<ProcurifyClient>;

/** Departments whose external_id is the cost center (Procurify's search matches names and external ids). */
async function withExternalId(client: ProcurifyClient, value: string): Promise<ProcurifyDepartment[]> {
  return (await client.listDepartments({ search: value }))
    .filter((department) => department.external_id?.trim() === value)
    .sort((a, b) => a.id - b.id);
}

/** Writes the department through to the master cache and aligns the department mappings. */
async function finish(
  context: Context,
  payload: DepartmentWrite,
  department: ProcurifyDepartment,
  via: Target['via'],
  message: string,
): Promise<Target> {
  await new MasterData(context.prisma).upsert(context.settings.id, 'procurify', 'department', [
    departmentMasterInput(department),
  ]);
  await new MasterSync(context.prisma, context.ledger, context.logger).alignDimensions(
    context.settings.id,
    'department',
  );
  return {
    targetId: String(department.id),
    targetNumber: department.external_id ?? null,
    via,
    details: { department: department.name, carriedFor: String(department.id), carried: payload.carried },
    message,
  };
}

/**
 * Oracle cost-center value → Procurify department (ledger entity `cost_center`). The external_id
 * is the natural key: a create adopts a department already carrying it (in the target location
 * first), and an update (PUT: branch, name, external_id, active) is skipped when already there.
 */
export const departmentWriter: TargetWriter<ProcurifyClient> = {
  async lookUp(context) {
    const payload = context.record.mappedPayload as DepartmentWrite;
    const found = await withExternalId(context.client, payload.department.external_id);
    if (payload.action === 'create') {
      const existing =
        found.find((department) => department.branch?.id === payload.department.branch) ?? found[0];
      return existing
        ? finish(
            context,
            payload,
            existing,
            'adopted',
            `department ${existing.id} "${existing.name}" already carries ${existing.external_id}; adopted`,
          )
        : undefined;
    }
    const current = found.find((department) => String(department.id) === payload.departmentId);
    return current &&
      sameValue(current.name, payload.department.name) &&
      (current.active ?? true) === payload.department.active
      ? finish(context, payload, current, 'updated', `department ${current.id} already carries the change`)
      : undefined;
  },
  async write(context) {
    const { client } = context;
    const payload = context.record.mappedPayload as DepartmentWrite;
    if (payload.action === 'update') {
      const department = await client.updateDepartment(Number(payload.departmentId), payload.department);
      return finish(
        context,
        payload,
        department,
        'updated',
        `updated Procurify department ${department.id} "${department.name}": ${Object.keys(payload.changes).join(', ')}`,
      );
    }
    const found = await withExternalId(client, payload.department.external_id);
    const existing =
      found.find((department) => department.branch?.id === payload.department.branch) ?? found[0];
    if (existing)
      return finish(
        context,
        payload,
        existing,
        'adopted',
        `department ${existing.id} "${existing.name}" already carries ${existing.external_id}; adopted`,
      );
    const department = await client.createDepartment(payload.department);
    return finish(
      context,
      payload,
      department,
      'created',
      `created Procurify department ${department.id} "${department.name}" (external_id ${department.external_id ?? ''})`,
    );
  },
};
