import type { ChartOfAccountsAccount, OrderItem, OrderRead, PurchaseOrderDetail } from '@mlc/procurify-api';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OrderRecord } from './records.ts';
import {
  expectSpecCompliant,
  expectStatus,
  startTestSimulator,
  type ListOf,
  type SingleOf,
  type TestSimulator,
} from './test-support.ts';

const dayMs = 86_400_000;
const utcDate = (iso: string) => iso.slice(0, 10);
const shiftDate = (date: string, days: number) =>
  utcDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString());

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startTestSimulator({ scenario: { openRequisitions: 12 } });
});

const control = <T = unknown>(method: string, path: string, body?: unknown) =>
  sim.raw<T>(method, `/_sim/procurify${path}`, body === undefined ? {} : { body });

/** Lists every page-size-100 result of an API path, checking each page against the spec. */
async function listAll<T>(path: string): Promise<Required<T>[]> {
  const url = `${path}${path.includes('?') ? '&' : '?'}page_size=100`;
  const response = await sim.api<ListOf<T>>('GET', url);
  expectSpecCompliant('GET', url, response);
  expect(response.body.metadata.pagination.next).toBeNull();
  return response.body.data;
}

/** Two vendors, an account code and a department of the first location. */
function parts() {
  const vendors = [...sim.store.vendors.values()].slice(0, 2);
  const department = sim.scenario.departments[0]!;
  const [office, safety] = sim.scenario.glAccounts;
  return { vendors: vendors.map((vendor) => vendor.id), department, office: office!, safety: safety! };
}

async function createRequisition(status: 'pending' | 'approved' | 'draft' = 'pending') {
  const { vendors, department, office, safety } = parts();
  const response = await control<{ record: OrderRecord; document: OrderRead }>('POST', '/requisitions', {
    status,
    description: 'Line 3 retool',
    departmentId: department.id,
    requiredDate: '2031-05-01',
    lines: [
      { name: 'Toner', quantity: '4', unitPrice: '50.00', vendorId: vendors[0], accountCodeId: office.id },
      {
        name: 'Gloves',
        quantity: '10',
        unitPrice: '12.50',
        vendorId: vendors[1],
        accountCodeId: safety.id,
        unit: 'box',
        note: 'Size L',
      },
      { name: 'Paper', quantity: '2.5', unitPrice: '8.00', vendorId: vendors[0], accountCodeId: office.id },
    ],
  });
  expectStatus(response, 201);
  return response.body;
}

describe('open requisitions from the scenario', () => {
  it('lists approved requisitions and their unpurchased lines in the spec’s shapes', async () => {
    const open = sim.scenario.openRequisitions ?? [];
    const approved = open.filter((requisition) => requisition.status === 1);
    expect(approved.length).toBeGreaterThan(0);

    const orders = await listAll<OrderRead>('/api/v2/global/orders/?status=1');
    expect(orders.map((order) => order.num)).toEqual(approved.map((requisition) => requisition.num));
    const first = approved[0]!;
    expect(orders[0]).toMatchObject({
      num: first.num,
      uuid: first.uuid,
      status: 1,
      description: first.description,
      dateRequired: `${first.requiredDate}T00:00:00Z`,
      purchasedCount: 0,
      lineCount: first.lines.length,
    });

    for (const base of ['/api/v3/order-items/', '/api/v2/global/order_items/']) {
      const items = await listAll<OrderItem>(`${base}?is_purchased=false&orderNum=${first.num}`);
      expect(items.map((item) => item.id)).toEqual(first.lines.map((line) => line.id));
      const line = first.lines[0]!;
      expect(items[0]).toMatchObject({
        orderNum: first.num,
        status: 0,
        PO: [],
        purchase_order: null,
        purchaser: null,
        pref_vendor: sim.store.vendorIdForKey(line.vendorKey),
        quantity: line.quantity,
        price: line.unitPrice,
        approved_price: line.unitPrice,
        approved_datetime: first.approvedAt,
        total_cost: line.total,
        lineComment: line.note,
        account: sim.store.budgetAccountFor(line.glAccountId, line.departmentId).id,
      });
    }
    const unpurchased = await listAll<OrderItem>('/api/v3/order-items/?is_purchased=false&status=0');
    expect(unpurchased.length).toBe(approved.reduce((sum, requisition) => sum + requisition.lines.length, 0));
  });

  it('keeps purchased POs’ requisitions listed as before, once each', async () => {
    const purchased = await listAll<OrderRead>('/api/v2/global/orders/?status=3');
    expect(purchased).toHaveLength(sim.scenario.purchaseOrders.length);
    const all = await listAll<OrderRead>('/api/v2/global/orders/');
    expect(all).toHaveLength(
      sim.scenario.purchaseOrders.length + (sim.scenario.openRequisitions ?? []).length,
    );
  });
});

describe('requisitions through the control API', () => {
  it('a pending requisition awaits approval; approving it makes its lines Purchase Pending', async () => {
    const created = await createRequisition();
    const num = created.record.num;
    expect(created.document).toMatchObject({ num, status: 0, totalPrice: '345.00', lineCount: 3 });
    expect(created.document.next_approvers).toHaveLength(1);
    const pendingItems = await listAll<OrderItem>(`/api/v3/order-items/?orderNum=${num}`);
    expect(pendingItems.map((item) => [item.status, item.approved_datetime, item.approved_price])).toEqual([
      [null, null, null],
      [null, null, null],
      [null, null, null],
    ]);
    expect(await listAll<OrderItem>(`/api/v3/order-items/?orderNum=${num}&orderNum__status=1`)).toEqual([]);

    const tomorrow = shiftDate(utcDate(sim.core.clock.now().toISOString()), 1);
    await sim.setClock(`${tomorrow}T09:00:00.000Z`);
    const approved = await control<{ document: OrderRead }>('POST', `/requisitions/${num}/approve`);
    expectStatus(approved, 200);
    expect(approved.body.document).toMatchObject({ status: 1, next_approvers: [] });

    const changed = await listAll<OrderRead>(`/api/v2/global/orders/?modified_date_0=${tomorrow}`);
    expect(changed.map((order) => [order.num, order.status])).toEqual([[num, 1]]);
    const items = await listAll<OrderItem>(
      `/api/v3/order-items/?orderNum__status=1&is_purchased=false&last_modified_0=${tomorrow}&approved_datetime_0=${tomorrow}`,
    );
    expect(items.map((item) => item.id)).toEqual(created.record.lines.map((line) => line.id));
    expect(items.map((item) => item.status)).toEqual([0, 0, 0]);
    expect(items[1]).toMatchObject({
      name: 'Gloves',
      unit: 'box',
      quantity: '10',
      price: '12.50',
      approved_quantity: '10',
      total_cost: '125.00',
      lineComment: 'Size L',
      pref_vendor: parts().vendors[1],
    });
    expect(items.every((item) => utcDate(item.approved_datetime ?? '') === tomorrow)).toBe(true);

    const again = await control('POST', `/requisitions/${num}/approve`);
    expectStatus(again, 400);
  });

  it('denied, draft and cancelled requisitions say so on the order and on every line', async () => {
    const denied = await createRequisition();
    const deny = await control<{ document: OrderRead }>('POST', `/requisitions/${denied.record.num}/deny`, {
      comment: 'Over budget',
    });
    expect(deny.body.document).toMatchObject({ status: 2, denial_reason: 1, denial_comment: 'Over budget' });
    const draft = await createRequisition('draft');
    const cancelled = await createRequisition('approved');
    await control('POST', `/requisitions/${cancelled.record.num}/cancel`);
    for (const [num, orderStatus, itemStatus] of [
      [denied.record.num, 2, 7],
      [draft.record.num, 6, 8],
      [cancelled.record.num, 4, 4],
    ] as const) {
      const orders = await listAll<OrderRead>(`/api/v2/global/orders/?order=${num}`);
      expect(orders.map((order) => order.status)).toEqual([orderStatus]);
      const items = await listAll<OrderItem>(`/api/v3/order-items/?orderNum=${num}`);
      expect(new Set(items.map((item) => item.status))).toEqual(new Set([itemStatus]));
    }
  });

  it('modifies lines (quantity, vendor, rejection) and stamps them', async () => {
    const created = await createRequisition('approved');
    const [toner, gloves] = created.record.lines;
    const later = shiftDate(utcDate(sim.core.clock.now().toISOString()), 2);
    await sim.setClock(`${later}T10:00:00.000Z`);
    const modified = await control<{ document: OrderRead }>(
      'POST',
      `/requisitions/${created.record.num}/modify`,
      {
        lines: [
          { id: toner!.id, quantity: '6', vendorId: parts().vendors[1] },
          { id: gloves!.id, rejected: true },
        ],
      },
    );
    expectStatus(modified, 200);
    expect(modified.body.document).toMatchObject({
      totalPrice: '445.00',
      dateModified: expect.stringContaining(later),
    });
    const items = await listAll<OrderItem>(`/api/v3/order-items/?last_modified_0=${later}`);
    expect(items.map((item) => [item.id, item.status, item.quantity, item.pref_vendor])).toEqual([
      [toner!.id, 0, '6', parts().vendors[1]],
      [gloves!.id, 4, '10', parts().vendors[1]],
    ]);
    expectStatus(await control('POST', '/requisitions/999999/modify', { description: 'x' }), 404);
    expectStatus(
      await control('POST', `/requisitions/${created.record.num}/modify`, {
        lines: [{ id: 1, vendorId: 1 }],
      }),
      404,
    );
  });

  it('a purchaser converts it into one PO per vendor; the lines keep their ids', async () => {
    const created = await createRequisition('approved');
    const num = created.record.num;
    const [vendorA, vendorB] = parts().vendors;
    // Only vendor B's line first: the requisition stays Approved while lines remain.
    const partial = await control<{ purchaseOrders: number[]; document: OrderRead }>(
      'POST',
      `/requisitions/${num}/purchase`,
      { vendorIds: [vendorB] },
    );
    expectStatus(partial, 200);
    expect(partial.body.purchaseOrders).toHaveLength(1);
    expect(partial.body.document).toMatchObject({ status: 1, purchasedCount: 1, lineCount: 3 });
    const rest = await control<{ purchaseOrders: number[]; document: OrderRead }>(
      'POST',
      `/requisitions/${num}/purchase`,
    );
    expect(rest.body.document).toMatchObject({ status: 3, purchasedCount: 3, totalPrice: '345.00' });
    const [poB, poA] = [partial.body.purchaseOrders[0]!, rest.body.purchaseOrders[0]!];

    for (const [poId, vendorId, lineIds] of [
      [poA, vendorA, [created.record.lines[0]!.id, created.record.lines[2]!.id]],
      [poB, vendorB, [created.record.lines[1]!.id]],
    ] as const) {
      const path = `/api/v2/purchase_orders/${poId}/`;
      const detail = await sim.api<SingleOf<PurchaseOrderDetail>>('GET', path);
      expectSpecCompliant('GET', path, detail);
      expect(detail.body.data.pref_vendor.id).toBe(vendorId);
      expect(detail.body.data.order_items.map((item) => [item.id, item.orderNum])).toEqual(
        lineIds.map((id) => [id, num]),
      );
    }
    const purchased = await listAll<OrderItem>(`/api/v3/order-items/?orderNum=${num}`);
    expect(purchased.every((item) => item.purchase_order !== null && item.status === 2)).toBe(true);
    expect(await listAll<OrderItem>(`/api/v3/order-items/?orderNum=${num}&is_purchased=false`)).toEqual([]);
    const orders = await listAll<OrderRead>(`/api/v2/global/orders/?order=${num}`);
    expect(orders.map((order) => order.status)).toEqual([3]);
    const list = await listAll<{ procurify_PO: number }>('/api/v2/purchase_orders/purchased/all/');
    expect(list.map((po) => po.procurify_PO)).toEqual(expect.arrayContaining([poA, poB]));
    expectStatus(await control('POST', `/requisitions/${num}/purchase`), 400);
  });

  it('refuses requisitions naming things that do not exist', async () => {
    const { department, office } = parts();
    const line = { name: 'X', quantity: '1', unitPrice: '1.00', accountCodeId: office.id };
    const badVendor = await control('POST', '/requisitions', {
      departmentId: department.id,
      lines: [{ ...line, vendorId: 987_654 }],
    });
    expectStatus(badVendor, 400);
    expect(badVendor.body).toMatchObject({ error: 'invalid', fields: { vendorId: [expect.any(String)] } });
    expectStatus(await control('POST', '/requisitions', { lines: [] }), 400);
    expectStatus(await control('POST', '/requisitions/424242/approve'), 404);
    expect(sim.store.orders.size).toBe(12);
  });
});

describe('GET /api/v3/accounts/', () => {
  it('lists budget accounts (account code × department) in the spec’s shape, by id and code', async () => {
    const budget = sim.scenario.budgetAccounts[3]!;
    const byId = await listAll<ChartOfAccountsAccount>(`/api/v3/accounts/?id=${budget.id}`);
    expect(byId).toHaveLength(1);
    const department = sim.scenario.departments.find((candidate) => candidate.id === budget.departmentId)!;
    expect(byId[0]).toMatchObject({
      id: budget.id,
      account_code: { id: budget.glAccountId },
      department: {
        id: department.id,
        external_id: department.costCenter,
        branch: { id: department.locationId },
      },
    });
    const byCode = await listAll<ChartOfAccountsAccount>(
      `/api/v3/accounts/?account_code=${budget.glAccountId}`,
    );
    expect(byCode.length).toBe(sim.scenario.departments.length);
    const page = await sim.api<ListOf<ChartOfAccountsAccount>>('GET', '/api/v3/accounts/');
    expectSpecCompliant('GET', '/api/v3/accounts/', page);
    expect(page.body.metadata.pagination.count).toBe(sim.scenario.budgetAccounts.length);
  });
});
