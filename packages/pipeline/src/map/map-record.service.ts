import type { ConnectionSettings } from '@mlc/connections';
import type { LedgerRecord, Prisma, PrismaClient } from '@mlc/db';
import type { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import {
  isBillEligible,
  mapBill,
  mapPurchaseOrder,
  matchVendor,
  purchaseOrderLineNumbers,
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
import { jobIds, oracleWriteQueue, outboxEntry, type RecordJobData } from '@mlc/queues';
import type { MappingContextCache } from './mapping-context.ts';

export interface MapDeps {
  prisma: PrismaClient;
  ledger: Ledger;
  cache: MappingContextCache;
  logger: Logger;
}

type VendorResolution =
  | { kind: 'linked'; supplier: SupplierCandidate; preferredSite: string | null; matchedBy: string }
  | { kind: 'blocked'; outcome: Extract<MapOutcome<never>, { kind: 'blocked' }> };

/** Explicit link first, then the matching rules; automatic matches are remembered as links. */
async function resolveVendor(
  deps: MapDeps,
  settings: ConnectionSettings,
  vendor: { id: number; name?: string | undefined; external_id?: string | null | undefined },
  rememberLinks: boolean,
): Promise<VendorResolution> {
  const procurifyVendorId = String(vendor.id);
  const link = await deps.prisma.vendorLink.findUnique({
    where: { connectionId_procurifyVendorId: { connectionId: settings.id, procurifyVendorId } },
  });
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
    const label = vendor.name ?? procurifyVendorId;
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

/** Oracle charge accounts a payload uses (PO distributions, invoice distributions). */
function chargeAccountsOf(payload: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'POChargeAccount' || key === 'DistributionCombination') && typeof inner === 'string')
          found.add(inner);
        else walk(inner);
      }
    }
  };
  walk(payload);
  return [...found];
}

async function locationContext(deps: MapDeps, settings: ConnectionSettings, locationId: string | null) {
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

async function mapPurchaseOrderRecord(
  deps: MapDeps,
  settings: ConnectionSettings,
  record: MapSource,
  rememberLinks: boolean,
) {
  const po = purchaseOrderDetailSchema.parse(record.sourceSnapshot);
  if (!po.pref_vendor)
    return {
      outcome: { kind: 'failed', code: 'NO_VENDOR', reason: 'The PO has no vendor' } as const,
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
    outcome,
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
      outcome: { kind: 'failed', code: 'NO_VENDOR', reason: 'The bill has no vendor' } as const,
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
    outcome,
    details: {
      supplierNumber: vendor.supplier.supplierNumber,
      supplier: vendor.supplier.name,
      matchedBy: vendor.matchedBy,
    },
  };
}

/** A source version to map: a ledger record, or what a dry run just read. */
export interface MapSource {
  connectionId: string;
  entity: LedgerRecord['entity'];
  sourceId: string;
  contentHash: string;
  sourceSnapshot: unknown;
  targetId: string | null;
  targetNumber: string | null;
}

/**
 * Maps one source version without recording anything (except, when `rememberLinks`, the vendor
 * links automatic matching found). What `mapRecord` persists and what a dry run shows.
 */
export async function mapSource(
  deps: MapDeps,
  settings: ConnectionSettings,
  record: MapSource,
  options: { rememberLinks: boolean },
): Promise<{ outcome: MapOutcome<unknown>; details: Prisma.InputJsonValue }> {
  const mapped =
    record.entity === 'purchase_order'
      ? await mapPurchaseOrderRecord(deps, settings, record, options.rememberLinks)
      : record.entity === 'bill'
        ? await mapBillRecord(deps, settings, record, options.rememberLinks)
        : {
            outcome: {
              kind: 'skipped',
              reason: `${record.entity} records are not mapped by this version`,
            } as const,
            details: {},
          };
  let outcome = mapped.outcome as MapOutcome<unknown>;
  if (outcome.kind === 'mapped') {
    const combinations = await deps.cache.accountCombinations(settings.id);
    const unknown = combinations.known
      ? chargeAccountsOf(outcome.payload).filter((combo) => !combinations.active.has(combo))
      : [];
    if (unknown.length > 0) {
      outcome = {
        kind: 'blocked',
        reason: `Oracle has no enabled account combination ${unknown.join(', ')}: create or enable it in Oracle, or map the Procurify account/department to existing segment values`,
        missing: unknown.map((combination) => ({ kind: 'account_combination', key: combination })),
        suggestions: [],
      };
    }
  }
  return { outcome, details: mapped.details as Prisma.InputJsonValue };
}

/**
 * Maps one ledger record version: Procurify document → Oracle payload, or blocked (with what is
 * missing and ranked suggestions), failed (with both figures when amounts disagree) or skipped
 * (with the reason). A mapped record gets its oracle-write job through the outbox, unless the
 * connection is in dry-run mode.
 */
export async function mapRecord(deps: MapDeps, job: RecordJobData): Promise<string> {
  const record = await deps.ledger.get(job.ledgerId);
  if (!record) return 'missing';
  if (record.contentHash !== job.contentHash) {
    await deps.ledger.note(record.id, {
      action: 'map.superseded',
      outcome: 'skipped',
      message: 'a newer version is being mapped',
    });
    return 'superseded';
  }
  if (record.status !== 'pending') return `already ${record.status}`;
  const settings = await deps.cache.settingsOf(record.connectionId);

  if (record.entity === 'bill' && record.targetId) {
    // An invoice exists: a bill never produces a second one. Say what changed instead.
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      expectStatus: ['pending'],
      to: 'synced',
      action: 'map.changed_after_sync',
      outcome: 'info',
      message: `changed in Procurify after it was invoiced in Oracle (invoice ${record.targetNumber ?? record.targetId}); not sent again`,
      fields: {
        reason: `Changed in Procurify after invoicing (Oracle invoice ${record.targetNumber ?? record.targetId}); review it in Oracle`,
        details: { ...(record.details as object | null), attention: 'changed_after_sync' },
      },
    });
    return 'changed after sync';
  }

  const { outcome, details } = await mapSource(deps, settings, record, { rememberLinks: true });
  const base = { expectHash: record.contentHash, expectStatus: ['pending'] as const };
  switch (outcome.kind) {
    case 'mapped': {
      const dryRun = settings.options.dryRun;
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'mapped',
        action: 'map.mapped',
        outcome: 'ok',
        message: dryRun
          ? 'dry run: payload stored, nothing will be written'
          : outcome.warnings.join('; ') || null,
        fields: {
          mappedPayload: outcome.payload as Prisma.InputJsonValue,
          details: { ...(details as object), warnings: outcome.warnings },
          reason: dryRun ? 'Dry run: the Oracle payload is stored on this record; nothing was written' : null,
          errorCode: dryRun ? 'DRY_RUN' : null,
          errorClass: null,
          blockedOn: [],
        },
        enqueue: (updated) =>
          dryRun
            ? []
            : [
                outboxEntry(
                  oracleWriteQueue,
                  'write-record',
                  {
                    connectionId: updated.connectionId,
                    ledgerId: updated.id,
                    entity: updated.entity,
                    sourceId: updated.sourceId,
                    contentHash: updated.contentHash,
                  },
                  { jobId: jobIds.oracleWrite({ ...updated, replays: updated.replays }) },
                ),
              ],
      });
      return dryRun ? 'mapped (dry run)' : 'mapped';
    }
    case 'blocked':
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'blocked',
        action: 'map.blocked',
        outcome: 'blocked',
        message: outcome.reason,
        eventDetails: { missing: outcome.missing as unknown as Prisma.InputJsonValue },
        fields: {
          reason: outcome.reason,
          errorClass: 'mapping',
          errorCode: 'MAPPING_MISSING',
          blockedOn: outcome.missing.map((missing) => `${missing.kind}:${missing.key}`),
          details: {
            ...(details as object),
            missing: outcome.missing,
            suggestions: outcome.suggestions,
          } as unknown as Prisma.InputJsonValue,
        },
      });
      return 'blocked';
    case 'failed':
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'failed',
        action: 'map.failed',
        outcome: 'error',
        message: outcome.reason,
        fields: { reason: outcome.reason, errorClass: 'permanent', errorCode: outcome.code, blockedOn: [] },
      });
      return 'failed';
    case 'skipped':
      await deps.ledger.transition(record.id, {
        ...base,
        to: 'skipped',
        action: 'map.skipped',
        outcome: 'skipped',
        message: outcome.reason,
        fields: { reason: outcome.reason, errorClass: null, errorCode: null, blockedOn: [] },
      });
      return 'skipped';
  }
}
