import type { DimensionMapping, PrismaClient, VendorLink } from '@mlc/db';
import { Ledger, Mappings, type MappingKind } from '@mlc/ledger';
import { SupplierIndex, type VendorSuggestion } from '@mlc/mapping';
import { toSupplierCandidate } from '@mlc/pipeline';
import { assertConnectionExists } from './connections.ts';
import { InvalidRequestError, NotFoundError } from './errors.ts';

/** Mapping kinds as operators spell them (CLI arguments, API paths) → as the database does. */
const kindByName = {
  vendor: 'vendor',
  'gl-account': 'gl_account',
  department: 'department',
  'cost-center': 'cost_center',
  location: 'location',
} as const satisfies Record<string, MappingKind>;

export type MappingKindName = keyof typeof kindByName;
export const mappingKindNames = Object.keys(kindByName) as MappingKindName[];

export function parseMappingKind(name: string): MappingKind {
  const kind = (kindByName as Record<string, MappingKind | undefined>)[name];
  if (!kind)
    throw new InvalidRequestError(
      `KIND must be one of ${mappingKindNames.join(', ')} (got "${name}")`,
      'INVALID_MAPPING_KIND',
    );
  return kind;
}

export function mappingKindName(kind: MappingKind): MappingKindName {
  return mappingKindNames.find((name) => kindByName[name] === kind) ?? 'vendor';
}

export interface SetMappingInput {
  /** Procurify vendor id, account code, department id or location id. */
  procurifyKey: string;
  /** Oracle supplier number, segment value or business unit. */
  oracleValue: string;
  /** vendor: the Oracle supplier site to use. */
  site?: string;
  /** location: the Oracle business unit (default: oracleValue). */
  businessUnit?: string;
  /** location: the Oracle procurement business unit. */
  procurementBu?: string;
  /** location: the Oracle ship-to location code. */
  shipTo?: string;
  /** gl-account: the Oracle purchasing category. */
  category?: string;
  procurifyLabel?: string;
  oracleLabel?: string;
}

const optionsByKind: Record<MappingKind, (keyof SetMappingInput)[]> = {
  vendor: ['site'],
  location: ['businessUnit', 'procurementBu', 'shipTo'],
  gl_account: ['category'],
  department: [],
  cost_center: [],
};
const kindOptions = ['site', 'businessUnit', 'procurementBu', 'shipTo', 'category'] as const;

export interface SetMappingResult {
  /** Blocked records sent back through mapping because of this mapping. */
  requeued: number;
  /** Things that look wrong but do not stop the mapping (e.g. a supplier Oracle has not shown us). */
  warnings: string[];
}

/** The vendor's name as the records blocked on it recorded it. */
async function blockedVendorName(
  prisma: PrismaClient,
  connectionId: string,
  vendorId: string,
): Promise<string | undefined> {
  const record = await prisma.ledgerRecord.findFirst({
    where: { connectionId, status: 'blocked', blockedOn: { has: `vendor:${vendorId}` } },
    orderBy: { updatedAt: 'desc' },
    select: { details: true },
  });
  return missingVendorLabel(record?.details, vendorId);
}

function missingVendorLabel(details: unknown, vendorId: string): string | undefined {
  const missing = (details as { missing?: { kind?: string; key?: string; label?: string }[] } | null)
    ?.missing;
  return missing?.find((entry) => entry.kind === 'vendor' && entry.key === vendorId)?.label;
}

/**
 * Sets a vendor link or a dimension mapping, replacing any earlier one for the same Procurify
 * key, and re-queues at once every record blocked on that key.
 */
export async function setMapping(
  deps: { prisma: PrismaClient },
  connectionId: string,
  kind: MappingKind,
  input: SetMappingInput,
): Promise<SetMappingResult> {
  const { prisma } = deps;
  await assertConnectionExists(prisma, connectionId);
  const misplaced = kindOptions.filter(
    (option) => input[option] !== undefined && !optionsByKind[kind].includes(option),
  );
  if (misplaced.length)
    throw new InvalidRequestError(
      `${misplaced.join(', ')} ${misplaced.length === 1 ? 'does' : 'do'} not apply to ${mappingKindName(kind)} mappings`,
    );
  const mappings = new Mappings(prisma, new Ledger(prisma));
  const warnings: string[] = [];

  if (kind === 'vendor') {
    const [supplier, suppliersKnown] = await Promise.all([
      prisma.masterRecord.findFirst({
        where: { connectionId, system: 'oracle', kind: 'supplier', key: input.oracleValue },
      }),
      prisma.masterRecord.count({ where: { connectionId, system: 'oracle', kind: 'supplier' } }),
    ]);
    if (!supplier && suppliersKnown > 0)
      warnings.push(
        `Oracle supplier ${input.oracleValue} is not among the ${suppliersKnown} suppliers read from Oracle; records stay blocked until it appears there`,
      );
    if (supplier && input.site) {
      const sites = toSupplierCandidate(supplier).sites.map((site) => site.siteCode);
      if (!sites.includes(input.site))
        warnings.push(
          `Oracle supplier ${input.oracleValue} has no site "${input.site}" (sites: ${sites.join(', ') || 'none'})`,
        );
    }
    const vendorName =
      input.procurifyLabel ?? (await blockedVendorName(prisma, connectionId, input.procurifyKey));
    const result = await mappings.setVendorLink(connectionId, {
      procurifyVendorId: input.procurifyKey,
      ...(vendorName ? { procurifyVendorName: vendorName } : {}),
      oracleSupplierNumber: input.oracleValue,
      oracleSupplierId: supplier?.externalId ?? null,
      oracleSupplierName: input.oracleLabel ?? supplier?.name ?? '',
      oracleSupplierSite: input.site ?? null,
    });
    return { requeued: result.requeued, warnings };
  }

  const attributes: Record<string, string> = {};
  if (input.businessUnit) attributes['businessUnit'] = input.businessUnit;
  if (input.procurementBu) attributes['procurementBU'] = input.procurementBu;
  if (input.shipTo) attributes['shipToLocationCode'] = input.shipTo;
  if (input.category) attributes['category'] = input.category;
  const result = await mappings.setDimension(connectionId, {
    kind,
    procurifyKey: input.procurifyKey,
    oracleValue: input.oracleValue,
    attributes,
    ...(input.procurifyLabel === undefined ? {} : { procurifyLabel: input.procurifyLabel }),
    ...(input.oracleLabel === undefined ? {} : { oracleLabel: input.oracleLabel }),
  });
  return { requeued: result.requeued, warnings };
}

/** Removes a mapping; records already written keep what they were written with. */
export async function removeMapping(
  deps: { prisma: PrismaClient },
  connectionId: string,
  kind: MappingKind,
  procurifyKey: string,
): Promise<{ removed: boolean }> {
  await assertConnectionExists(deps.prisma, connectionId);
  const removed = await new Mappings(deps.prisma, new Ledger(deps.prisma)).remove(
    connectionId,
    kind,
    procurifyKey,
  );
  return { removed };
}

export interface MappingList {
  vendors: VendorLink[];
  dimensions: DimensionMapping[];
}

/** Vendor links and dimension mappings of a connection (one kind, or all). */
export async function listMappings(
  deps: { prisma: PrismaClient },
  connectionId: string,
  kind?: MappingKind,
): Promise<MappingList> {
  await assertConnectionExists(deps.prisma, connectionId);
  return new Mappings(deps.prisma, new Ledger(deps.prisma)).list(connectionId, kind);
}

export interface VendorSuggestions {
  procurifyVendorId: string;
  /** As the blocked records name it; null when no record says. */
  vendorName: string | null;
  /** The vendor's current link, if any. */
  link: {
    oracleSupplierNumber: string;
    oracleSupplierName: string;
    oracleSupplierSite: string | null;
    matchedBy: string;
  } | null;
  blockedRecords: { total: number; sample: { id: string; entity: string; sourceNumber: string | null }[] };
  /** Best first: similarity of the vendor's name to each active Oracle supplier's (0..1). */
  suggestions: VendorSuggestion[];
}

function mergeSuggestions(lists: unknown[], limit: number): VendorSuggestion[] {
  const best = new Map<string, VendorSuggestion>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const suggestion of list as VendorSuggestion[]) {
      const seen = best.get(suggestion.supplierNumber);
      if (!seen || seen.score < suggestion.score) best.set(suggestion.supplierNumber, suggestion);
    }
  }
  return [...best.values()]
    .sort(
      (a, b) =>
        b.score - a.score || a.name.localeCompare(b.name) || a.supplierNumber.localeCompare(b.supplierNumber),
    )
    .slice(0, limit);
}

/**
 * Ranked Oracle suppliers for a Procurify vendor that blocks records: scored afresh against the
 * suppliers Oracle has now (the ones stored on the records were scored when they blocked).
 */
export async function vendorSuggestions(
  deps: { prisma: PrismaClient },
  connectionId: string,
  procurifyVendorId: string,
  options: { limit?: number } = {},
): Promise<VendorSuggestions> {
  const { prisma } = deps;
  await assertConnectionExists(prisma, connectionId);
  const limit = options.limit ?? 3;
  const where = {
    connectionId,
    status: 'blocked' as const,
    blockedOn: { has: `vendor:${procurifyVendorId}` },
  };
  const [records, total, link] = await Promise.all([
    prisma.ledgerRecord.findMany({
      where,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: 20,
      select: { id: true, entity: true, sourceNumber: true, details: true },
    }),
    prisma.ledgerRecord.count({ where }),
    prisma.vendorLink.findUnique({
      where: { connectionId_procurifyVendorId: { connectionId, procurifyVendorId } },
    }),
  ]);
  const vendorName =
    records.map((record) => missingVendorLabel(record.details, procurifyVendorId)).find(Boolean) ??
    (link?.procurifyVendorName || null);
  if (total === 0 && !link)
    throw new NotFoundError(
      `Procurify vendor ${procurifyVendorId} blocks no record of ${connectionId} and has no link`,
      { code: 'VENDOR_NOT_FOUND' },
    );

  let suggestions: VendorSuggestion[] = [];
  if (vendorName) {
    const suppliers = await prisma.masterRecord.findMany({
      where: { connectionId, system: 'oracle', kind: 'supplier' },
    });
    suggestions = new SupplierIndex(suppliers.map(toSupplierCandidate)).suggest(vendorName, limit);
  }
  if (suggestions.length === 0)
    suggestions = mergeSuggestions(
      records.map((record) => (record.details as { suggestions?: unknown } | null)?.suggestions),
      limit,
    );
  return {
    procurifyVendorId,
    vendorName,
    link: link
      ? {
          oracleSupplierNumber: link.oracleSupplierNumber,
          oracleSupplierName: link.oracleSupplierName,
          oracleSupplierSite: link.oracleSupplierSite,
          matchedBy: link.matchedBy,
        }
      : null,
    blockedRecords: {
      total,
      sample: records.slice(0, 10).map(({ id, entity, sourceNumber }) => ({ id, entity, sourceNumber })),
    },
    suggestions,
  };
}

export interface BlockedVendor {
  procurifyVendorId: string;
  vendorName: string | null;
  blockedRecords: number;
  /** As stored on the most recently blocked record (GET …/suggestions re-scores them). */
  suggestions: VendorSuggestion[];
}

/** Every Procurify vendor that blocks records, most blocked first. */
export async function listBlockedVendors(
  deps: { prisma: PrismaClient },
  connectionId: string,
): Promise<BlockedVendor[]> {
  const { prisma } = deps;
  await assertConnectionExists(prisma, connectionId);
  const rows = await prisma.$queryRaw<{ key: string; n: bigint; details: unknown }[]>`
    SELECT DISTINCT ON (k) k AS key, count(*) OVER (PARTITION BY k) AS n, l.details
    FROM sync_ledger l, unnest(l.blocked_on) AS k
    WHERE l.connection_id = ${connectionId} AND l.status = 'blocked' AND k LIKE 'vendor:%'
    ORDER BY k, l.updated_at DESC, l.id DESC`;
  return rows
    .map((row) => {
      const vendorId = row.key.slice('vendor:'.length);
      return {
        procurifyVendorId: vendorId,
        vendorName: missingVendorLabel(row.details, vendorId) ?? null,
        blockedRecords: Number(row.n),
        suggestions: mergeSuggestions([(row.details as { suggestions?: unknown } | null)?.suggestions], 3),
      };
    })
    .sort(
      (a, b) => b.blockedRecords - a.blockedRecords || a.procurifyVendorId.localeCompare(b.procurifyVendorId),
    );
}
