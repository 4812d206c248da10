import type {
  ApBillPaymentDocs,
  BillCostRead,
  BillRead,
  CostAllocationRead,
  ItemReadSerializerV2,
  SimpleBill,
  SimpleUser,
} from '@mlc/procurify-api';
import { parseCents } from '../scenario/generate.ts';
import type { ScenarioAllocation, ScenarioBillItem } from '../scenario/types.ts';
import { currencyNamed } from './reference-data.ts';
import type { BillRecord } from './records.ts';
import { orderItemRead } from './render-purchase-orders.ts';
import {
  accountRead,
  currency,
  simpleUserSummary,
  userOf,
  userSummary,
  vendorOfKey,
  vendorRead,
} from './render-shared.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * DRF renders a UUIDField hyphenated; the spec says `format: uuid`, which requires the hyphens.
 * Bill detail and mark-as-paid accept both forms (the official example uses the bare hex).
 */
export function hyphenatedUuid(hex: string): string {
  const h = hex.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const money = (amount: string) => parseCents(amount) / 100;

function simpleUser(store: ProcurifyStore, id: number): SimpleUser {
  const user = userOf(store, id);
  return {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    profile_image: null,
  };
}

/** Approved, denied and paid bills show who decided; drafts and confirmed bills have no approver yet. */
function hasApprover(bill: BillRecord): boolean {
  return bill.status === 2 || bill.status === 3 || bill.status === 4;
}

function costsCents(bill: BillRecord): number {
  return bill.costs.reduce((sum, cost) => sum + parseCents(cost.amount), 0);
}

export function simpleBill(store: ProcurifyStore, bill: BillRecord): SimpleBill {
  const row = currencyNamed(bill.currency);
  const approver = userOf(store, bill.approverId);
  const vendor = vendorOfKey(store, bill.vendorKey);
  return {
    id: bill.id,
    status: bill.status as SimpleBill['status'] & number,
    version: bill.version,
    locked: bill.status === 4,
    currency: { id: row.id, name: row.name, rate: row.rate },
    uuid: hyphenatedUuid(bill.uuid),
    items: bill.items.map((item) => item.id),
    vendor: { id: vendor.id, name: vendor.name },
    due_date: bill.dueDate,
    total_cost_with_tax: money(bill.total),
    invoice_date: bill.invoiceDate,
    next_approver_choices: [],
    last_modified_datetime: bill.modifiedAt,
    submitted_date: bill.submittedAt,
    gl_post_date: null,
    invoice_number: bill.invoiceNumber,
    group: bill.group,
    type: 0,
    user: simpleUser(store, bill.creatorId),
    // The spec requires `approval_delegatee` here and allows no null: an approver without a
    // delegate gets the empty object, which is a valid ApprovalDelegateeSlimDocs.
    approver: hasApprover(bill)
      ? {
          firstName: approver.firstName,
          lastName: approver.lastName,
          profile_image: null,
          approval_delegatee: {},
        }
      : null,
    past_due: bill.status !== 4 && Date.parse(bill.dueDate) < Date.parse(store.scenario.anchor),
    invoice_created: false,
    invoice_uuid: '',
    invoice_total: 0,
    creator: simpleUser(store, bill.creatorId),
  };
}

function costAllocation(
  store: ProcurifyStore,
  bill: BillRecord,
  allocation: ScenarioAllocation,
): CostAllocationRead {
  return {
    id: allocation.id,
    budget: accountRead(store, allocation.glAccountId, allocation.departmentId),
    object_id: null,
    amount: allocation.amount,
    currency: currency(bill.currency),
    created_on: bill.submittedAt,
  };
}

function billItem(store: ProcurifyStore, bill: BillRecord, item: ScenarioBillItem): ItemReadSerializerV2 {
  const po = bill.purchaseOrderId === null ? undefined : store.purchaseOrders.get(bill.purchaseOrderId);
  const line =
    item.poLineId === null ? undefined : po?.lines.find((candidate) => candidate.id === item.poLineId);
  const totalCents = parseCents(item.total);
  const taxCents = parseCents(item.taxAmount);
  return {
    id: item.id,
    ...(po && line
      ? { orderitem: orderItemRead(store, po, line), po: { id: po.id, number: po.number, uuid: po.uuid } }
      : {}),
    expense: null,
    bill: bill.id,
    vendor: vendorRead(vendorOfKey(store, bill.vendorKey)),
    sku: item.sku,
    description: item.description,
    unit: item.unit,
    quantity: item.quantity,
    currency: currency(bill.currency),
    total_cost: totalCents / 100,
    packing_slips: [],
    cost_allocations: item.allocations.map((allocation) => costAllocation(store, bill, allocation)),
    archived: false,
    same_unit_cost: line ? line.unitPrice === item.unitCost : true,
    creditcard_item: null,
    is_edited: false,
    tax_name: Number(item.taxPercentage) > 0 ? 'Sales tax' : '',
    tax_percentage: item.taxPercentage,
    tax_amount: taxCents / 100,
    tax_is_inclusive: false,
    tax: null,
    total_cost_with_tax: (totalCents + taxCents) / 100,
    shipping_amount: null,
    unit_cost: money(item.unitCost),
    custom_fields: [],
    // Undocumented values; bills on a PO bill its order items, others carry free-form items.
    type: line ? 'order_item' : 'item',
    bill_by_cost: false,
  };
}

function billPayment(store: ProcurifyStore, bill: BillRecord): ApBillPaymentDocs | null {
  const payment = bill.payment;
  if (!payment) return null;
  const vendor = vendorOfKey(store, bill.vendorKey);
  const currencyId = currencyNamed(bill.currency).id;
  return {
    id: payment.id,
    payment: {
      id: payment.paymentId,
      user: payment.userId,
      approver: null,
      status: payment.status as ApBillPaymentDocs['payment']['status'] & number,
      currency: currencyId,
      amount: payment.amount,
      payment_method: null,
      payment_date: payment.paymentDate,
      memo: '',
      reference_number: '',
      is_processed: payment.status === 5,
    },
    payment_method: {
      id: vendor.id * 10 + payment.methodType,
      vendor: vendor.id,
      name: payment.methodType === 0 ? 'Other' : 'Procurify ACH',
      type: payment.methodType as ApBillPaymentDocs['payment_method']['type'] & number,
      data: payment.methodType === 0 ? { description: 'Paid outside Procurify' } : {},
      currency: currency(bill.currency),
    },
    amount: payment.amount,
    transaction: null,
  };
}

export function billRead(store: ProcurifyStore, bill: BillRecord): BillRead {
  const vendor = vendorOfKey(store, bill.vendorKey);
  const subtotalCents = parseCents(bill.subtotal);
  const taxCents = parseCents(bill.taxAmount);
  const costs: BillCostRead[] = bill.costs.map((cost) => ({
    id: cost.id,
    cost_allocation: costAllocation(store, bill, cost.allocation),
    name: cost.name,
    amount: cost.amount,
    bill: bill.id,
    cost: null,
    currency: currencyNamed(bill.currency).id,
  }));
  const po = bill.purchaseOrderId === null ? undefined : store.purchaseOrders.get(bill.purchaseOrderId);
  return {
    id: bill.id,
    uuid: hyphenatedUuid(bill.uuid),
    user: userSummary(store, bill.creatorId),
    vendor: vendorRead(vendor),
    approval_chain: null,
    approver: hasApprover(bill)
      ? {
          id: bill.approverId,
          user: simpleUserSummary(store, bill.approverId),
          amount_limit: '100000.00',
          approval_level: 1,
        }
      : null,
    items: bill.items.map((item) => billItem(store, bill, item)),
    costs,
    invoice_attachments: [],
    bill_statuses: [
      {
        id: bill.id * 10 + bill.version,
        user: userSummary(store, hasApprover(bill) ? bill.approverId : bill.creatorId),
        date: bill.modifiedAt,
        status: bill.status as BillRead['bill_statuses'][number]['status'],
        bill: bill.id,
      },
    ],
    currency: currency(bill.currency),
    comments: [],
    version_choices: [],
    tax_amount: taxCents / 100,
    inclusive_tax_amount: 0,
    exclusive_tax_amount: taxCents / 100,
    subtotal_cost: subtotalCents / 100,
    total_cost: (subtotalCents + costsCents(bill)) / 100,
    total_cost_with_tax: money(bill.total),
    converted_total_cost: Number((money(bill.total) / Number(currencyNamed(bill.currency).rate)).toFixed(2)),
    next_approver_choices: [],
    locked: bill.status === 4,
    bill_payment: billPayment(store, bill),
    vendor_name: vendor.name.slice(0, 100),
    vendor_contact: vendor.contact ?? '',
    vendor_address_one: vendor.addressLineOne ?? '',
    vendor_address_two: vendor.addressLineTwo ?? '',
    vendor_postal_code: (vendor.postalCode ?? '').slice(0, 10),
    vendor_city: vendor.city ?? '',
    vendor_state_province: vendor.state_province ?? '',
    vendor_country: vendor.country ?? '',
    last_modified_datetime: bill.modifiedAt,
    submitted_date: bill.submittedAt,
    invoice_number: bill.invoiceNumber,
    invoice_date: bill.invoiceDate,
    due_date: bill.dueDate,
    payment_terms: bill.paymentTerms,
    version: bill.version,
    status: bill.status as BillRead['status'] & number,
    type: 0,
    active: true,
    note: bill.note,
    gl_post_date: null,
    group: bill.group,
    payment_method: null,
    payment_method_name: bill.payment ? (bill.payment.methodType === 0 ? 'Other' : 'Procurify ACH') : '',
    added_purchase_orders: po
      ? [{ id: po.id, number: po.number, currency: po.currency, total_amount: po.total }]
      : [],
    shipping_amount: 0,
    invoice_uuid: '',
    invoice_total: 0,
    creator: userSummary(store, bill.creatorId),
  };
}

/** `metadata.summary` of the bills list and detail. */
export function billSummary(bills: readonly BillRecord[]): {
  has_multiple_currency: boolean;
  total_cost: number;
} {
  const currencies = new Set(bills.map((bill) => bill.currency));
  let totalCents = 0;
  for (const bill of bills) totalCents += Math.round(Number(bill.total) * 100);
  return { has_multiple_currency: currencies.size > 1, total_cost: totalCents / 100 };
}

export const billPermissions = { can_edit: true, can_delete: false, can_approve: true };
