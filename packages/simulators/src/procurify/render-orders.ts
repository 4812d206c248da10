import type { OrderItem, OrderRead } from '@mlc/procurify-api';
import { parseCents, formatCents } from '../scenario/generate.ts';
import { currencyNamed } from './reference-data.ts';
import type { OrderRecord, PurchaseOrderRecord, RequisitionLineRecord } from './records.ts';
import {
  currencySummary,
  departmentOf,
  departmentSummary,
  locationOf,
  userSummary,
} from './render-shared.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * Requisitions (Procurify "orders") and their lines before a purchaser converts them. The
 * scenario's purchased POs each carry their own requisition; requisitions the simulator manages
 * on their own (open ones from the scenario or the control API) are `OrderRecord`s, which keep
 * their number after they are purchased into one PO per vendor.
 */

/** What an OrderRead shows, from either kind of record. */
interface OrderFacts {
  num: number;
  uuid: string;
  description: string;
  requesterId: number;
  departmentId: number;
  locationId: number;
  currency: string;
  status: OrderRecord['status'];
  createdAt: string;
  modifiedAt: string;
  /** 'YYYY-MM-DD'. */
  requiredDate: string;
  lineTotals: string[];
  purchasedCount: number;
  denialComment: string | null;
  /** Who approves next (pending requisitions). */
  nextApproverId: number | null;
}

function orderReadOf(store: ProcurifyStore, facts: OrderFacts): OrderRead {
  const location = locationOf(store, facts.locationId);
  const row = currencyNamed(facts.currency);
  const totalCents = facts.lineTotals.reduce((sum, total) => sum + parseCents(total), 0);
  return {
    num: facts.num,
    uuid: facts.uuid,
    branch: {
      id: location.id,
      external_id: location.externalId,
      name: location.name,
      url: null,
      logo: '',
      language: 1,
      multipleLocations: store.locations.size > 1,
      locationTimezone: location.timezone as Exclude<OrderRead['branch']['locationTimezone'], undefined>,
      phoneOne: '+1-206-555-0100',
      phoneTwo: null,
      fax: null,
      email: null,
      active: true,
      activated: true,
      setup_stage: 'FIN',
      localCurrency: currencyNamed(location.currency).id,
    },
    user: userSummary(store, facts.requesterId),
    department: departmentSummary(store, departmentOf(store, facts.departmentId)),
    currency: currencySummary(facts.currency),
    total_cost_in_base_currency: Number((totalCents / 100 / Number(row.rate)).toFixed(2)),
    logs: [],
    item_count: facts.lineTotals.length,
    ip_address: null,
    date: facts.createdAt,
    description: facts.description,
    dateRequired: `${facts.requiredDate}T00:00:00Z`,
    dateModified: facts.modifiedAt,
    lineCount: facts.lineTotals.length,
    purchasedCount: facts.purchasedCount,
    totalPrice: formatCents(totalCents),
    status: facts.status,
    next_approvers: facts.nextApproverId === null ? [] : [userSummary(store, facts.nextApproverId)],
    approval_delegatee: null,
    punchout_items_rejected: false,
    punchout_supplier_name: null,
    punchout_supplier_icon: null,
    punchout_vendor_reference: null,
    punchout_is_retriable: false,
    punchout_order_purchase_order_id: null,
    has_blanket_order_items: false,
    // DenialReasonEnum 1: Other, with the approver's comment.
    denial_reason: facts.status === 2 ? 1 : null,
    denial_comment: facts.status === 2 ? facts.denialComment : null,
  };
}

/** The requisition a scenario PO was purchased from. */
export function purchasedOrderRead(store: ProcurifyStore, po: PurchaseOrderRecord): OrderRead {
  const requisition = po.requisition;
  return orderReadOf(store, {
    num: requisition.num,
    uuid: requisition.uuid,
    description: requisition.description,
    requesterId: requisition.requesterId,
    departmentId: requisition.departmentId,
    locationId: po.locationId,
    currency: po.currency,
    status: 3,
    createdAt: requisition.createdAt,
    modifiedAt: requisition.modifiedAt,
    requiredDate: po.lines[0]?.requiredDate ?? requisition.createdAt.slice(0, 10),
    lineTotals: po.lines.map((line) => line.total),
    purchasedCount: po.lines.length,
    denialComment: null,
    nextApproverId: null,
  });
}

/** An approver at the requisition's location, for pending requisitions' `next_approvers`. */
function approverFor(store: ProcurifyStore, locationId: number): number {
  for (const user of store.users.values())
    if (user.role === 8 && user.locationId === locationId) return user.id;
  return store.integrationUser.id;
}

/** A requisition the simulator manages, whatever its status (purchased: its POs' lines count). */
export function managedOrderRead(store: ProcurifyStore, order: OrderRecord): OrderRead {
  const purchasedLines = order.purchaseOrderIds.flatMap((id) => store.purchaseOrders.get(id)?.lines ?? []);
  return orderReadOf(store, {
    ...order,
    lineTotals: [...purchasedLines.map((line) => line.total), ...order.lines.map((line) => line.total)],
    purchasedCount: purchasedLines.length,
    nextApproverId: order.status === 0 ? approverFor(store, order.locationId) : null,
  });
}

/**
 * OrderItemStatusEnum of a line not purchased yet: 0 Purchase Pending once the requisition is
 * approved, 7 Approval Denied, 8 Request Draft, 4 Rejected for Purchase (a purchaser rejected
 * it, or the requisition was cancelled); null while the requisition awaits approval (the enum
 * has no value for that; the spec allows null).
 */
export function requisitionLineStatus(order: OrderRecord, line: RequisitionLineRecord): 0 | 4 | 7 | 8 | null {
  if (line.rejected) return 4;
  switch (order.status) {
    case 1:
    case 3:
      return 0;
    case 2:
      return 7;
    case 4:
      return 4;
    case 6:
      return 8;
    case 0:
      return null;
  }
}

/** A line of a requisition not purchased yet, in the order-items lists' flat shape. */
export function requisitionOrderItem(
  store: ProcurifyStore,
  order: OrderRecord,
  line: RequisitionLineRecord,
): OrderItem {
  const currency = currencyNamed(order.currency);
  const approved = order.approvedAt !== null;
  return {
    PO: [],
    PO_line_num: 0,
    account: store.budgetAccountFor(line.glAccountId, line.departmentId).id,
    accountCode: store.accountCodes.get(line.glAccountId)?.code ?? '',
    active: true,
    approved_currency_rate: approved ? currency.rate : null,
    approved_datetime: order.approvedAt,
    approved_price: approved ? line.unitPrice : null,
    approved_quantity: approved ? line.quantity : null,
    approved_shipping_amount: null,
    approved_tax_amount: null,
    catalog_item: null,
    created_at: order.createdAt,
    currency: currency.id,
    dateInvoiced: null,
    external_id: '',
    hot: false,
    id: line.id,
    inventoryItem: null,
    is_active: true,
    item_attachments: [],
    last_changed_by: null,
    last_modified: line.modifiedAt,
    lineComment: line.note,
    name: line.name,
    num: line.sku,
    orderNum: order.num,
    order_number: order.num,
    po_note: '',
    po_version: 0,
    pref_vendor: line.vendorId,
    price: line.unitPrice,
    purchase_order: null,
    purchaser: null,
    quantity: line.quantity,
    receivedFailQty: '0',
    receivedPassQty: '0',
    shipping_amount: null,
    sku: line.sku,
    status: requisitionLineStatus(order, line),
    tax_amount: null,
    total_cost: line.total,
    unit: line.unit,
    updated_at: line.modifiedAt,
    vendor: store.vendors.get(line.vendorId)?.name.slice(0, 100) ?? null,
    receive_method: 0,
    type: 0,
  };
}
