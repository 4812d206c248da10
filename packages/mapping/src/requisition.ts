import type {
  ProcurifyBudgetAccount,
  ProcurifyOrderItem,
  ProcurifyPurchaseOrderLine,
  ProcurifyRequisition,
  ProcurifyVendor,
} from '@mlc/procurify-client';
import { volatileKeys } from './content-hash.ts';
import { Money, parseMoney } from './money.ts';
import { mappingFailureCodes, type MapOutcome } from './outcome.ts';
import {
  mapDraftPurchaseOrder,
  type DraftPurchaseOrderSource,
  type NumberedLine,
  type OracleDraftPurchaseOrder,
  type PoMappingContext,
} from './purchase-order.ts';
import { cleanText } from './text.ts';

/**
 * `options.poSource = "approved_requisitions"`: the approved lines of a Procurify requisition
 * become Oracle purchase orders before a Procurify purchaser converts them. An Oracle PO has
 * one supplier and a requisition can mix vendors, so each requisition × vendor is one ledger
 * record and one Oracle PO, mapped by the same rules as a purchased PO (purchase-order.ts).
 */

/** Where a requisition stands (OrderStatusEnum, grouped): only `approved` is sent. */
export type RequisitionApproval = 'approved' | 'pending' | 'denied' | 'cancelled' | 'draft' | 'unknown';

/**
 * OrderStatusEnum → approval. Purchased (3) and Received (5) requisitions were approved first:
 * purchasing them changes nothing in what was sent.
 */
export function requisitionApproval(status: number | null | undefined): RequisitionApproval {
  return (status == null ? undefined : approvalByStatus.get(status)) ?? 'unknown';
}

const approvalByStatus: ReadonlyMap<number, RequisitionApproval> = new Map([
  [0, 'pending'],
  [1, 'approved'],
  [2, 'denied'],
  [3, 'approved'],
  [4, 'cancelled'],
  [5, 'approved'],
  [6, 'draft'],
]);

/**
 * OrderItemStatusEnum values of lines that are not (or no longer) wanted: 4 Rejected for
 * Purchase, 7 Approval Denied, 8 Request Draft. Every other line of an approved requisition
 * counts, purchased since or not.
 */
export const excludedRequisitionLineStatuses: ReadonlySet<number> = new Set([4, 7, 8]);

/** One line of a requisition as the poller records it: the order item with its account resolved. */
export interface RequisitionSnapshotLine {
  id: number;
  name: string;
  sku?: string | null | undefined;
  unit: string;
  quantity: string;
  price: string;
  /** Procurify's own quantity × price, checked against ours. */
  total_cost?: string | null | undefined;
  /** Procurify currency id of the line (the requisition's, normally). */
  currency?: number | null | undefined;
  /** The budget account (account code × department, the department's branch = location). */
  account: ProcurifyBudgetAccount | null;
  /** The item's `account` id, also when Procurify's accounts list did not have it. */
  account_id?: number | null | undefined;
  lineComment?: string | null | undefined;
  /** OrderItemStatusEnum when read (not hashed: purchasing a line changes nothing sent). */
  status?: number | null | undefined;
  /** The Procurify PO the line went on, once purchased (not hashed). */
  purchase_order?: number | null | undefined;
}

/**
 * What the poller records per requisition × vendor (ledger entity `requisition`, source id
 * `{num}-v{vendorId}`): the requisition header, the vendor, and that vendor's approved lines.
 */
export interface RequisitionSnapshot {
  num: number;
  uuid?: string | null | undefined;
  /** OrderStatusEnum when read (not hashed); `approval` is what counts. */
  status?: number | null | undefined;
  approval: RequisitionApproval;
  description?: string | null | undefined;
  /** Created (ISO date-time). */
  date?: string | null | undefined;
  dateRequired?: string | null | undefined;
  /** The requisition's location. */
  branch?:
    | { id: number; name?: string | null | undefined; external_id?: string | null | undefined }
    | null
    | undefined;
  department?: { id: number; name?: string | null | undefined } | null | undefined;
  requester?: { id?: number | undefined; name?: string | null | undefined } | null | undefined;
  currency?: { id?: number | undefined; name: string } | null | undefined;
  /** The lines' preferred vendor; null for lines without one. */
  vendor: {
    id: number;
    name?: string | undefined;
    external_id?: string | null | undefined;
    payment_terms?: string | null | undefined;
  } | null;
  lines: RequisitionSnapshotLine[];
}

/**
 * Keys the requisition content hash ignores besides the usual stamps: the requisition's raw
 * status and each line's status and PO. A purchaser converting the lines therefore records no
 * new version, while a line rejected, re-priced or moved to another vendor does.
 */
export const requisitionHashIgnoredKeys: readonly string[] = [...volatileKeys, 'status', 'purchase_order'];

/** The ledger source id of one requisition × vendor. */
export function requisitionSourceId(num: number | string, vendorId: number | string | null): string {
  return `${String(num).trim()}-v${vendorId ?? 0}`;
}

/** The natural key carried in the Oracle PO (distinct from purchased POs' `[PRC-PO-{id}]`). */
export function requisitionReference(num: number | string, vendorId: number | string | null): string {
  return `[PRC-REQ-${String(num).trim()}-${vendorId ?? 0}]`;
}

/** `[PRC-REQ-…]` of a ledger source id (`{num}-v{vendorId}`). */
export function requisitionReferenceOf(sourceId: string): string {
  const [, num, vendorId] = /^(\d+)-v(\d+)$/.exec(sourceId.trim()) ?? [];
  if (num === undefined || vendorId === undefined)
    throw new Error(`Not a requisition source id: ${sourceId}`);
  return requisitionReference(num, vendorId);
}

const approvalWords: Record<Exclude<RequisitionApproval, 'approved'>, string> = {
  pending: 'is waiting for approval',
  denied: 'was denied',
  cancelled: 'was cancelled',
  draft: 'is a draft',
  unknown: 'has an unknown status',
};

/** Lines in order-item id order (the order the requester entered them), numbered 1..n. */
function orderedRequisitionLines(
  snapshot: Pick<RequisitionSnapshot, 'lines' | 'dateRequired'>,
): NumberedLine[] {
  return [...snapshot.lines]
    .sort((a, b) => a.id - b.id)
    .map((line, index) => ({
      // The order-items list has no per-line required date: the requisition's applies to all.
      line: { ...line, date_required: snapshot.dateRequired ?? null } as ProcurifyPurchaseOrderLine,
      lineNumber: index + 1,
    }));
}

/** The Oracle LineNumber of each order item (by id), for matching bills later. */
export function requisitionLineNumbers(snapshot: Pick<RequisitionSnapshot, 'lines'>): Record<string, number> {
  return Object.fromEntries(
    orderedRequisitionLines({ lines: snapshot.lines }).map(({ line, lineNumber }) => [
      String(line.id),
      lineNumber,
    ]),
  );
}

function describe(snapshot: RequisitionSnapshot): string {
  const vendor = snapshot.vendor;
  const vendorName = vendor?.name ? ` "${cleanText(vendor.name)}"` : '';
  return `requisition ${snapshot.num} (vendor ${vendor?.id ?? 'none'}${vendorName})`;
}

const text = (value: string | null | undefined): string | null => {
  const cleaned = value?.trim();
  return cleaned ? cleaned : null;
};

/**
 * A requisition and its order items (the flat list shape: `account` and `pref_vendor` are ids,
 * resolved by `lookups`) → one snapshot per vendor on it, lines in id order. Lines rejected for
 * purchase, denied or still drafts are left out (OrderItemStatusEnum 4, 7, 8); a vendor whose
 * lines are all left out still gets a snapshot (with no lines), so a change is never silent.
 * `alsoVendors` get a snapshot without lines too: vendors an earlier version had.
 */
export function buildRequisitionSnapshots(
  order: ProcurifyRequisition,
  items: readonly ProcurifyOrderItem[],
  lookups: {
    account: (id: number) => ProcurifyBudgetAccount | undefined;
    vendor: (id: number) => ProcurifyVendor | undefined;
  },
  alsoVendors: readonly number[] = [],
): RequisitionSnapshot[] {
  const byVendor = new Map<number, ProcurifyOrderItem[]>();
  for (const item of [...items].sort((a, b) => a.id - b.id)) {
    const vendorId = item.pref_vendor ?? 0;
    byVendor.set(vendorId, [...(byVendor.get(vendorId) ?? []), item]);
  }
  for (const vendorId of alsoVendors) if (!byVendor.has(vendorId)) byVendor.set(vendorId, []);
  const requester = order.user;
  const requesterName = [requester?.firstName, requester?.lastName].filter(Boolean).join(' ');
  return [...byVendor.entries()].map(([vendorId, vendorItems]): RequisitionSnapshot => {
    const vendor = vendorId === 0 ? undefined : lookups.vendor(vendorId);
    return {
      num: order.num,
      uuid: order.uuid ?? null,
      status: order.status ?? null,
      approval: requisitionApproval(order.status),
      description: text(order.description),
      date: order.date ?? null,
      dateRequired: order.dateRequired ?? null,
      branch: order.branch
        ? {
            id: order.branch.id,
            name: order.branch.name ?? null,
            external_id: order.branch.external_id ?? null,
          }
        : null,
      department: order.department ? { id: order.department.id, name: order.department.name ?? null } : null,
      requester: requester
        ? {
            ...(requester.id === undefined ? {} : { id: requester.id }),
            name: requesterName || (requester.email ?? null),
          }
        : null,
      currency: order.currency
        ? { ...(order.currency.id === undefined ? {} : { id: order.currency.id }), name: order.currency.name }
        : null,
      vendor:
        vendorId === 0
          ? null
          : {
              id: vendorId,
              name: vendor?.name ?? vendorItems.find((item) => item.vendor)?.vendor ?? '',
              external_id: vendor?.external_id ?? null,
              payment_terms: text(vendor?.payment_term_ref?.name),
            },
      lines: vendorItems
        .filter((item) => item.status == null || !excludedRequisitionLineStatuses.has(item.status))
        .map((item) => ({
          id: item.id,
          name: item.name,
          sku: item.sku ?? null,
          unit: item.unit,
          quantity: item.quantity,
          price: item.price,
          total_cost: item.total_cost ?? null,
          currency: item.currency ?? null,
          account: item.account == null ? null : (lookups.account(item.account) ?? null),
          account_id: item.account ?? null,
          lineComment: item.lineComment ?? null,
          status: item.status ?? null,
          purchase_order: item.purchase_order ?? null,
        })),
    };
  });
}

/** Eligibility before mapping: approved, with a vendor and lines, in one currency. */
export function requisitionIneligibility(
  snapshot: RequisitionSnapshot,
): Extract<MapOutcome<never>, { kind: 'skipped' | 'failed' }> | undefined {
  if (snapshot.approval !== 'approved')
    return {
      kind: 'skipped',
      reason: `Requisition ${snapshot.num} ${approvalWords[snapshot.approval]} in Procurify`,
    };
  if (snapshot.lines.length === 0)
    return {
      kind: 'skipped',
      reason: `Requisition ${snapshot.num} has no approved line for vendor ${snapshot.vendor?.id ?? 'none'} any more (rejected, or moved to another vendor)`,
    };
  if (!snapshot.vendor)
    return {
      kind: 'failed',
      code: mappingFailureCodes.NO_VENDOR,
      reason: `Requisition ${snapshot.num} has lines without a preferred vendor (items ${snapshot.lines.map((line) => line.id).join(', ')}); choose a vendor in Procurify`,
    };
  const unresolved = snapshot.lines.filter((line) => line.account === null);
  if (unresolved.length > 0)
    return {
      kind: 'failed',
      code: mappingFailureCodes.NO_ACCOUNT,
      reason: `${describe(snapshot)}: ${unresolved
        .map((line) =>
          line.account_id == null
            ? `item ${line.id} has no account`
            : `item ${line.id} is charged to account ${line.account_id}, which Procurify's accounts list does not show`,
        )
        .join('; ')}`,
    };
  const currencyId = snapshot.currency?.id;
  const foreign = snapshot.lines.filter(
    (line) => currencyId !== undefined && line.currency != null && line.currency !== currencyId,
  );
  if (foreign.length > 0)
    return {
      kind: 'failed',
      code: 'INVALID_CURRENCY',
      reason: `${describe(snapshot)}: items ${foreign.map((line) => line.id).join(', ')} are in another currency than the requisition (${snapshot.currency?.name ?? '?'}); an Oracle PO has one currency`,
    };
  return undefined;
}

function requisitionSource(snapshot: RequisitionSnapshot): DraftPurchaseOrderSource {
  const lines = orderedRequisitionLines(snapshot);
  const totals = snapshot.lines.map((line) => parseMoney(line.total_cost));
  const vendorId = snapshot.vendor?.id ?? null;
  return {
    name: describe(snapshot),
    describeLine: (line, lineNumber) =>
      `line ${lineNumber} (requisition item ${line.id}${line.name ? `, "${cleanText(line.name)}"` : ''})`,
    reference: requisitionReference(snapshot.num, vendorId),
    fallbackDescription: `Procurify requisition ${snapshot.num}`,
    currencyName: snapshot.currency?.name,
    lines,
    // Procurify's own line totals, when it gave every one: quantity × price must agree with them.
    ...(totals.every((total) => total !== undefined)
      ? {
          subtotal: {
            value: totals.reduce<Money>((sum, total) => sum.plus(total ?? 0), new Money(0)).toString(),
            missing: 'the requisition lines have no totals, so they could not be checked',
            mismatch: (ours: string, theirs: string) =>
              `the requisition lines (quantity × price) add up to ${ours} but their totals in Procurify add up to ${theirs}`,
          },
        }
      : {}),
    headerWarnings: () => [],
    notes: [snapshot.description, ...lines.map(({ line }) => line.lineComment)],
    paymentTerms: snapshot.vendor?.payment_terms,
  };
}

/**
 * The approved lines of one requisition for one vendor → the body of an Oracle draft purchase
 * order, by the purchased-PO rules (header, one line per item with one schedule and one
 * distribution, units, categories, charge accounts, ship-to), with the `[PRC-REQ-{num}-{vendor}]`
 * reference placed where `options.poReference` says. Not approved (pending, denied, cancelled,
 * draft) or no lines left → skipped; lines without a vendor, or in another currency → failed.
 */
export function mapRequisition(
  snapshot: RequisitionSnapshot,
  context: PoMappingContext,
): MapOutcome<OracleDraftPurchaseOrder> {
  const ineligible = requisitionIneligibility(snapshot);
  if (ineligible) return ineligible;
  return mapDraftPurchaseOrder(requisitionSource(snapshot), context);
}
