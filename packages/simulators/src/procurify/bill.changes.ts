import { formatCents, parseCents } from '../scenario/generate.ts';
import type { ScenarioBillItem } from '../scenario/types.ts';
import { lineTotalCents, reallocate } from './money.ts';
import { paymentStatusCode } from './reference-data.ts';
import type { BillPaymentRecord, BillRecord, PaymentRecord } from './records.ts';
import { StoreError, type BillChanges, type NewBillItem, type NewPayment } from './store-inputs.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * Changes to bills and payments: mark-as-paid (the API), and what AP users do in the tenant
 * (the control API). Every change bumps the bill's last_modified_datetime.
 */

function requireBill(store: ProcurifyStore, idOrUuid: string): BillRecord {
  const bill = store.findBill(idOrUuid);
  if (!bill) throw new StoreError('not_found', `No bill ${idOrUuid}`);
  return bill;
}

function recomputeBillTotals(bill: BillRecord): void {
  const subtotal = bill.items.reduce((sum, item) => sum + parseCents(item.total), 0);
  const tax = bill.items.reduce((sum, item) => sum + parseCents(item.taxAmount), 0);
  const costs = bill.costs.reduce((sum, cost) => sum + parseCents(cost.amount), 0);
  bill.subtotal = formatCents(subtotal);
  bill.taxAmount = formatCents(tax);
  bill.total = formatCents(subtotal + tax + costs);
}

function touchBill(store: ProcurifyStore, bill: BillRecord): void {
  bill.modifiedAt = store.timestamp();
  bill.version += 1;
}

export function modifyBill(store: ProcurifyStore, idOrUuid: string, changes: BillChanges): BillRecord {
  const bill = requireBill(store, idOrUuid);
  const itemChanges = new Map((changes.items ?? []).map((change) => [change.id, change]));
  for (const id of itemChanges.keys())
    if (!bill.items.some((item) => item.id === id))
      throw new StoreError('not_found', `Bill ${bill.id} has no item ${id}`);
  if (itemChanges.size > 0) {
    bill.items = bill.items.map((item): ScenarioBillItem => {
      const change = itemChanges.get(item.id);
      if (!change) return item;
      const quantity = change.quantity ?? item.quantity;
      const unitCost = change.unitCost ?? item.unitCost;
      const totalCents = lineTotalCents(quantity, unitCost);
      return {
        ...item,
        description: change.description ?? item.description,
        quantity,
        unitCost,
        total: formatCents(totalCents),
        taxAmount: formatCents(Math.round((totalCents * Number(item.taxPercentage)) / 100)),
        allocations: reallocate(item.allocations, totalCents),
      };
    });
    recomputeBillTotals(bill);
  }
  if (changes.status !== undefined) applyBillStatus(store, bill, changes.status);
  if (changes.note !== undefined) bill.note = changes.note;
  if (changes.invoiceNumber !== undefined) bill.invoiceNumber = changes.invoiceNumber;
  if (changes.dueDate !== undefined) bill.dueDate = new Date(changes.dueDate).toISOString();
  touchBill(store, bill);
  return bill;
}

export function addBillItem(store: ProcurifyStore, idOrUuid: string, input: NewBillItem): BillRecord {
  const bill = requireBill(store, idOrUuid);
  const template = bill.items[0]?.allocations[0];
  const accountCodeId = input.accountCodeId ?? template?.glAccountId;
  const departmentId = input.departmentId ?? template?.departmentId;
  if (accountCodeId === undefined || !store.accountCodes.has(accountCodeId))
    throw new StoreError('invalid', 'accountCodeId is required and must exist');
  if (departmentId === undefined || !store.departments.has(departmentId))
    throw new StoreError('invalid', 'departmentId is required and must exist');
  if (input.poLineId != null) {
    const po = bill.purchaseOrderId === null ? undefined : store.purchaseOrders.get(bill.purchaseOrderId);
    if (!po?.lines.some((line) => line.id === input.poLineId))
      throw new StoreError('invalid', `poLineId ${input.poLineId} is not a line of the bill's PO`);
  }
  const totalCents = lineTotalCents(input.quantity, input.unitCost);
  const taxPercentage = input.taxPercentage ?? '0.00';
  const item: ScenarioBillItem = {
    id: store.nextId('billItem'),
    description: input.description,
    sku: input.sku ?? '',
    unit: input.unit ?? 'each',
    quantity: input.quantity,
    unitCost: input.unitCost,
    total: formatCents(totalCents),
    taxPercentage,
    taxAmount: formatCents(Math.round((totalCents * Number(taxPercentage)) / 100)),
    poLineId: input.poLineId ?? null,
    allocations: [
      {
        id: store.nextId('allocation'),
        accountId: store.budgetAccountFor(accountCodeId, departmentId).id,
        glAccountId: accountCodeId,
        departmentId,
        amount: formatCents(totalCents),
      },
    ],
  };
  bill.items = [...bill.items, item];
  recomputeBillTotals(bill);
  touchBill(store, bill);
  return bill;
}

function applyBillStatus(store: ProcurifyStore, bill: BillRecord, status: number): void {
  bill.status = status;
  if (status === 2) bill.approverId = store.integrationUser.id;
}

export function setBillStatus(store: ProcurifyStore, idOrUuid: string, status: number): BillRecord {
  const bill = requireBill(store, idOrUuid);
  applyBillStatus(store, bill, status);
  touchBill(store, bill);
  return bill;
}

/** Attaches `payment` to the bill; a paid payment makes the bill Paid (status 4). */
function attachPayment(
  store: ProcurifyStore,
  bill: BillRecord,
  payment: PaymentRecord,
  paymentDate: string,
  methodType: number,
): void {
  const status = paymentStatusCode[payment.status] ?? 5;
  if (status === 5) {
    bill.status = 4;
    bill.paymentDate = paymentDate;
  }
  bill.payment = {
    id: store.nextId('billPayment'),
    paymentId: payment.id,
    paymentDate,
    amount: bill.total,
    status,
    methodType,
    userId: payment.creatorId,
  } satisfies BillPaymentRecord;
  touchBill(store, bill);
}

function isPayable(bill: BillRecord): boolean {
  return bill.status === 2 && bill.payment === null;
}

/**
 * "Set approved bills without payments to paid status" (the spec's words): every other bill
 * named (unknown, draft, denied, already paid) is left exactly as it was. Each bill paid gets
 * an external payment, as bills marked paid in the UI do. `billGroupIds` adds the bills of
 * those groups (its meaning is undocumented; assumed).
 */
export function markBillsAsPaid(
  store: ProcurifyStore,
  input: { billUuids: string[]; billGroupIds: number[]; paymentDate: string },
): BillRecord[] {
  const targets = new Map<number, BillRecord>();
  for (const uuid of input.billUuids) {
    const bill = store.findBillByUuid(uuid);
    if (bill) targets.set(bill.id, bill);
  }
  for (const group of input.billGroupIds)
    for (const bill of store.billsInGroup(group)) targets.set(bill.id, bill);
  const paid: BillRecord[] = [];
  for (const bill of targets.values()) {
    if (!isPayable(bill)) continue;
    const now = store.timestamp();
    const payment = addPayment(store, {
      billGroupIds: [bill.group],
      amount: bill.total,
      currency: bill.currency,
      status: 'paid',
      processingDate: `${input.paymentDate}T00:00:00.000Z`,
      createdAt: now,
      updatedAt: now,
      vendorKey: bill.vendorKey,
      sourceType: 'external',
    });
    attachPayment(store, bill, payment, input.paymentDate, 0);
    paid.push(bill);
  }
  return paid;
}

function addPayment(
  store: ProcurifyStore,
  fields: Omit<PaymentRecord, 'id' | 'uuid' | 'creatorId'>,
): PaymentRecord {
  const id = store.nextId('payment');
  const hex = id.toString(16).padStart(12, '0');
  const payment: PaymentRecord = {
    id,
    uuid: `5a1e0000-0000-4000-8000-${hex}`,
    creatorId: store.integrationUser.id,
    ...fields,
  };
  store.payments.set(id, payment);
  return payment;
}

/**
 * A payment made in Procurify for the bills of `billGroupIds`: it attaches to their approved
 * bills that have no payment yet, and a paid one makes them Paid.
 */
export function createPayment(store: ProcurifyStore, input: NewPayment): PaymentRecord {
  const bills = input.billGroupIds.flatMap((group) => store.billsInGroup(group));
  const first = bills[0];
  if (!first) throw new StoreError('invalid', `No bills in groups ${input.billGroupIds.join(', ')}`);
  const now = store.timestamp();
  const payment = addPayment(store, {
    billGroupIds: [...input.billGroupIds],
    amount: input.amount ?? formatCents(bills.reduce((sum, bill) => sum + parseCents(bill.total), 0)),
    currency: first.currency,
    status: input.status,
    processingDate: input.processingDate ?? now,
    createdAt: now,
    updatedAt: now,
    vendorKey: first.vendorKey,
    sourceType: input.sourceType,
  });
  for (const bill of bills)
    if (isPayable(bill))
      attachPayment(
        store,
        bill,
        payment,
        payment.processingDate.slice(0, 10),
        input.sourceType === 'external' ? 0 : 6,
      );
  return payment;
}

export function modifyPayment(
  store: ProcurifyStore,
  id: number,
  changes: { status?: string | undefined },
): PaymentRecord {
  const payment = store.payments.get(id);
  if (!payment) throw new StoreError('not_found', `No payment ${id}`);
  if (changes.status !== undefined) payment.status = changes.status;
  payment.updatedAt = store.timestamp();
  return payment;
}
