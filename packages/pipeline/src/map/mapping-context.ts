import type { ConnectionSettings, ConnectionStore } from '@mlc/connections';
import type { DimensionMapping, MasterRecord, PrismaClient } from '@mlc/db';
import { SupplierIndex, VendorIndex, type DimensionLookup, type SupplierCandidate } from '@mlc/mapping';
import { vendorProfileOf } from '../master/master-records.ts';

interface Versioned<T> {
  version: string;
  value: T;
}

/** An Oracle supplier as cached by the poller (data = the supplier with its sites). */
export function toSupplierCandidate(record: MasterRecord): SupplierCandidate {
  const data = record.data as {
    SupplierId?: unknown;
    SupplierNumber?: unknown;
    Supplier?: unknown;
    sites?: {
      SupplierSiteId?: unknown;
      SupplierSite?: unknown;
      ProcurementBU?: unknown;
      SitePurposePurchasingFlag?: unknown;
      SitePurposePayFlag?: unknown;
      InactiveDate?: unknown;
    }[];
  };
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  return {
    supplierId: record.externalId,
    supplierNumber: record.key ?? text(data.SupplierNumber),
    name: record.name ?? text(data.Supplier),
    active: record.active,
    sites: (data.sites ?? []).map((site) => ({
      siteId: text(site.SupplierSiteId),
      siteCode: text(site.SupplierSite),
      procurementBU: typeof site.ProcurementBU === 'string' ? site.ProcurementBU : null,
      purchasing: site.SitePurposePurchasingFlag !== false && site.SitePurposePurchasingFlag !== 'N',
      pay: site.SitePurposePayFlag !== false && site.SitePurposePayFlag !== 'N',
      active: !site.InactiveDate || Date.parse(text(site.InactiveDate)) > Date.now(),
    })),
  };
}

/**
 * What mapping needs from the database, per connection, reloaded only when it changed (a cheap
 * count + last-update probe per job): a mapping an operator just set is seen by the very next
 * job, so a re-queued record never blocks again on a stale cache.
 */
export class MappingContextCache {
  private readonly prisma: PrismaClient;
  private readonly connections: ConnectionStore;
  private readonly settingsTtlMs: number;
  private readonly settings = new Map<string, { at: number; value: ConnectionSettings }>();
  private readonly suppliers = new Map<string, Versioned<SupplierIndex>>();
  private readonly dimensions = new Map<string, Versioned<Map<string, DimensionMapping>>>();
  private readonly combinations = new Map<string, Versioned<{ known: boolean; active: Set<string> }>>();
  private readonly vendors = new Map<string, Versioned<VendorIndex>>();
  /** `connection:stream` pairs whose first full read is done (once true, always true). */
  private readonly scanned = new Set<string>();

  constructor(prisma: PrismaClient, connections: ConnectionStore, settingsTtlMs: number) {
    this.prisma = prisma;
    this.connections = connections;
    this.settingsTtlMs = settingsTtlMs;
  }

  async settingsOf(connectionId: string): Promise<ConnectionSettings> {
    const cached = this.settings.get(connectionId);
    if (cached && Date.now() - cached.at < this.settingsTtlMs) return cached.value;
    const value = await this.connections.settings(connectionId);
    this.settings.set(connectionId, { at: Date.now(), value });
    return value;
  }

  private async masterVersion(
    connectionId: string,
    kind: string,
    system: 'oracle' | 'procurify' = 'oracle',
  ): Promise<string> {
    // deactivateUnseen flips `active` without touching seen_at: count the active rows too.
    const rows = await this.prisma.$queryRaw<{ n: bigint; active: bigint; latest: Date | null }[]>`
      SELECT count(*) AS n, count(*) FILTER (WHERE active) AS active, max(seen_at) AS latest
      FROM master_records
      WHERE connection_id = ${connectionId} AND system = ${system}::upstream_system AND kind = ${kind}`;
    return `${rows[0]?.n ?? 0}:${rows[0]?.active ?? 0}:${rows[0]?.latest?.getTime() ?? 0}`;
  }

  /** Procurify vendors as cached by the vendors stream (and the writers, as they write). */
  async vendorIndex(connectionId: string): Promise<VendorIndex> {
    const version = await this.masterVersion(connectionId, 'vendor', 'procurify');
    const cached = this.vendors.get(connectionId);
    if (cached?.version === version) return cached.value;
    const records = await this.prisma.masterRecord.findMany({
      where: { connectionId, system: 'procurify', kind: 'vendor' },
    });
    const value = new VendorIndex(records.map(vendorProfileOf));
    this.vendors.set(connectionId, { version, value });
    return value;
  }

  /**
   * Whether a stream has completed a read for this connection: master-data flows pair records
   * with the other side's master data, and must not take "not read yet" for "does not exist".
   */
  async masterScanned(connectionId: string, stream: string): Promise<boolean> {
    const key = `${connectionId}:${stream}`;
    if (this.scanned.has(key)) return true;
    const cursor = await this.prisma.pollCursor.findUnique({
      where: { connectionId_stream: { connectionId, stream } },
      select: { lastSuccessAt: true },
    });
    if (!cursor?.lastSuccessAt) return false;
    this.scanned.add(key);
    return true;
  }

  async supplierIndex(connectionId: string): Promise<SupplierIndex> {
    const version = await this.masterVersion(connectionId, 'supplier');
    const cached = this.suppliers.get(connectionId);
    if (cached?.version === version) return cached.value;
    const records = await this.prisma.masterRecord.findMany({
      where: { connectionId, system: 'oracle', kind: 'supplier' },
    });
    const value = new SupplierIndex(records.map(toSupplierCandidate));
    this.suppliers.set(connectionId, { version, value });
    return value;
  }

  /** Enabled charge accounts Oracle has; `known` is false until the first scan has run. */
  async accountCombinations(connectionId: string): Promise<{ known: boolean; active: Set<string> }> {
    const version = await this.masterVersion(connectionId, 'account_combination');
    const cached = this.combinations.get(connectionId);
    if (cached?.version === version) return cached.value;
    const records = await this.prisma.masterRecord.findMany({
      where: { connectionId, system: 'oracle', kind: 'account_combination' },
      select: { key: true, active: true },
    });
    const value = {
      known: records.length > 0,
      active: new Set(records.filter((r) => r.active && r.key).map((r) => r.key as string)),
    };
    this.combinations.set(connectionId, { version, value });
    return value;
  }

  async dimensionLookup(
    connectionId: string,
  ): Promise<{ lookup: DimensionLookup; get: (kind: string, key: string) => DimensionMapping | undefined }> {
    const rows = await this.prisma.$queryRaw<{ n: bigint; latest: Date | null }[]>`
      SELECT count(*) AS n, max(updated_at) AS latest FROM dimension_mappings WHERE connection_id = ${connectionId}`;
    const version = `${rows[0]?.n ?? 0}:${rows[0]?.latest?.getTime() ?? 0}`;
    let cached = this.dimensions.get(connectionId);
    if (cached?.version !== version) {
      const mappings = await this.prisma.dimensionMapping.findMany({
        where: { connectionId, state: 'confirmed' },
      });
      cached = {
        version,
        value: new Map(mappings.map((mapping) => [`${mapping.kind}:${mapping.procurifyKey}`, mapping])),
      };
      this.dimensions.set(connectionId, cached);
    }
    const map = cached.value;
    const get = (kind: string, key: string) =>
      map.get(`${kind}:${key}`) ??
      (kind === 'department'
        ? map.get(`cost_center:${key}`)
        : kind === 'cost_center'
          ? map.get(`department:${key}`)
          : undefined);
    return {
      get,
      lookup: (kind, key) => {
        const found = get(kind, key);
        return found
          ? {
              oracleValue: found.oracleValue,
              attributes: (found.attributes ?? {}) as Record<string, unknown>,
            }
          : undefined;
      },
    };
  }
}
