import type { OrderItem, OrderRead, PurchaseOrderDetail, PurchaseOrderDocs } from '@mlc/procurify-api';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  expectSpecCompliant,
  startTestSimulator,
  type ListOf,
  type SingleOf,
  type TestSimulator,
  expectStatus,
} from './test-support.ts';

const dayMs = 86_400_000;
const utcDate = (iso: string) => iso.slice(0, 10);
const shiftDate = (date: string, days: number) =>
  utcDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString());

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startTestSimulator();
});

async function modifyPo(id: number, body: Record<string, unknown>): Promise<void> {
  const response = await sim.raw('POST', `/_sim/procurify/purchase-orders/${id}/modify`, { body });
  expectStatus(response, 200);
}

async function listAll<T>(path: string): Promise<Required<T>[]> {
  const response = await sim.api<ListOf<T>>('GET', `${path}${path.includes('?') ? '&' : '?'}page_size=100`);
  expectStatus(response, 200);
  expect(response.body.metadata.pagination.next).toBeNull();
  return response.body.data;
}

describe('GET /api/v2/purchase_orders/{role}/{status}/', () => {
  it('lists purchased POs in the spec’s shape, without line items, with tab counts', async () => {
    const path = '/api/v2/purchase_orders/purchased/all/';
    const response = await sim.api<ListOf<PurchaseOrderDocs>>('GET', path);
    expectSpecCompliant('GET', path, response);
    expect(response.body.metadata.pagination).toMatchObject({
      count: 40,
      page_size: 10,
      num_pages: 4,
      current_page: 1,
    });
    expect(response.body.metadata['counts']).toEqual({
      purchased: { all: 40, open: 40, partial: 0, closed: 0, cancelled: 0, page: 10 },
      receivable: { all: 40, open: 40, partial: 0, closed: 0, cancelled: 0, page: 0 },
    });
    const first = sim.scenario.purchaseOrders[0]!;
    expect(response.body.data[0]).toMatchObject({
      procurify_PO: first.id,
      uuid: first.uuid,
      total: first.total,
    });
    expect(response.body.data[0]).not.toHaveProperty('order_items');
  });

  it('serves the other role/status combinations and 404s unknown ones', async () => {
    const po = sim.scenario.purchaseOrders[3]!;
    await modifyPo(po.id, { state: 3 });
    for (const path of [
      '/api/v2/purchase_orders/purchased/closed/',
      '/api/v2/purchase_orders/receivable/open/',
      '/api/v2/purchase_orders/purchased/cancelled/',
    ])
      expectSpecCompliant('GET', path, await sim.api('GET', path));
    const closed = await listAll<PurchaseOrderDocs>('/api/v2/purchase_orders/purchased/closed/');
    expect(closed.map((row) => row.procurify_PO)).toEqual([po.id]);
    const receivable = await listAll<PurchaseOrderDocs>('/api/v2/purchase_orders/receivable/all/');
    expect(receivable.map((row) => row.procurify_PO)).not.toContain(po.id);
    expect((await sim.api('GET', '/api/v2/purchase_orders/approved/all/')).status).toBe(404);
  });

  it('filters on the created date (date_0/date_1), inclusively, by UTC calendar day', async () => {
    const day = utcDate(sim.scenario.purchaseOrders[5]!.createdAt);
    const expected = sim.scenario.purchaseOrders
      .filter((po) => utcDate(po.createdAt) === day)
      .map((po) => po.id);
    const rows = await listAll<PurchaseOrderDocs>(
      `/api/v2/purchase_orders/purchased/all/?date_0=${day}&date_1=${day}`,
    );
    expect(rows.map((row) => row.procurify_PO)).toEqual(expected);
    const before = await listAll<PurchaseOrderDocs>(
      `/api/v2/purchase_orders/purchased/all/?date_1=${shiftDate(day, -1)}`,
    );
    expect(before.every((row) => utcDate(row.date) < day)).toBe(true);
  });

  it('filters on the modified date (modified_date_0/1) by the UTC day, not the tenant’s local day', async () => {
    const po = sim.scenario.purchaseOrders[7]!;
    const tomorrow = shiftDate(utcDate(sim.core.clock.now().toISOString()), 2);
    // 00:30 UTC is still the previous day in Seattle: a local-time comparison would get it wrong.
    await sim.setClock(`${tomorrow}T00:30:00.000Z`);
    await modifyPo(po.id, { comment: 'Deliver to dock 4' });
    const onDay = await listAll<PurchaseOrderDocs>(
      `/api/v2/purchase_orders/purchased/all/?modified_date_0=${tomorrow}`,
    );
    expect(onDay.map((row) => row.procurify_PO)).toEqual([po.id]);
    expect(onDay[0]).toMatchObject({ comment: 'Deliver to dock 4' });
    const dayBefore = await listAll<PurchaseOrderDocs>(
      `/api/v2/purchase_orders/purchased/all/?modified_date_0=${shiftDate(tomorrow, -1)}&modified_date_1=${shiftDate(tomorrow, -1)}`,
    );
    expect(dayBefore).toEqual([]);
  });

  it('rejects a date-time given to a date-only filter, as Django’s DateField does', async () => {
    const response = await sim.api(
      'GET',
      '/api/v2/purchase_orders/purchased/all/?modified_date_0=2025-01-01T00:00:00Z',
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ modified_date: ['Enter a valid date.'] });
  });
});

describe('GET /api/v2/purchase_orders/{id}/', () => {
  it('returns the PO with its order items, by procurify_PO and by uuid', async () => {
    const po = sim.scenario.purchaseOrders.find((candidate) => candidate.lines.some((line) => line.note))!;
    for (const id of [String(po.id), po.uuid]) {
      const path = `/api/v2/purchase_orders/${id}/`;
      const response = await sim.api<SingleOf<PurchaseOrderDetail>>('GET', path);
      expectSpecCompliant('GET', path, response);
      expect(response.body.metadata).toEqual({ can_edit: true, can_delete: false });
      const detail = response.body.data;
      expect(detail).toMatchObject({
        procurify_PO: po.id,
        uuid: po.uuid,
        subtotal: po.subtotal,
        total: po.total,
      });
      expect(detail.order_items).toHaveLength(po.lines.length);
      po.lines.forEach((line, index) => {
        const item = detail.order_items[index]!;
        const gl = sim.scenario.glAccounts.find((account) => account.id === line.glAccountId)!;
        const department = sim.scenario.departments.find((candidate) => candidate.id === line.departmentId)!;
        expect(item).toMatchObject({
          id: line.id,
          PO_line_num: line.lineNumber,
          name: line.name,
          price: line.unitPrice,
          quantity: Number(line.quantity),
          unit: line.unit,
          lineComment: line.note,
          line_comment: line.note ?? '',
          orderNum: po.requisition.num,
          purchase_order: po.id,
        });
        expect(item.account.account_code.code).toBe(gl.code);
        expect(item.account.department).toMatchObject({
          id: department.id,
          external_id: department.costCenter,
        });
      });
    }
  });

  it('404s an unknown PO', async () => {
    const response = await sim.api('GET', '/api/v2/purchase_orders/999999/');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Not found.' });
  });
});

describe('order items', () => {
  it('lists PO lines in the spec’s shape on both paths', async () => {
    for (const path of ['/api/v3/order-items/', '/api/v2/global/order_items/']) {
      const response = await sim.api<ListOf<OrderItem>>('GET', path);
      expectSpecCompliant('GET', path, response);
      const total = sim.scenario.purchaseOrders.reduce((sum, po) => sum + po.lines.length, 0);
      expect(response.body.metadata.pagination.count).toBe(total);
      const firstLine = sim.scenario.purchaseOrders[0]!.lines[0]!;
      expect(response.body.data[0]).toMatchObject({
        id: firstLine.id,
        quantity: firstLine.quantity,
        lineComment: firstLine.note,
      });
    }
  });

  it('filters on last_modified (the line’s own) and po_created_date, date-only', async () => {
    const po = sim.scenario.purchaseOrders[2]!;
    const line = po.lines[0]!;
    const later = shiftDate(utcDate(sim.core.clock.now().toISOString()), 3);
    await sim.setClock(`${later}T12:00:00.000Z`);
    await modifyPo(po.id, { lines: [{ id: line.id, quantity: '99', unitPrice: '1.50' }] });
    const changed = await listAll<OrderItem>(
      `/api/v3/order-items/?last_modified_0=${later}&last_modified_1=${later}`,
    );
    expect(changed.map((item) => item.id)).toEqual([line.id]);
    expect(changed[0]).toMatchObject({ quantity: '99', price: '1.50', total_cost: '148.50' });

    const day = utcDate(po.createdAt);
    const created = await listAll<OrderItem>(
      `/api/v3/order-items/?po_created_date_0=${day}&po_created_date_1=${day}`,
    );
    const expected = sim.scenario.purchaseOrders
      .filter((candidate) => utcDate(candidate.createdAt) === day)
      .flatMap((candidate) => candidate.lines.map((candidateLine) => candidateLine.id));
    expect(created.map((item) => item.id)).toEqual(expected);
    expect((await sim.api('GET', '/api/v3/order-items/?last_modified_0=yesterday')).status).toBe(400);
  });

  it('filters on is_purchased and status', async () => {
    const all = sim.scenario.purchaseOrders.reduce((sum, po) => sum + po.lines.length, 0);
    const count = async (query: string) =>
      (await sim.api<ListOf<OrderItem>>('GET', `/api/v3/order-items/?${query}`)).body.metadata.pagination
        .count;
    expect(await count('is_purchased=true')).toBe(all);
    expect(await count('is_purchased=false')).toBe(0);
    expect(await count('status=2')).toBe(all);
    const po = sim.scenario.purchaseOrders[1]!;
    await modifyPo(po.id, { state: 3 });
    expect(await count('status=6')).toBe(po.lines.length);
    expect((await sim.api('GET', '/api/v3/order-items/?status=42')).status).toBe(400);
  });
});

describe('GET /api/v2/global/orders/ (requisitions)', () => {
  it('lists requisitions in the spec’s shape, the note as description', async () => {
    const path = '/api/v2/global/orders/';
    const response = await sim.api<ListOf<OrderRead>>('GET', path);
    expectSpecCompliant('GET', path, response);
    const po = sim.scenario.purchaseOrders[0]!;
    expect(response.body.data[0]).toMatchObject({
      num: po.requisition.num,
      uuid: po.requisition.uuid,
      description: po.requisition.description,
      date: po.requisition.createdAt,
      status: 3,
    });
  });

  it('filters on date_0/1, modified_date_0/1 and status', async () => {
    const day = utcDate(sim.scenario.purchaseOrders[4]!.requisition.createdAt);
    const created = await listAll<OrderRead>(`/api/v2/global/orders/?date_0=${day}&date_1=${day}`);
    expect(created.map((order) => order.num)).toEqual(
      sim.scenario.purchaseOrders
        .filter((po) => utcDate(po.requisition.createdAt) === day)
        .map((po) => po.requisition.num),
    );

    const po = sim.scenario.purchaseOrders[9]!;
    const later = shiftDate(utcDate(sim.core.clock.now().toISOString()), 1);
    await sim.setClock(`${later}T08:00:00.000Z`);
    await modifyPo(po.id, { requisitionDescription: 'Urgent: line down' });
    const modified = await listAll<OrderRead>(`/api/v2/global/orders/?modified_date_0=${later}`);
    expect(modified.map((order) => [order.num, order.description])).toEqual([
      [po.requisition.num, 'Urgent: line down'],
    ]);

    expect((await listAll<OrderRead>('/api/v2/global/orders/?status=1')).length).toBe(0);
    expect((await listAll<OrderRead>('/api/v2/global/orders/?status=3')).length).toBe(40);
  });
});
