import type { ConnectionSettings } from '@mlc/connections';
import {
  mapRequisition,
  requisitionIneligibility,
  requisitionLineNumbers,
  type RequisitionSnapshot,
} from '@mlc/mapping';
import { budgetAccountSchema } from '@mlc/procurify-client';
import { z } from 'zod';
import { alreadyInOracleAsPurchaseOrder } from './cross-mode.ts';
import { locationContext, resolveVendor } from './documents.mapper.ts';
import type { EntityMapper, MapDeps } from './entity-mapper.ts';

/** The snapshot the requisitions stream records (`RequisitionSnapshot` of @mlc/mapping). */
const snapshotSchema = z.looseObject({
  num: z.number().int(),
  uuid: z.string().nullish(),
  status: z.number().int().nullish(),
  approval: z.enum(['approved', 'pending', 'denied', 'cancelled', 'draft', 'unknown']),
  description: z.string().nullish(),
  date: z.string().nullish(),
  dateRequired: z.string().nullish(),
  branch: z
    .looseObject({ id: z.number().int(), name: z.string().nullish(), external_id: z.string().nullish() })
    .nullish(),
  department: z.looseObject({ id: z.number().int(), name: z.string().nullish() }).nullish(),
  requester: z.looseObject({ id: z.number().int().optional(), name: z.string().nullish() }).nullish(),
  currency: z.looseObject({ id: z.number().int().optional(), name: z.string() }).nullish(),
  vendor: z
    .looseObject({
      id: z.number().int(),
      name: z.string().optional(),
      external_id: z.string().nullish(),
      payment_terms: z.string().nullish(),
    })
    .nullable(),
  lines: z.array(
    z.looseObject({
      id: z.number().int(),
      name: z.string(),
      sku: z.string().nullish(),
      unit: z.string(),
      quantity: z.string(),
      price: z.string(),
      total_cost: z.string().nullish(),
      currency: z.number().int().nullish(),
      account: budgetAccountSchema.nullable(),
      account_id: z.number().int().nullish(),
      lineComment: z.string().nullish(),
      status: z.number().int().nullish(),
      purchase_order: z.number().int().nullish(),
    }),
  ),
});

export function parseRequisitionSnapshot(value: unknown): RequisitionSnapshot {
  return snapshotSchema.parse(value);
}

/** The requisition's location, else the first line's account's department's branch. */
function locationOf(snapshot: RequisitionSnapshot): string | null {
  if (snapshot.branch) return String(snapshot.branch.id);
  for (const line of snapshot.lines) {
    const branch = line.account?.department.branch?.id;
    if (branch !== undefined) return String(branch);
  }
  return null;
}

async function mapRequisitionRecord(
  deps: MapDeps,
  settings: ConnectionSettings,
  record: Parameters<EntityMapper>[2],
  rememberLinks: boolean,
): Promise<Awaited<ReturnType<EntityMapper>>> {
  const snapshot = parseRequisitionSnapshot(record.sourceSnapshot);
  const ineligible = requisitionIneligibility(snapshot);
  if (ineligible?.kind === 'skipped' && record.targetId) {
    // An Oracle PO exists for it and the requisition is no longer wanted (withdrawn, lines
    // rejected or moved to another vendor): nothing is written; a person decides in Oracle.
    const written = record.targetNumber ?? record.targetId;
    const reason = `${ineligible.reason} after Oracle PO ${written} was created from it: cancel or change that PO in Oracle`;
    return {
      outcome: ineligible,
      details: { attention: 'changed_after_sync' },
      inSync: { targetId: record.targetId, targetNumber: record.targetNumber, message: reason, reason },
    };
  }
  if (ineligible) return { outcome: ineligible, details: {} };
  if (!record.targetId) {
    const sent = await alreadyInOracleAsPurchaseOrder(deps.prisma, settings.id, snapshot);
    if (sent) return { outcome: sent, details: {} };
  }
  if (!snapshot.vendor)
    return {
      outcome: { kind: 'failed', code: 'NO_VENDOR', reason: 'The requisition lines have no vendor' },
      details: {},
    };

  const vendor = await resolveVendor(deps, settings, snapshot.vendor, rememberLinks);
  if (vendor.kind === 'blocked') return { outcome: vendor.outcome, details: {} };
  const location = await locationContext(deps, settings, locationOf(snapshot));
  const outcome = mapRequisition(snapshot, {
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
  return {
    outcome,
    details: {
      supplierNumber: vendor.supplier.supplierNumber,
      supplier: vendor.supplier.name,
      matchedBy: vendor.matchedBy,
      requisition: snapshot.num,
      lineMap: requisitionLineNumbers(snapshot),
    },
  };
}

/** The approved lines of a Procurify requisition for one vendor → an Oracle draft purchase order. */
export const requisitionMapper: EntityMapper = (deps, settings, record, options) =>
  mapRequisitionRecord(deps, settings, record, options.rememberLinks);
