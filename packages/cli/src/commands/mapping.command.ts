import {
  listMappings,
  parseMappingKind,
  removeMapping,
  setMapping,
  type MappingList,
  type SetMappingResult,
} from '@mlc/operations';
import { withDatabase } from '../database.ts';
import { loadDatabaseEnv } from '../env.ts';
import type { Output } from '../output.ts';

export async function mappingSetCommand(
  id: string,
  kindName: string,
  procurifyKey: string,
  oracleValue: string,
  options: {
    site?: string;
    businessUnit?: string;
    procurementBu?: string;
    shipTo?: string;
    category?: string;
    json?: boolean;
  },
  output: Output,
): Promise<SetMappingResult> {
  const kind = parseMappingKind(kindName);
  const env = loadDatabaseEnv();
  const { json: _json, ...extras } = options;
  const result = await withDatabase(env.DATABASE_URL, ({ prisma }) =>
    setMapping({ prisma }, id, kind, { procurifyKey, oracleValue, ...extras }),
  );
  if (options.json) output.json(result);
  else {
    output.result(
      `Mapped ${kindName} ${procurifyKey} → ${oracleValue}; re-queued ${result.requeued} blocked record(s).`,
    );
    for (const warning of result.warnings) output.progress(`warning: ${warning}`);
  }
  return result;
}

export async function mappingRemoveCommand(
  id: string,
  kindName: string,
  procurifyKey: string,
  options: { json?: boolean },
  output: Output,
): Promise<boolean> {
  const kind = parseMappingKind(kindName);
  const env = loadDatabaseEnv();
  const { removed } = await withDatabase(env.DATABASE_URL, ({ prisma }) =>
    removeMapping({ prisma }, id, kind, procurifyKey),
  );
  if (options.json) output.json({ removed });
  else
    output.result(
      removed
        ? `Removed the ${kindName} mapping of ${procurifyKey}.`
        : `No ${kindName} mapping for ${procurifyKey}.`,
    );
  return removed;
}

export async function mappingListCommand(
  id: string,
  kindName: string | undefined,
  options: { json?: boolean },
  output: Output,
): Promise<MappingList> {
  const kind = kindName ? parseMappingKind(kindName) : undefined;
  const env = loadDatabaseEnv();
  const list = await withDatabase(env.DATABASE_URL, ({ prisma }) => listMappings({ prisma }, id, kind));
  if (options.json) {
    output.json(list);
    return list;
  }
  const lines = [
    ...list.vendors.map(
      (v) =>
        `vendor      ${v.procurifyVendorId.padEnd(12)} → ${v.oracleSupplierNumber} ${v.oracleSupplierName} (${v.matchedBy}${v.oracleSupplierSite ? `, site ${v.oracleSupplierSite}` : ''})`,
    ),
    ...list.dimensions.map(
      (d) =>
        `${d.kind.padEnd(11)} ${d.procurifyKey.padEnd(12)} → ${d.oracleValue}${Object.keys(d.attributes ?? {}).length ? ` ${JSON.stringify(d.attributes)}` : ''} (${d.matchedBy})`,
    ),
  ];
  output.result(lines.length ? lines.join('\n') : 'No mappings.');
  return list;
}
