import type { ConnectionSettings } from '@mlc/connections';
import {
  billPaymentStateKeys,
  cleanText,
  contentHash,
  isBillEligible,
  mapBill,
  mapPurchaseOrder,
  matchVendor,
  purchaseOrderLineNumbers,
  truncateText,
  volatileKeys,
  type MapOutcome,
  type SupplierCandidate,
  type VendorSuggestion,
} from '@mlc/mapping';
import {
  billDetailSchema,
  purchaseOrderDetailSchema,
  type ProcurifyBill,
  type ProcurifyPurchaseOrder,
} from '@mlc/procurify-client';
import { purchaseOrderSentAsRequisition } from './cross-mode.ts';
import type { EntityMapper, MapDeps, MapSource } from './entity-mapper.ts';

type VendorResolution =
  | { kind: 'linked'; supplier: SupplierCandidate; preferredSite: string | null; matchedBy: string }
  | { kind: 'blocked'; outcome: Extract<MapOutcome<never>, { kind: 'blocked' }> };

/**
 * A bill's hash without its payment state (status, bill_payment, status history…): equal before
 * and after the bill is paid, so a bill paid after it was invoiced is not flagged for review.
 * Its copies of the vendor count by id only: the master-data sync edits vendors (external_id,
 * renames), which changes every bill's embedded copy but not the bill (found by the chaos run,
 * packages/chaos: paid bills were flagged "review it in Oracle" — first through `vendor`, then,
 * for bills of PO items, through the order item's `pref_vendor`).
 */
export function billDocumentHash(snapshot: unknown): string {
  return contentHash(vendorsById(snapshot), [...volatileKeys, ...billPaymentStateKeys]);
}

/** Where a bill embeds a vendor: its own, its items', and the order items' preferred vendor. */
const vendorCopyKeys = new Set(['vendor', 'pref_vendor']);

function vendorsById(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(vendorsById);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      vendorCopyKeys.has(key) && value !== null && typeof value === 'object' && 'id' in value
        ? [key, { id: (value as { id: unknown }).id }]
        : [key, vendorsById(value)],
    ),
  );
}

/**
 * Explicit link first, then the matching rules; automatic matches are remembered as links. A
 * linked pair is never matched by name again (links are by ids: renames on either side keep
 * them). Matching uses the vendor as Procurify has it now (the vendor master) when it was read:
 * a document's copy of its vendor can be older than a rename or a new external_id.
 */
export async function resolveVendor(
  deps: MapDeps,
  settings: ConnectionSettings,
  documentVendor: { id: number; name?: string | undefined; external_id?: string | null | undefined },
  rememberLinks: boolean,
): Promise<VendorResolution> {
  const procurifyVendorId = String(documentVendor.id);
  const [link, current] = await Promise.all([
    deps.prisma.vendorLink.findUnique({
      where: { connectionId_procurifyVendorId: { connectionId: settings.id, procurifyVendorId } },
    }),
    deps.prisma.masterRecord.findUnique({
      where: {
        connectionId_system_kind_externalId: {
          connectionId: settings.id,
          system: 'procurify',
          kind: 'vendor',
          externalId: procurifyVendorId,
        },
      },
      select: { name: true, key: true },
    }),
  ]);
  const vendor = current
    ? { name: current.name ?? documentVendor.name, external_id: current.key }
    : documentVendor;
  const index = await deps.cache.supplierIndex(settings.id);
  const match = matchVendor(
    { id: procurifyVendorId, name: vendor.name ?? '', externalId: vendor.external_id ?? null },
    link?.state === 'confirmed'
      ? {
          supplierId: link.oracleSupplierId,
          supplierNumber: link.oracleSupplierNumber,
          siteCode: link.oracleSupplierSite,
        }
      : undefined,
    index,
  );
  if (match.kind === 'unmatched') {
    // Quoted in the reason: cleaned and short, whatever the vendor's name holds.
    const label = truncateText(cleanText(vendor.name), 80) || procurifyVendorId;
    const best = match.suggestions
      .map((s: VendorSuggestion) => `${s.name} (${s.supplierNumber}, ${Math.round(s.score * 100)}%)`)
      .join('; ');
    return {
      kind: 'blocked',
      outcome: {
        kind: 'blocked',
        reason:
          `No Oracle supplier for Procurify vendor ${procurifyVendorId} "${label}".` +
          (best ? ` Closest: ${best}.` : ' No similar supplier found.') +
          ` Link one with: mlc mapping set ${settings.id} vendor ${procurifyVendorId} <ORACLE_SUPPLIER_NUMBER>`,
        missing: [{ kind: 'vendor', key: procurifyVendorId, label }],
        suggestions: match.suggestions,
      },
    };
  }
  if (match.matchedBy !== 'explicit' && rememberLinks) {
    const data = {
      procurifyVendorName: vendor.name ?? '',
      oracleSupplierId: match.supplier.supplierId,
      oracleSupplierNumber: match.supplier.supplierNumber,
      oracleSupplierName: match.supplier.name,
      matchedBy: match.matchedBy,
      state: 'confirmed' as const,
    };
    await deps.prisma.vendorLink.upsert({
      where: { connectionId_procurifyVendorId: { connectionId: settings.id, procurifyVendorId } },
      create: { connectionId: settings.id, procurifyVendorId, ...data },
      update: data,
    });
  }
  return {
    kind: 'linked',
    supplier: match.supplier,
    preferredSite: match.preferredSite,
    matchedBy: match.matchedBy,
  };
}

function locationOfPo(po: ProcurifyPurchaseOrder): string | null {
  for (const line of po.order_items) {
    const branch = line.account?.department.branch?.id;
    if (branch !== undefined) return String(branch);
  }
  return null;
}

function locationOfBill(bill: ProcurifyBill): string | null {
  for (const item of bill.items) {
    for (const allocation of item.cost_allocations) {
      const branch = allocation.budget?.department.branch?.id;
      if (branch !== undefined) return String(branch);
    }
  }
  return null;
}

export async function locationContext(
  deps: MapDeps,
  settings: ConnectionSettings,
  locationId: string | null,
) {
  const dimensions = await deps.cache.dimensionLookup(settings.id);
  const mapping = locationId ? dimensions.get('location', locationId) : undefined;
  const attributes = (mapping?.attributes ?? {}) as Record<string, string | undefined>;
  const location = locationId
    ? await deps.prisma.masterRecord.findUnique({
        where: {
          connectionId_system_kind_externalId: {
            connectionId: settings.id,
            system: 'procurify',
            kind: 'location',
            externalId: locationId,
          },
        },
        select: { key: true },
      })
    : null;
  return {
    dimensions,
    businessUnit: attributes['businessUnit'] ?? mapping?.oracleValue ?? settings.oracle.businessUnit,
    procurementBU:
      attributes['procurementBU'] ??
      attributes['businessUnit'] ??
      mapping?.oracleValue ??
      settings.oracle.procurementBU,
    shipToLocationCode: attributes['shipToLocationCode'] ?? location?.key ?? undefined,
    locationExternalId: location?.key ?? null,
  };
}

/**
 * A document's mapping fails on its own data (an amount, a date, lines that do not add up): the
 * fix is in Procurify, and any edit there brings the new version in on the next poll.
 */
function withSourceFix<T>(outcome: MapOutcome<T>, what: string): MapOutcome<T> {
  if (outcome.kind !== 'failed' || /\bin Procurify\b/.test(outcome.reason)) return outcome;
  return {
    ...outcome,
    reason: `${outcome.reason}. Correct the ${what} in Procurify (the next poll reads it again)`,
  };
}

async function mapPurchaseOrderRecord(
  deps: MapDeps,
  settings: ConnectionSettings,
  record: MapSource,
  rememberLinks: boolean,
) {
  const po = purchaseOrderDetailSchema.parse(record.sourceSnapshot);
  // Sent from its approved requisitions while the connection had poSource approved_requisitions?
  const sentAsRequisition = record.targetId
    ? undefined
    : await purchaseOrderSentAsRequisition(deps.prisma, settings.id, po);
  if (sentAsRequisition) return { outcome: sentAsRequisition, details: {} };
  if (!po.pref_vendor)
    return {
      outcome: {
        kind: 'failed',
        code: 'NO_VENDOR',
        reason: `PO ${po.procurify_PO} has no vendor in Procurify: set its vendor there (the next poll reads it again)`,
      } as const,
      details: {},
    };
  const vendor = await resolveVendor(deps, settings, po.pref_vendor, rememberLinks);
  if (vendor.kind === 'blocked') return { outcome: vendor.outcome, details: {} };
  const location = await locationContext(deps, settings, locationOfPo(po));
  const outcome = mapPurchaseOrder(po, {
    procurementBU: location.procurementBU,
    requisitioningBU: location.businessUnit,
    ...(settings.oracle.buyerEmail ? { buyerEmail: settings.oracle.buyerEmail } : {}),
    accounting: settings.accounting,
    options: settings.options,
    supplier: vendor.supplier,
    preferredSite: vendor.preferredSite,
    dimension: location.dimensions.lookup,
    categoryFor: (code) => {
      const category = location.dimensions.get('gl_account', code)?.attributes as
        Record<string, string> | undefined;
      return category?.['category'] ?? settings.options.defaultCategory;
    },
    shipToLocationCode: () => location.shipToLocationCode,
  });
  const lineMap = purchaseOrderLineNumbers(po);
  return {
    outcome: withSourceFix(outcome, 'PO'),
    details: {
      supplierNumber: vendor.supplier.supplierNumber,
      supplier: vendor.supplier.name,
      matchedBy: vendor.matchedBy,
      lineMap,
    },
  };
}

async function mapBillRecord(
  deps: MapDeps,
  settings: ConnectionSettings,
  record: MapSource,
  rememberLinks: boolean,
) {
  const bill = billDetailSchema.parse(record.sourceSnapshot);
  const eligibility = isBillEligible(bill);
  if (!eligibility.eligible)
    return { outcome: { kind: 'skipped', reason: eligibility.reason } as const, details: {} };
  if (!bill.vendor)
    return {
      outcome: {
        kind: 'failed',
        code: 'NO_VENDOR',
        reason: `bill ${bill.id} has no vendor in Procurify: set its vendor there (the next poll reads it again)`,
      } as const,
      details: {},
    };
  const vendor = await resolveVendor(deps, settings, bill.vendor, rememberLinks);
  if (vendor.kind === 'blocked') return { outcome: vendor.outcome, details: {} };
  const location = await locationContext(deps, settings, locationOfBill(bill));
  const poIds = [...new Set(bill.items.flatMap((item) => (item.po ? [String(item.po.id)] : [])))];
  const syncedPos = poIds.length
    ? await deps.prisma.ledgerRecord.findMany({
        where: {
          connectionId: settings.id,
          entity: 'purchase_order',
          sourceId: { in: poIds },
          targetNumber: { not: null },
        },
        select: { sourceId: true, targetNumber: true, details: true },
      })
    : [];
  const outcome = mapBill(bill, {
    businessUnit: location.businessUnit,
    accounting: settings.accounting,
    options: settings.options,
    supplier: vendor.supplier,
    preferredSite: vendor.preferredSite,
    dimension: location.dimensions.lookup,
    syncedPurchaseOrder: (procurifyPoId) => {
      const synced = syncedPos.find((po) => po.sourceId === procurifyPoId);
      if (!synced?.targetNumber) return undefined;
      const lineMap = (synced.details as { lineMap?: Record<string, number> } | null)?.lineMap ?? {};
      return { orderNumber: synced.targetNumber, lineNumberFor: (lineId) => lineMap[lineId] };
    },
  });
  return {
    outcome: withSourceFix(outcome, 'bill'),
    details: {
      supplierNumber: vendor.supplier.supplierNumber,
      supplier: vendor.supplier.name,
      matchedBy: vendor.matchedBy,
      documentHash: billDocumentHash(record.sourceSnapshot),
    },
  };
}

/** Procurify purchased PO → Oracle draft purchase order. */
export const purchaseOrderMapper: EntityMapper = (deps, settings, record, options) =>
  mapPurchaseOrderRecord(deps, settings, record, options.rememberLinks);

/** Approved Procurify bill → Oracle Payables invoice. */
export const billMapper: EntityMapper = (deps, settings, record, options) =>
  mapBillRecord(deps, settings, record, options.rememberLinks);
