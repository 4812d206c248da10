import type {
  OrderItem,
  OrderItemRead,
  PurchaseOrderDetail,
  PurchaseOrderDocs,
  PurchaseOrderLineItemRead,
} from '@mlc/procurify-api';
import { currencyNamed, defaultShippingMethod, termNamed } from './reference-data.ts';
import type { PoLineRecord, PurchaseOrderRecord } from './records.ts';
import {
  accountRead,
  addressSummary,
  currencySummary,
  locationOf,
  simpleUserSummary,
  userOf,
  userSummary,
  vendorOfKey,
  vendorRead,
} from './render-shared.ts';
import type { ProcurifyStore } from './store.ts';

/** OrderItemStatusEnum for a line of a PO in `state`: 2 Receive Pending, 6 Fulfilled, 4 Rejected. */
export function lineStatus(po: PurchaseOrderRecord): 2 | 4 | 6 {
  if (po.state === 1) return 4;
  return po.state === 3 || po.state === 4 ? 6 : 2;
}

/**
 * The spec requires a `contract` object on every PO; each vendor has one standing agreement
 * (deterministic id and uuid) so every PO can name one.
 */
function contractFor(vendorId: number, vendorName: string): PurchaseOrderDocs['contract'] {
  return {
    id: 600_000 + vendorId,
    uuid: `c0a7ac70-0000-4000-8000-${vendorId.toString(16).padStart(12, '0')}`,
    name: `${vendorName} standing agreement`,
  };
}

function fullName(store: ProcurifyStore, userId: number): string {
  const user = userOf(store, userId);
  return `${user.firstName} ${user.lastName}`;
}

function purchaseOrderBase(
  store: ProcurifyStore,
  po: PurchaseOrderRecord,
): Omit<PurchaseOrderDocs, 'shipping_method'> {
  const vendor = vendorOfKey(store, po.vendorKey);
  const location = locationOf(store, po.locationId);
  const buyer = addressSummary(store, location, 'billing');
  const receiver = addressSummary(store, location, 'shipping');
  return {
    number: po.number,
    uuid: po.uuid,
    purchaser: userSummary(store, po.purchaserId),
    procurify_PO: po.id,
    PO_Num: po.number,
    date: po.createdAt,
    buyer_name: store.scenario.company.name,
    buyer_contact: fullName(store, po.purchaserId),
    buyer_addressLineOne: buyer.addressLineOne,
    buyer_postalCode: buyer.postalCode,
    buyer_city: buyer.city,
    buyer_state_province: location.address.state,
    buyer_country: buyer.country,
    buyer_address: buyer,
    receiver_name: location.name,
    receiver_contact: fullName(store, po.requisition.requesterId),
    receiver_addressLineOne: receiver.addressLineOne,
    receiver_postalCode: receiver.postalCode,
    receiver_city: receiver.city,
    receiver_state_province: location.address.state,
    receiver_country: receiver.country,
    receiver_address: receiver,
    pref_vendor: vendorRead(vendor),
    vendor_name: vendor.name,
    vendor_contact: vendor.contact,
    vendor_addressLineOne: vendor.addressLineOne,
    vendor_postalCode: vendor.postalCode,
    vendor_city: vendor.city,
    vendor_state_province: vendor.state_province,
    vendor_country: vendor.country,
    payment_terms: po.paymentTerms,
    shipping_terms: po.shippingTerms,
    promise_date: po.promiseDate,
    subtotal: po.subtotal,
    freight: po.freight,
    tax: { value: Number(po.tax), type: 'amount' },
    discount: { value: 0, type: 'amount' },
    other: '0.00',
    total: po.total,
    comment: po.comment,
    purchased_currency: currencySummary(po.currency),
    purchased_currency_rate: currencyNamed(po.currency).rate,
    active: po.state !== 1,
    state: po.state as Exclude<PurchaseOrderDocs['state'], undefined>,
    fulfilment_status: lineStatus(po) === 6 ? 'full' : 'empty',
    disclaimer_description: null,
    disclaimer_text: null,
    recorded_date: null,
    closed_date: po.state === 3 ? po.modifiedAt : null,
    last_modified: po.modifiedAt,
    staged_for_export: false,
    version: po.version,
    item_count: po.lines.length,
    most_recent_version: po.version,
    punchout_system: null,
    purchase_agreement: null,
    punchout_vendor_reference: null,
    punchout_supplier_icon: null,
    punchout_supplier_name: null,
    has_blanket_order_items: false,
    expiry_date: null,
    contract: contractFor(vendor.id, vendor.name),
  };
}

/** A row of the PO list (no line items). */
export function purchaseOrderDocs(store: ProcurifyStore, po: PurchaseOrderRecord): PurchaseOrderDocs {
  return { ...purchaseOrderBase(store, po), shipping_method: defaultShippingMethod.name };
}

/** Fields a PO line shows both on the PO detail and as a bill item's `orderitem`. */
function lineItemCommon(store: ProcurifyStore, po: PurchaseOrderRecord, line: PoLineRecord) {
  const vendor = vendorOfKey(store, po.vendorKey);
  const modifiedAt = store.lineModifiedAt(po, line);
  const rate = currencyNamed(po.currency).rate;
  const code = store.accountCodes.get(line.glAccountId);
  return {
    PO: [po.id],
    PO_line_num: line.lineNumber,
    account: accountRead(store, line.glAccountId, line.departmentId),
    accountCode: code?.code ?? '',
    active: true,
    approved_currency_rate: rate,
    approved_datetime: po.requisition.approvedAt,
    approved_price: line.unitPrice,
    approved_quantity: Number(line.quantity),
    approved_shipping_amount: null,
    approved_tax_amount: null,
    catalog_item: null,
    created_at: po.requisition.createdAt,
    currency: currencySummary(po.currency),
    dateInvoiced: null,
    external_id: '',
    hot: false,
    id: line.id,
    inventoryItem: null,
    is_active: true,
    item_attachments: [],
    last_changed_by: null,
    last_modified: modifiedAt,
    lineComment: line.note,
    name: line.name,
    num: line.sku,
    orderNum: po.requisition.num,
    order_number: po.requisition.num,
    po_note: '',
    po_version: po.version,
    pref_vendor: vendorRead(vendor),
    price: line.unitPrice,
    purchase_order: po.id,
    purchaser: userSummary(store, po.purchaserId),
    quantity: Number(line.quantity),
    receivedFailQty: 0,
    receivedPassQty: 0,
    shipping_amount: null,
    sku: line.sku,
    status: lineStatus(po),
    tax_amount: null,
    total_cost: line.total,
    unit: line.unit,
    updated_at: modifiedAt,
    vendor: vendor.name,
    receive_method: 0,
    type: 0,
    comments: [],
    confirmation_status: null,
    confirmation_status_description: null,
    custom_fields: [],
    date_required: `${line.requiredDate}T00:00:00Z`,
    has_sibling_items: po.lines.length > 1,
    line_comment: line.note ?? '',
    logs: [],
    order_description: po.requisition.description,
    order_status: 3,
    order_uuid: po.requisition.uuid,
    punchout_supplier_icon: null,
    punchout_supplier_name: null,
    punchout_system: null,
    punchout_vendor_reference: null,
    punchout_supplier_can_update_quantity: false,
    purchase_order_number: po.number,
    purchase_order_uuid: po.uuid,
    purchased_currency_rate: rate,
    recurrence: null,
    requester: simpleUserSummary(store, po.requisition.requesterId),
    spend_allocation: [],
    submitted_date: po.requisition.createdAt,
    taxes: [],
  } satisfies Omit<OrderItemRead, 'attachments'> &
    Omit<PurchaseOrderLineItemRead, 'attachments' | 'approved_total_cost'>;
}

/** A PO line as a bill item's `orderitem`. */
export function orderItemRead(
  store: ProcurifyStore,
  po: PurchaseOrderRecord,
  line: PoLineRecord,
): OrderItemRead {
  return { ...lineItemCommon(store, po, line), attachments: '' };
}

function lineItemRead(
  store: ProcurifyStore,
  po: PurchaseOrderRecord,
  line: PoLineRecord,
): PurchaseOrderLineItemRead {
  return {
    ...lineItemCommon(store, po, line),
    attachments: [],
    receive_log_count: 0,
    approval_history: [],
    flags: [],
    approved_total_cost: line.total,
  };
}

export function purchaseOrderDetail(store: ProcurifyStore, po: PurchaseOrderRecord): PurchaseOrderDetail {
  const paymentTerm = termNamed(store.terms.payment, po.paymentTerms);
  const shippingTerm = termNamed(store.terms.shipping, po.shippingTerms);
  const rate = Number(currencyNamed(po.currency).rate);
  return {
    ...purchaseOrderBase(store, po),
    shipping_method: defaultShippingMethod,
    order_items: po.lines.map((line) => lineItemRead(store, po, line)),
    creditcard_is_editable: false,
    custom_fields: [],
    creditcard: null,
    payment_term: paymentTerm,
    shipping_term: shippingTerm,
    cost_details: {
      subtotal: po.subtotal,
      total_cost: po.total,
      total_cost_in_base_currency: (Number(po.total) / rate).toFixed(2),
      tax_amount: po.tax,
    },
    punchout_is_retriable: false,
  };
}

/** A PO line in the order-items lists (flat: ids instead of nested objects). */
export function orderItem(store: ProcurifyStore, po: PurchaseOrderRecord, line: PoLineRecord): OrderItem {
  const vendorId = store.vendorIdForKey(po.vendorKey) ?? 0;
  const modifiedAt = store.lineModifiedAt(po, line);
  return {
    PO: [po.id],
    PO_line_num: line.lineNumber,
    account: store.budgetAccountFor(line.glAccountId, line.departmentId).id,
    accountCode: store.accountCodes.get(line.glAccountId)?.code ?? '',
    active: true,
    approved_currency_rate: currencyNamed(po.currency).rate,
    approved_datetime: po.requisition.approvedAt,
    approved_price: line.unitPrice,
    approved_quantity: line.quantity,
    approved_shipping_amount: null,
    approved_tax_amount: null,
    catalog_item: null,
    created_at: po.requisition.createdAt,
    currency: currencyNamed(po.currency).id,
    dateInvoiced: null,
    external_id: '',
    hot: false,
    id: line.id,
    inventoryItem: null,
    is_active: true,
    item_attachments: [],
    last_changed_by: null,
    last_modified: modifiedAt,
    lineComment: line.note,
    name: line.name,
    num: line.sku,
    orderNum: po.requisition.num,
    order_number: po.requisition.num,
    po_note: '',
    po_version: po.version,
    pref_vendor: vendorId,
    price: line.unitPrice,
    purchase_order: po.id,
    purchaser: po.purchaserId,
    quantity: line.quantity,
    receivedFailQty: '0',
    receivedPassQty: '0',
    shipping_amount: null,
    sku: line.sku,
    status: lineStatus(po),
    tax_amount: null,
    total_cost: line.total,
    unit: line.unit,
    updated_at: modifiedAt,
    vendor: vendorOfKey(store, po.vendorKey).name.slice(0, 100),
    receive_method: 0,
    type: 0,
  };
}
