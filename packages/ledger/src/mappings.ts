import type { DimensionKind, PrismaClient } from '@mlc/db';
import type { Ledger } from './ledger.ts';

export type MappingKind = 'vendor' | DimensionKind;

export interface VendorLinkInput {
  procurifyVendorId: string;
  procurifyVendorName?: string;
  oracleSupplierId?: string | null;
  oracleSupplierNumber: string;
  oracleSupplierName?: string;
  oracleSupplierSite?: string | null;
}

export interface DimensionMappingInput {
  kind: DimensionKind;
  procurifyKey: string;
  procurifyLabel?: string | null;
  oracleValue: string;
  oracleLabel?: string | null;
  attributes?: Record<string, string>;
}

/**
 * Operator mappings: vendor links and dimension mappings (GL account, department, cost center,
 * location). Setting one re-queues, at once, every record blocked on exactly that key.
 */
export class Mappings {
  private readonly prisma: PrismaClient;
  private readonly ledger: Ledger;

  constructor(prisma: PrismaClient, ledger: Ledger) {
    this.prisma = prisma;
    this.ledger = ledger;
  }

  async setVendorLink(connectionId: string, link: VendorLinkInput): Promise<{ requeued: number }> {
    const data = {
      procurifyVendorName: link.procurifyVendorName ?? '',
      oracleSupplierId: link.oracleSupplierId ?? null,
      oracleSupplierNumber: link.oracleSupplierNumber,
      oracleSupplierName: link.oracleSupplierName ?? '',
      oracleSupplierSite: link.oracleSupplierSite ?? null,
      matchedBy: 'explicit',
      state: 'confirmed' as const,
      score: null,
    };
    await this.prisma.vendorLink.upsert({
      where: { connectionId_procurifyVendorId: { connectionId, procurifyVendorId: link.procurifyVendorId } },
      create: { connectionId, procurifyVendorId: link.procurifyVendorId, ...data },
      update: data,
    });
    const requeued = await this.ledger.requeue(
      connectionId,
      {
        // Documents of the vendor; documents needing a site of the supplier; the supplier's own
        // record when several vendors could have been it (master-data sync).
        blockedOnAny: [
          `vendor:${link.procurifyVendorId}`,
          `supplier_site:${link.oracleSupplierNumber}`,
          `vendor_for_supplier:${link.oracleSupplierNumber}`,
        ],
      },
      ['blocked'],
      `vendor ${link.procurifyVendorId} linked to Oracle supplier ${link.oracleSupplierNumber}`,
    );
    return { requeued: requeued.length };
  }

  async setDimension(connectionId: string, mapping: DimensionMappingInput): Promise<{ requeued: number }> {
    const data = {
      procurifyLabel: mapping.procurifyLabel ?? null,
      oracleValue: mapping.oracleValue,
      oracleLabel: mapping.oracleLabel ?? null,
      attributes: mapping.attributes ?? {},
      matchedBy: 'explicit',
      state: 'confirmed' as const,
    };
    await this.prisma.dimensionMapping.upsert({
      where: {
        connectionId_kind_procurifyKey: {
          connectionId,
          kind: mapping.kind,
          procurifyKey: mapping.procurifyKey,
        },
      },
      create: { connectionId, kind: mapping.kind, procurifyKey: mapping.procurifyKey, ...data },
      update: data,
    });
    // A department mapping also serves cost-center segments, and vice versa.
    const kinds =
      mapping.kind === 'department' || mapping.kind === 'cost_center'
        ? ['department', 'cost_center']
        : [mapping.kind];
    const keys = kinds.map((kind) => `${kind}:${mapping.procurifyKey}`);
    const requeued = await this.ledger.requeue(
      connectionId,
      { blockedOnAny: keys },
      ['blocked'],
      `${mapping.kind} ${mapping.procurifyKey} mapped to ${mapping.oracleValue}`,
    );
    // A location's business unit changes which supplier sites qualify: retry those too.
    const extra =
      mapping.kind === 'location'
        ? await this.ledger.requeue(
            connectionId,
            { blockedOnPrefix: 'supplier_site:' },
            ['blocked'],
            `location ${mapping.procurifyKey} mapped`,
          )
        : [];
    return { requeued: requeued.length + extra.length };
  }

  async remove(connectionId: string, kind: MappingKind, procurifyKey: string): Promise<boolean> {
    if (kind === 'vendor') {
      const { count } = await this.prisma.vendorLink.deleteMany({
        where: { connectionId, procurifyVendorId: procurifyKey },
      });
      return count > 0;
    }
    const { count } = await this.prisma.dimensionMapping.deleteMany({
      where: { connectionId, kind, procurifyKey },
    });
    return count > 0;
  }

  async list(connectionId: string, kind?: MappingKind) {
    const vendors =
      kind === undefined || kind === 'vendor'
        ? await this.prisma.vendorLink.findMany({
            where: { connectionId },
            orderBy: { procurifyVendorId: 'asc' },
          })
        : [];
    const dimensions =
      kind === 'vendor'
        ? []
        : await this.prisma.dimensionMapping.findMany({
            where: { connectionId, ...(kind ? { kind } : {}) },
            orderBy: [{ kind: 'asc' }, { procurifyKey: 'asc' }],
          });
    return { vendors, dimensions };
  }
}
