import type { PrismaClient } from '@mlc/db';
import type { RunningSimulators } from '@mlc/simulators';

function duplicates<T>(values: readonly T[]): [T, number][] {
  const seen = new Map<T, number>();
  for (const value of values) seen.set(value, (seen.get(value) ?? 0) + 1);
  return [...seen.entries()].filter(([, n]) => n > 1);
}

/**
 * Every way the master-data end state can be wrong, one line each (empty = correct): a vendor,
 * department or account code created twice on Procurify's side, a supplier created twice in
 * Oracle, or a master-data record that did not end synced or skipped.
 */
export async function verifyMasterData(
  prisma: PrismaClient,
  sims: RunningSimulators,
  connectionId: string,
): Promise<string[]> {
  const problems: string[] = [];
  const procurify = sims.procurify.store;
  for (const [externalId, n] of duplicates(
    [...procurify.vendors.values()].flatMap((vendor) =>
      vendor.external_id === null ? [] : [vendor.external_id],
    ),
  ))
    problems.push(`${n} Procurify vendors with external_id ${externalId}`);
  for (const [externalId, n] of duplicates(
    [...procurify.departments.values()].flatMap((department) =>
      department.externalId === null ? [] : [department.externalId],
    ),
  ))
    problems.push(`${n} Procurify departments with external_id ${externalId}`);
  for (const [code, n] of duplicates([...procurify.accountCodes.values()].map((row) => row.code)))
    problems.push(`${n} Procurify account codes ${code}`);
  for (const [name, n] of duplicates([...sims.oracle.store.suppliers.values()].map((s) => s.row.Supplier)))
    problems.push(`${n} Oracle suppliers named ${name}`);
  const unfinished = await prisma.ledgerRecord.findMany({
    where: {
      connectionId,
      entity: { in: ['supplier', 'vendor', 'gl_account', 'cost_center'] },
      status: { notIn: ['synced', 'skipped'] },
    },
  });
  for (const record of unfinished)
    problems.push(`${record.entity} ${record.sourceId}: ${record.status} ${record.reason ?? ''}`);
  return problems;
}

/** Requests that wrote something (anything but reads and token requests). */
export function writeRoutes(sims: RunningSimulators): string[] {
  return [
    ...Object.keys(sims.procurify.core.counters.snapshot().routes),
    ...Object.keys(sims.oracle.core.counters.snapshot().routes),
  ].filter((route) => !route.startsWith('GET ') && !route.includes('token'));
}
