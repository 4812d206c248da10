import { formatCents, parseCents } from '../scenario/generate.ts';
import { lineTotalCents } from './money.ts';
import type { PoLineRecord, PurchaseOrderRecord } from './records.ts';
import { StoreError, type NewPoLine, type PurchaseOrderChanges } from './store-inputs.ts';
import type { ProcurifyStore } from './store.ts';

/** Changes users make to purchase orders (through the control API); each bumps the PO's modified time. */

function requirePurchaseOrder(store: ProcurifyStore, idOrUuid: string): PurchaseOrderRecord {
  const po = store.findPurchaseOrder(idOrUuid);
  if (!po) throw new StoreError('not_found', `No purchase order ${idOrUuid}`);
  return po;
}

function recomputePurchaseOrderTotals(po: PurchaseOrderRecord): void {
  const subtotal = po.lines.reduce((sum, line) => sum + parseCents(line.total), 0);
  po.subtotal = formatCents(subtotal);
  po.total = formatCents(subtotal + parseCents(po.freight) + parseCents(po.tax));
}

/** Applies `changes`; the PO (and every changed line) shows as modified now. */
export function modifyPurchaseOrder(
  store: ProcurifyStore,
  idOrUuid: string,
  changes: PurchaseOrderChanges,
): PurchaseOrderRecord {
  const po = requirePurchaseOrder(store, idOrUuid);
  const now = store.timestamp();
  const lineChanges = new Map((changes.lines ?? []).map((change) => [change.id, change]));
  for (const id of lineChanges.keys())
    if (!po.lines.some((line) => line.id === id))
      throw new StoreError('not_found', `PO ${po.id} has no line ${id}`);
  if (lineChanges.size > 0) {
    po.lines = po.lines.map((line) => {
      const change = lineChanges.get(line.id);
      if (!change) return line;
      const quantity = change.quantity ?? line.quantity;
      const unitPrice = change.unitPrice ?? line.unitPrice;
      return {
        ...line,
        quantity,
        unitPrice,
        total: formatCents(lineTotalCents(quantity, unitPrice)),
        note: change.note === undefined ? line.note : change.note,
        name: change.name ?? line.name,
        modifiedAt: now,
      };
    });
    recomputePurchaseOrderTotals(po);
  }
  if (changes.comment !== undefined) po.comment = changes.comment;
  if (changes.state !== undefined) po.state = changes.state;
  if (changes.promiseDate !== undefined) po.promiseDate = new Date(changes.promiseDate).toISOString();
  if (changes.requisitionDescription !== undefined)
    po.requisition = { ...po.requisition, description: changes.requisitionDescription, modifiedAt: now };
  po.modifiedAt = now;
  po.version += 1;
  return po;
}

export function addPurchaseOrderLine(
  store: ProcurifyStore,
  idOrUuid: string,
  input: NewPoLine,
): PurchaseOrderRecord {
  const po = requirePurchaseOrder(store, idOrUuid);
  const template = po.lines[0];
  const accountCodeId = input.accountCodeId ?? template?.glAccountId;
  const departmentId = input.departmentId ?? template?.departmentId;
  if (accountCodeId === undefined || !store.accountCodes.has(accountCodeId))
    throw new StoreError('invalid', 'accountCodeId is required and must exist');
  if (departmentId === undefined || !store.departments.has(departmentId))
    throw new StoreError('invalid', 'departmentId is required and must exist');
  const now = store.timestamp();
  const line: PoLineRecord = {
    id: store.nextId('poLine'),
    lineNumber: po.lines.reduce((max, candidate) => Math.max(max, candidate.lineNumber), 0) + 1,
    name: input.name,
    sku: input.sku ?? `${store.accountCodes.get(accountCodeId)?.code ?? '0000'}-NEW`,
    unit: input.unit ?? 'each',
    quantity: input.quantity,
    unitPrice: input.unitPrice,
    total: formatCents(lineTotalCents(input.quantity, input.unitPrice)),
    accountId: store.budgetAccountFor(accountCodeId, departmentId).id,
    glAccountId: accountCodeId,
    departmentId,
    note: input.note ?? null,
    requiredDate: template?.requiredDate ?? now.slice(0, 10),
    modifiedAt: now,
  };
  po.lines = [...po.lines, line];
  recomputePurchaseOrderTotals(po);
  po.modifiedAt = now;
  po.version += 1;
  return po;
}
