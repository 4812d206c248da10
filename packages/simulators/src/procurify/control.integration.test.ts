import type { BillRead, PurchaseOrderDetail, PurchaseOrderLineItemRead } from '@mlc/procurify-api';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  expectSpecCompliant,
  startTestSimulator,
  type SingleOf,
  type TestSimulator,
  expectStatus,
} from './test-support.ts';

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startTestSimulator({ scenario: { bills: 50 } });
});

const control = <T = unknown>(method: string, path: string, body?: unknown) =>
  sim.raw<T>(method, `/_sim/procurify${path}`, body === undefined ? {} : { body });

describe('inspecting documents', () => {
  it('lists and shows every kind of record with its API rendering', async () => {
    const summary = await control<Record<string, number>>('GET', '/summary');
    expect(summary.body).toMatchObject({
      purchaseOrders: 40,
      bills: 50,
      payments: sim.scenario.payments.length,
    });
    for (const kind of ['purchase-orders', 'bills', 'payments', 'vendors', 'account-codes', 'departments']) {
      const list = await control<{ total: number; items: { id: number }[] }>(
        'GET',
        `/${kind}?limit=3&offset=1`,
      );
      expectStatus(list, 200);
      expect(list.body.items).toHaveLength(Math.min(3, list.body.total - 1));
      expect(list.body.total).toBeGreaterThan(1);
      const shown = await control<{ record: { id: number }; document: object }>(
        'GET',
        `/${kind}/${list.body.items[0]!.id}`,
      );
      expectStatus(shown, 200);
      expect(shown.body.record.id).toBe(list.body.items[0]!.id);
      expect(Object.keys(shown.body.document).length).toBeGreaterThan(3);
    }
    const bill = sim.scenario.bills[0]!;
    expect((await control('GET', `/bills/${bill.uuid}`)).status).toBe(200);
    expect((await control('GET', '/bills/nope')).status).toBe(404);
    expect((await control('GET', '/bills?limit=0')).status).toBe(400);
  });
});

describe('changing purchase orders', () => {
  it('changes a line’s quantity, price and comment, recomputing totals and bumping the modified times', async () => {
    const po = sim.scenario.purchaseOrders.find((candidate) => candidate.lines.length >= 2)!;
    const line = po.lines[0]!;
    await sim.setClock(new Date(sim.core.clock.nowMs() + 3_600_000).toISOString());
    const since = sim.core.clock.now().toISOString();
    const response = await control<{ document: PurchaseOrderDetail }>(
      'POST',
      `/purchase-orders/${po.uuid}/modify`,
      {
        lines: [{ id: line.id, quantity: '3', unitPrice: '10.00', note: 'Use the blue ones' }],
      },
    );
    expectStatus(response, 200);
    const path = `/api/v2/purchase_orders/${po.id}/`;
    const detail = await sim.api<SingleOf<PurchaseOrderDetail>>('GET', path);
    expectSpecCompliant('GET', path, detail);
    const item = detail.body.data.order_items[0] as Required<PurchaseOrderLineItemRead>;
    expect(item).toMatchObject({
      quantity: 3,
      price: '10.00',
      total_cost: '30.00',
      lineComment: 'Use the blue ones',
      line_comment: 'Use the blue ones',
    });
    expect(Date.parse(item.last_modified)).toBeGreaterThanOrEqual(Date.parse(since));
    expect(Date.parse(detail.body.data.last_modified)).toBeGreaterThanOrEqual(Date.parse(since));
    const subtotalCents = po.lines.reduce(
      (sum, candidate, index) => sum + (index === 0 ? 3000 : Math.round(Number(candidate.total) * 100)),
      0,
    );
    expect(detail.body.data.subtotal).toBe((subtotalCents / 100).toFixed(2));
    // Lines that did not change keep their own last_modified.
    expect(detail.body.data.order_items[1]!.last_modified).toBe(po.modifiedAt);
    // The scenario (shared with the Oracle simulator) is not changed.
    expect(po.lines[0]!.quantity).toBe(line.quantity);
  });

  it('adds a line to a PO', async () => {
    const po = sim.scenario.purchaseOrders[1]!;
    const response = await control<{ document: PurchaseOrderDetail }>(
      'POST',
      `/purchase-orders/${po.id}/lines`,
      {
        name: 'Hex bolts M8',
        quantity: '100',
        unitPrice: '0.25',
        note: 'Zinc plated',
      },
    );
    expectStatus(response, 201);
    const items = response.body.document.order_items;
    expect(items).toHaveLength(po.lines.length + 1);
    expect(items.at(-1)).toMatchObject({
      name: 'Hex bolts M8',
      PO_line_num: po.lines.length + 1,
      total_cost: '25.00',
      lineComment: 'Zinc plated',
    });
  });

  it('refuses bad changes', async () => {
    const po = sim.scenario.purchaseOrders[2]!;
    expect(
      (await control('POST', `/purchase-orders/${po.id}/modify`, { lines: [{ id: 1, quantity: '1' }] }))
        .status,
    ).toBe(404);
    expect((await control('POST', `/purchase-orders/${po.id}/modify`, { quantity: '1' })).status).toBe(400);
    expect((await control('POST', `/purchase-orders/${po.id}/modify`, { state: 2 })).status).toBe(400);
    expect((await control('POST', '/purchase-orders/424242/modify', {})).status).toBe(404);
  });
});

describe('changing bills', () => {
  it('changes an item, the note and the status, bumping last_modified_datetime', async () => {
    const bill = sim.scenario.bills.find(
      (candidate) => candidate.status === 2 && candidate.items[0]!.allocations.length === 1,
    )!;
    const item = bill.items[0]!;
    await sim.setClock(new Date(sim.core.clock.nowMs() + 3_600_000).toISOString());
    const since = sim.core.clock.now().toISOString();
    const response = await control<{ document: BillRead }>('POST', `/bills/${bill.id}/modify`, {
      note: 'Price corrected by vendor',
      status: 'denied',
      items: [{ id: item.id, quantity: '2', unitCost: '50.00' }],
    });
    expectStatus(response, 200);
    const path = `/api/v2/ap/bills/${bill.uuid}/`;
    const detail = await sim.api<SingleOf<BillRead>>('GET', path);
    expectSpecCompliant('GET', path, detail);
    expect(detail.body.data).toMatchObject({ note: 'Price corrected by vendor', status: 3 });
    expect(detail.body.data.items[0]).toMatchObject({ quantity: '2', unit_cost: 50, total_cost: 100 });
    expect(detail.body.data.items[0]!.cost_allocations[0]!.amount).toBe('100.00');
    expect(Date.parse(detail.body.data.last_modified_datetime)).toBeGreaterThanOrEqual(Date.parse(since));
  });

  it('approves and denies bills, and adds items', async () => {
    const draft = sim.scenario.bills.find((candidate) => candidate.status === 0)!;
    const approved = await control<{ document: BillRead }>('POST', `/bills/${draft.uuid}/approve`);
    expect(approved.body.document.status).toBe(2);
    const denied = await control<{ document: BillRead }>('POST', `/bills/${draft.id}/deny`);
    expect(denied.body.document.status).toBe(3);
    const status = await control<{ document: BillRead }>('POST', `/bills/${draft.id}/status`, {
      status: 'approved',
    });
    expect(status.body.document.status).toBe(2);

    const added = await control<{ document: BillRead }>('POST', `/bills/${draft.id}/items`, {
      description: 'Expedite fee',
      quantity: '1',
      unitCost: '45.00',
      taxPercentage: '10',
    });
    expectStatus(added, 201);
    expect(added.body.document.items.at(-1)).toMatchObject({
      description: 'Expedite fee',
      total_cost: 45,
      tax_amount: 4.5,
    });
    const totalCents = Math.round(Number(draft.total) * 100) + 4950;
    expect(added.body.document.total_cost_with_tax).toBe(totalCents / 100);
  });
});

describe('reset', () => {
  it('reloads the documents from a regenerated scenario', async () => {
    await control('POST', `/bills/${sim.scenario.bills[0]!.id}/deny`);
    const response = await sim.raw<{ loaded: { purchaseOrders: number; bills: number } }>(
      'POST',
      '/_sim/reset',
      {
        body: { purchaseOrders: 12 },
      },
    );
    expectStatus(response, 200);
    expect(response.body.loaded).toMatchObject({ purchaseOrders: 12, bills: 50 });
    const list = await sim.api<{ metadata: { pagination: { count: number } } }>(
      'GET',
      '/api/v2/purchase_orders/purchased/all/',
    );
    expect(list.body.metadata.pagination.count).toBe(12);
  });
});
