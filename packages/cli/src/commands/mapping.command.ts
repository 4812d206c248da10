import { Ledger, Mappings, type MappingKind } from '@mlc/ledger';
import { withDatabase } from '../database.ts';
import { loadDatabaseEnv } from '../env.ts';
import type { Output } from '../output.ts';

const kinds: Record<string, MappingKind> = {
  vendor: 'vendor',
  'gl-account': 'gl_account',
  department: 'department',
  'cost-center': 'cost_center',
  location: 'location',
};

function kindOf(value: string): MappingKind {
  const kind = kinds[value];
  if (!kind) throw new Error(`KIND must be one of ${Object.keys(kinds).join(', ')}`);
  return kind;
}

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
): Promise<{ requeued: number }> {
  const kind = kindOf(kindName);
  const env = loadDatabaseEnv();
  const result = await withDatabase(env.DATABASE_URL, async ({ prisma }) => {
    if (!(await prisma.connection.findUnique({ where: { id }, select: { id: true } })))
      throw new Error(`no connection "${id}"`);
    const mappings = new Mappings(prisma, new Ledger(prisma));
    if (kind === 'vendor') {
      const supplier = await prisma.masterRecord.findFirst({
        where: { connectionId: id, system: 'oracle', kind: 'supplier', key: oracleValue },
      });
      return mappings.setVendorLink(id, {
        procurifyVendorId: procurifyKey,
        oracleSupplierNumber: oracleValue,
        oracleSupplierId: supplier?.externalId ?? null,
        oracleSupplierName: supplier?.name ?? '',
        oracleSupplierSite: options.site ?? null,
      });
    }
    const attributes: Record<string, string> = {};
    if (options.businessUnit) attributes['businessUnit'] = options.businessUnit;
    if (options.procurementBu) attributes['procurementBU'] = options.procurementBu;
    if (options.shipTo) attributes['shipToLocationCode'] = options.shipTo;
    if (options.category) attributes['category'] = options.category;
    return mappings.setDimension(id, { kind, procurifyKey, oracleValue, attributes });
  });
  if (options.json) output.json(result);
  else
    output.result(
      `Mapped ${kindName} ${procurifyKey} → ${oracleValue}; re-queued ${result.requeued} blocked record(s).`,
    );
  return result;
}

export async function mappingRemoveCommand(
  id: string,
  kindName: string,
  procurifyKey: string,
  options: { json?: boolean },
  output: Output,
): Promise<boolean> {
  const kind = kindOf(kindName);
  const env = loadDatabaseEnv();
  const removed = await withDatabase(env.DATABASE_URL, ({ prisma }) =>
    new Mappings(prisma, new Ledger(prisma)).remove(id, kind, procurifyKey),
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
) {
  const env = loadDatabaseEnv();
  const list = await withDatabase(env.DATABASE_URL, ({ prisma }) =>
    new Mappings(prisma, new Ledger(prisma)).list(id, kindName ? kindOf(kindName) : undefined),
  );
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
