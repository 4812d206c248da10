import { formatCents, parseCents } from '../scenario/generate.ts';
import { lineTotalCents } from './money.ts';
import { termNamed } from './reference-data.ts';
import type { OrderRecord, PoLineRecord, PurchaseOrderRecord, RequisitionLineRecord } from './records.ts';
import { StoreError } from './store-inputs.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * What requesters, approvers and purchasers do to requisitions (through the control API). Every
 * change stamps the requisition, and the lines it touches, as modified now.
 */

export interface NewRequisitionLine {
  name: string;
  quantity: string;
  unitPrice: string;
  vendorId: number;
  accountCodeId: number;
  departmentId?: number | undefined;
  unit?: string | undefined;
  sku?: string | undefined;
  note?: string | null | undefined;
}

export interface NewRequisition {
  /** Default pending (submitted for approval). */
  status?: 'draft' | 'pending' | 'approved' | undefined;
  description?: string | undefined;
  requesterId?: number | undefined;
  /** The requisition's department; default the first line's. Its location is the requisition's. */
  departmentId?: number | undefined;
  /** 'YYYY-MM-DD'; default two weeks from now. */
  requiredDate?: string | undefined;
  lines: NewRequisitionLine[];
}

export interface RequisitionChanges {
  description?: string | undefined;
  requiredDate?: string | undefined;
  lines?:
    | {
        id: number;
        name?: string | undefined;
        quantity?: string | undefined;
        unitPrice?: string | undefined;
        vendorId?: number | undefined;
        note?: string | null | undefined;
        /** A purchaser rejects the line (OrderItemStatusEnum 4 "Rejected for Purchase"). */
        rejected?: boolean | undefined;
      }[]
    | undefined;
}

const dayMs = 86_400_000;

export function requireOrder(store: ProcurifyStore, num: string | number): OrderRecord {
  const order = store.orders.get(Number(num));
  if (!order) throw new StoreError('not_found', `No requisition ${num}`);
  return order;
}

function requireVendor(store: ProcurifyStore, vendorId: number): void {
  if (!store.vendors.has(vendorId))
    throw new StoreError('invalid', `vendorId ${vendorId} is not a Procurify vendor`, {
      vendorId: [`Invalid pk "${vendorId}" - object does not exist.`],
    });
}

function requireStatus(order: OrderRecord, allowed: readonly OrderRecord['status'][], action: string): void {
  if (!allowed.includes(order.status))
    throw new StoreError('invalid', `Requisition ${order.num} has status ${order.status}; cannot ${action}`);
}

export function createRequisition(store: ProcurifyStore, input: NewRequisition): OrderRecord {
  if (input.lines.length === 0) throw new StoreError('invalid', 'a requisition needs at least one line');
  const now = store.timestamp();
  const firstDepartment = input.departmentId ?? input.lines[0]?.departmentId;
  const requester =
    input.requesterId === undefined ? store.integrationUser : store.users.get(input.requesterId);
  if (!requester) throw new StoreError('invalid', `requesterId ${input.requesterId} is not a user`);
  const departmentId = firstDepartment ?? requester.departmentId;
  const department = store.departments.get(departmentId);
  if (!department) throw new StoreError('invalid', `departmentId ${departmentId} does not exist`);
  const location = store.locations.get(department.locationId);
  if (!location) throw new StoreError('invalid', `department ${departmentId} has no location`);
  const lines = input.lines.map((line): RequisitionLineRecord => {
    requireVendor(store, line.vendorId);
    const lineDepartment = line.departmentId ?? departmentId;
    if (!store.accountCodes.has(line.accountCodeId))
      throw new StoreError('invalid', `accountCodeId ${line.accountCodeId} does not exist`);
    if (!store.departments.has(lineDepartment))
      throw new StoreError('invalid', `departmentId ${lineDepartment} does not exist`);
    return {
      id: store.nextId('poLine'),
      name: line.name,
      sku: line.sku ?? `${store.accountCodes.get(line.accountCodeId)?.code ?? '0000'}-REQ`,
      unit: line.unit ?? 'each',
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      total: formatCents(lineTotalCents(line.quantity, line.unitPrice)),
      vendorId: line.vendorId,
      glAccountId: line.accountCodeId,
      departmentId: lineDepartment,
      note: line.note ?? null,
      rejected: false,
      modifiedAt: now,
    };
  });
  const status = input.status === 'approved' ? 1 : input.status === 'draft' ? 6 : 0;
  const num = store.nextId('orderNum');
  const order: OrderRecord = {
    num,
    uuid: `5e9d0000-0000-4000-8000-${num.toString(16).padStart(12, '0')}`,
    description: input.description ?? '',
    requesterId: requester.id,
    departmentId,
    locationId: location.id,
    currency: location.currency,
    status,
    createdAt: now,
    modifiedAt: now,
    approvedAt: status === 1 ? now : null,
    requiredDate: input.requiredDate ?? new Date(Date.parse(now) + 14 * dayMs).toISOString().slice(0, 10),
    denialComment: null,
    lines,
    purchaseOrderIds: [],
  };
  store.orders.set(order.num, order);
  return order;
}

/** The last approver approves: the lines become Purchase Pending. */
export function approveRequisition(store: ProcurifyStore, num: string): OrderRecord {
  const order = requireOrder(store, num);
  requireStatus(order, [0, 6], 'approve it');
  const now = store.timestamp();
  order.status = 1;
  order.approvedAt = now;
  order.modifiedAt = now;
  order.lines = order.lines.map((line) => ({ ...line, modifiedAt: now }));
  return order;
}

export function denyRequisition(
  store: ProcurifyStore,
  num: string,
  comment: string | undefined,
): OrderRecord {
  const order = requireOrder(store, num);
  requireStatus(order, [0], 'deny it');
  const now = store.timestamp();
  order.status = 2;
  order.denialComment = comment ?? 'Denied';
  order.modifiedAt = now;
  order.lines = order.lines.map((line) => ({ ...line, modifiedAt: now }));
  return order;
}

/** Cancelled (OrderStatusEnum 4): withdrawn before anyone purchased it. */
export function cancelRequisition(store: ProcurifyStore, num: string): OrderRecord {
  const order = requireOrder(store, num);
  requireStatus(order, [0, 1, 6], 'cancel it');
  const now = store.timestamp();
  order.status = 4;
  order.modifiedAt = now;
  order.lines = order.lines.map((line) => ({ ...line, modifiedAt: now }));
  return order;
}

export function modifyRequisition(
  store: ProcurifyStore,
  num: string,
  changes: RequisitionChanges,
): OrderRecord {
  const order = requireOrder(store, num);
  requireStatus(order, [0, 1, 6], 'modify it');
  const now = store.timestamp();
  const lineChanges = new Map((changes.lines ?? []).map((change) => [change.id, change]));
  for (const change of lineChanges.values()) {
    if (!order.lines.some((line) => line.id === change.id))
      throw new StoreError('not_found', `Requisition ${order.num} has no line ${change.id}`);
    if (change.vendorId !== undefined) requireVendor(store, change.vendorId);
  }
  if (lineChanges.size > 0) {
    order.lines = order.lines.map((line) => {
      const change = lineChanges.get(line.id);
      if (!change) return line;
      const quantity = change.quantity ?? line.quantity;
      const unitPrice = change.unitPrice ?? line.unitPrice;
      return {
        ...line,
        name: change.name ?? line.name,
        quantity,
        unitPrice,
        total: formatCents(lineTotalCents(quantity, unitPrice)),
        vendorId: change.vendorId ?? line.vendorId,
        note: change.note === undefined ? line.note : change.note,
        rejected: change.rejected ?? line.rejected,
        modifiedAt: now,
      };
    });
  }
  if (changes.description !== undefined) order.description = changes.description;
  if (changes.requiredDate !== undefined) order.requiredDate = changes.requiredDate;
  order.modifiedAt = now;
  return order;
}

/**
 * A purchaser converts the approved lines into purchase orders, one per vendor (or only those of
 * `vendorIds`). The lines keep their order-item ids on the POs. The requisition becomes
 * Purchased once no approved line is left; rejected lines stay behind on it.
 */
export function purchaseRequisition(
  store: ProcurifyStore,
  num: string,
  options: { vendorIds?: number[] | undefined } = {},
): { order: OrderRecord; purchaseOrders: PurchaseOrderRecord[] } {
  const order = requireOrder(store, num);
  requireStatus(order, [1], 'purchase it');
  const now = store.timestamp();
  const chosen = (line: RequisitionLineRecord) =>
    !line.rejected && (options.vendorIds === undefined || options.vendorIds.includes(line.vendorId));
  const byVendor = new Map<number, RequisitionLineRecord[]>();
  for (const line of order.lines)
    if (chosen(line)) byVendor.set(line.vendorId, [...(byVendor.get(line.vendorId) ?? []), line]);
  if (byVendor.size === 0)
    throw new StoreError('invalid', `Requisition ${order.num} has no approved line to purchase`);

  const purchaser =
    [...store.users.values()].find((user) => user.role === 7 && user.locationId === order.locationId) ??
    store.integrationUser;
  const purchaseOrders: PurchaseOrderRecord[] = [];
  for (const [vendorId, vendorLines] of byVendor) {
    const vendorKey = store.vendorKeyFor(vendorId);
    const vendor = store.vendors.get(vendorId);
    const lines: PoLineRecord[] = vendorLines.map((line, index) => ({
      id: line.id,
      lineNumber: index + 1,
      name: line.name,
      sku: line.sku,
      unit: line.unit,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      total: line.total,
      accountId: store.budgetAccountFor(line.glAccountId, line.departmentId).id,
      glAccountId: line.glAccountId,
      departmentId: line.departmentId,
      note: line.note,
      requiredDate: order.requiredDate,
    }));
    const subtotal = formatCents(lines.reduce((sum, line) => sum + parseCents(line.total), 0));
    const id = store.nextId('purchaseOrder');
    const po: PurchaseOrderRecord = {
      id,
      uuid: `90a10000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`,
      number: String(id),
      vendorKey,
      locationId: order.locationId,
      purchaserId: purchaser.id,
      currency: order.currency,
      createdAt: now,
      modifiedAt: now,
      promiseDate: `${order.requiredDate}T00:00:00.000Z`,
      paymentTerms: vendor?.payment_term_ref?.name ?? termNamed(store.terms.payment, 'Net 30').name,
      shippingTerms: store.terms.shipping[0]?.name ?? 'FOB Destination',
      subtotal,
      freight: '0.00',
      tax: '0.00',
      total: subtotal,
      state: 0,
      comment: '',
      requisition: {
        num: order.num,
        uuid: order.uuid,
        description: order.description,
        requesterId: order.requesterId,
        departmentId: order.departmentId,
        createdAt: order.createdAt,
        approvedAt: order.approvedAt ?? now,
        modifiedAt: now,
      },
      lines,
      version: 1,
      linesModifiedAt: now,
    };
    store.addPurchaseOrder(po);
    purchaseOrders.push(po);
    order.purchaseOrderIds.push(id);
  }
  const purchasedIds = new Set([...byVendor.values()].flat().map((line) => line.id));
  order.lines = order.lines.filter((line) => !purchasedIds.has(line.id));
  if (!order.lines.some((line) => !line.rejected)) order.status = 3;
  order.modifiedAt = now;
  return { order, purchaseOrders };
}
