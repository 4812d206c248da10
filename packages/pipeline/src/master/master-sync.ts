import type { DimensionKind, PrismaClient } from '@mlc/db';
import type { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { alignDimensionMappings, automaticMatchKinds, type AlignedKind } from '@mlc/mapping';

/** Which master data changed (system.kind, as MasterRecord stores it). */
export type MasterChange =
  | 'oracle.supplier'
  | 'procurify.vendor'
  | 'procurify.account_code'
  | 'oracle.gl_account_value'
  | 'procurify.department'
  | 'oracle.cost_center_value'
  | 'procurify.location'
  | 'oracle.business_unit';

/** What a stream does after master data changed; a dry run does nothing. */
export interface MasterSyncHooks {
  /** `ids`: the external ids that changed, when the caller knows them (narrows the re-queue). */
  masterChanged(connectionId: string, change: MasterChange, ids?: readonly string[]): Promise<void>;
}

export const noMasterSync: MasterSyncHooks = { masterChanged: async () => undefined };

const alignedBy: Partial<Record<MasterChange, AlignedKind>> = {
  'procurify.account_code': 'gl_account',
  'oracle.gl_account_value': 'gl_account',
  'procurify.department': 'department',
  'oracle.cost_center_value': 'department',
  'procurify.location': 'location',
  'oracle.business_unit': 'location',
};

/** Where each aligned kind's two sides are cached, and how an item's key is read. */
const sides: Record<
  AlignedKind,
  { procurify: string; oracle: string; key: 'code' | 'id'; oracleValue: 'key' | 'name' }
> = {
  gl_account: { procurify: 'account_code', oracle: 'gl_account_value', key: 'code', oracleValue: 'key' },
  department: { procurify: 'department', oracle: 'cost_center_value', key: 'id', oracleValue: 'key' },
  location: { procurify: 'location', oracle: 'business_unit', key: 'id', oracleValue: 'name' },
};

/** A vendor link found or made by the connector (never an operator's). */
export interface AutomaticVendorLink {
  procurifyVendorId: string;
  procurifyVendorName: string;
  oracleSupplierId: string;
  oracleSupplierNumber: string;
  oracleSupplierName: string;
  oracleSupplierSite?: string | null;
  matchedBy: 'created' | 'external_id' | 'exact_name' | 'normalized_name';
}

/**
 * Keeps the cross-references consistent with master data as it changes: vendor-link names follow
 * renames on either side (the link itself is by ids and never re-matched), automatic dimension
 * mappings follow both sides' values, and records blocked on something that now exists are
 * re-queued at once.
 */
export class MasterSync implements MasterSyncHooks {
  private readonly prisma: PrismaClient;
  private readonly ledger: Ledger;
  private readonly logger: Logger;

  constructor(prisma: PrismaClient, ledger: Ledger, logger: Logger) {
    this.prisma = prisma;
    this.ledger = ledger;
    this.logger = logger;
  }

  async masterChanged(connectionId: string, change: MasterChange, ids?: readonly string[]): Promise<void> {
    if (change === 'oracle.supplier' || change === 'procurify.vendor') {
      const renamed = await this.refreshVendorLinks(connectionId);
      if (renamed > 0) this.logger.info({ connectionId, renamed }, 'vendor link names refreshed');
    }
    if (change === 'procurify.vendor') {
      // A vendor's new external_id or name may match a supplier now.
      await this.ledger.requeue(
        connectionId,
        ids ? { blockedOnAny: ids.map((id) => `vendor:${id}`) } : { blockedOnPrefix: 'vendor:' },
        ['blocked'],
        'the Procurify vendor changed; matching it again',
      );
    }
    const kind = alignedBy[change];
    if (kind) await this.alignDimensions(connectionId, kind);
  }

  /**
   * Vendor links carry both sides' names for people to read; the pairing is by ids. After a
   * rename on either side, the names follow (and a link made with a supplier number only gains
   * the supplier id).
   */
  async refreshVendorLinks(connectionId: string): Promise<number> {
    const oracle = await this.prisma.$executeRaw`
      UPDATE vendor_links l SET
        oracle_supplier_name = COALESCE(m.name, l.oracle_supplier_name),
        oracle_supplier_number = COALESCE(m.key, l.oracle_supplier_number),
        oracle_supplier_id = m.external_id,
        updated_at = now()
      FROM master_records m
      WHERE l.connection_id = ${connectionId} AND m.connection_id = l.connection_id
        AND m.system = 'oracle' AND m.kind = 'supplier'
        AND (l.oracle_supplier_id = m.external_id
             OR (l.oracle_supplier_id IS NULL AND l.oracle_supplier_number = m.key))
        AND (l.oracle_supplier_name IS DISTINCT FROM COALESCE(m.name, l.oracle_supplier_name)
             OR l.oracle_supplier_number IS DISTINCT FROM COALESCE(m.key, l.oracle_supplier_number)
             OR l.oracle_supplier_id IS DISTINCT FROM m.external_id)`;
    const procurify = await this.prisma.$executeRaw`
      UPDATE vendor_links l SET procurify_vendor_name = m.name, updated_at = now()
      FROM master_records m
      WHERE l.connection_id = ${connectionId} AND m.connection_id = l.connection_id
        AND m.system = 'procurify' AND m.kind = 'vendor' AND m.external_id = l.procurify_vendor_id
        AND m.name IS NOT NULL AND l.procurify_vendor_name IS DISTINCT FROM m.name`;
    return oracle + procurify;
  }

  /**
   * Records the pairing a sync found or made, unless the vendor is already linked (an operator's
   * link, or an earlier one, wins), and re-queues whatever waited for it.
   */
  async linkVendor(connectionId: string, link: AutomaticVendorLink): Promise<void> {
    const { procurifyVendorId, matchedBy, ...names } = link;
    await this.prisma.vendorLink.createMany({
      data: [
        {
          connectionId,
          procurifyVendorId,
          ...names,
          oracleSupplierSite: link.oracleSupplierSite ?? null,
          matchedBy,
          state: 'confirmed',
        },
      ],
      skipDuplicates: true,
    });
    await this.ledger.requeue(
      connectionId,
      {
        blockedOnAny: [
          `vendor:${procurifyVendorId}`,
          `supplier_site:${link.oracleSupplierNumber}`,
          `vendor_for_supplier:${link.oracleSupplierNumber}`,
        ],
      },
      ['blocked'],
      `Procurify vendor ${procurifyVendorId} linked to Oracle supplier ${link.oracleSupplierNumber} (${matchedBy})`,
    );
  }

  /**
   * Brings a kind's automatic mappings in line with both sides (`alignDimensionMappings`), once
   * both have been read. Operator mappings are never touched: rows are only updated or deleted
   * while their `matchedBy` is automatic, so one set meanwhile wins.
   */
  async alignDimensions(
    connectionId: string,
    kind: AlignedKind,
  ): Promise<{ changed: number; requeued: number }> {
    const side = sides[kind];
    const [procurify, oracle, existing] = await Promise.all([
      this.prisma.masterRecord.findMany({
        where: { connectionId, system: 'procurify', kind: side.procurify },
      }),
      this.prisma.masterRecord.findMany({ where: { connectionId, system: 'oracle', kind: side.oracle } }),
      this.prisma.dimensionMapping.findMany({ where: { connectionId, kind } }),
    ]);
    if (procurify.length === 0 || oracle.length === 0) return { changed: 0, requeued: 0 };
    const changes = alignDimensionMappings(
      kind,
      procurify.map((record) => ({
        key: side.key === 'code' ? (record.key ?? '') : record.externalId,
        label: record.name,
        externalId: side.key === 'code' ? null : record.key,
        active: record.active,
      })),
      oracle.map((record) => ({
        value: (side.oracleValue === 'key' ? record.key : record.name) ?? record.externalId,
        label: record.name,
        active: record.active,
      })),
      existing,
    );
    if (changes.length === 0) return { changed: 0, requeued: 0 };
    const automatic = [...automaticMatchKinds];
    const dimensionKind: DimensionKind = kind;
    for (const change of changes) {
      const where = { connectionId, kind: dimensionKind, procurifyKey: change.procurifyKey };
      if (change.action === 'delete') {
        await this.prisma.dimensionMapping.deleteMany({ where: { ...where, matchedBy: { in: automatic } } });
        continue;
      }
      const data = {
        procurifyLabel: change.procurifyLabel,
        oracleValue: change.oracleValue,
        oracleLabel: change.oracleLabel,
        matchedBy: change.matchedBy,
        state: change.state,
      };
      const { count } = await this.prisma.dimensionMapping.updateMany({
        where: { ...where, matchedBy: { in: automatic } },
        data,
      });
      if (count === 0)
        await this.prisma.dimensionMapping.createMany({
          data: [{ ...where, ...data, attributes: {} }],
          skipDuplicates: true,
        });
    }
    const confirmed = changes.filter((change) => change.action === 'upsert' && change.state === 'confirmed');
    const keys = confirmed.flatMap((change) =>
      kind === 'department'
        ? [`department:${change.procurifyKey}`, `cost_center:${change.procurifyKey}`]
        : [`${kind}:${change.procurifyKey}`],
    );
    const requeued: string[] =
      keys.length === 0
        ? []
        : await this.ledger.requeue(
            connectionId,
            { blockedOnAny: keys },
            ['blocked'],
            `${kind} mappings found automatically`,
          );
    // A location's business unit decides which supplier sites qualify: those blocks may clear too.
    if (kind === 'location' && confirmed.length > 0)
      requeued.push(
        ...(await this.ledger.requeue(
          connectionId,
          { blockedOnPrefix: 'supplier_site:' },
          ['blocked'],
          'location mappings found automatically',
        )),
      );
    this.logger.info(
      { connectionId, kind, changed: changes.length, confirmed: confirmed.length, requeued: requeued.length },
      'automatic dimension mappings aligned',
    );
    return { changed: changes.length, requeued: requeued.length };
  }
}
