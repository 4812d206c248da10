import { describe, expect, it } from 'vitest';
import { applyRawPatch } from './raw-documents.ts';
import { startTestSimulator, type TestSimulator } from './test-support.ts';

type Listed = { data: Record<string, unknown>[] };
type Detail = { data: Record<string, unknown> };

const control = (sim: TestSimulator, method: string, path: string, body?: unknown) =>
  sim.raw<Record<string, unknown>>(method, `/_sim/procurify/raw${path}`, body === undefined ? {} : { body });

describe('raw (spec-violating) documents', () => {
  it('patches a bill in the list and the detail, leaves its neighbours alone, and bumps its modified time', async () => {
    const sim = await startTestSimulator({ scenario: { bills: 5 } });
    const [bill, neighbour] = sim.scenario.bills;
    const before = sim.store.bills.get(bill!.id)!.version;
    const planted = await control(sim, 'PUT', `/bills/${bill!.id}`, {
      list: { set: { total_cost_with_tax: { amount: 12 }, id_text: 'x' }, unset: ['vendor'] },
      detail: { set: { 'items.0.cost_allocations.0.amount': null, invoice_date: '2026-02-30' } },
    });
    expect(planted.status).toBe(200);
    expect(sim.store.bills.get(bill!.id)!.version).toBe(before + 1);

    const list = await sim.api<Listed>('GET', '/api/v3/ap/bills/?page_size=100');
    const listed = list.body.data.find((row) => row['id'] === bill!.id)!;
    expect(listed['total_cost_with_tax']).toEqual({ amount: 12 });
    expect(listed).not.toHaveProperty('vendor');
    const other = list.body.data.find((row) => row['id'] === neighbour!.id)!;
    expect(typeof other['total_cost_with_tax']).toBe('number');

    const detail = await sim.api<Detail>('GET', `/api/v2/ap/bills/${bill!.uuid}/`);
    const items = detail.body.data['items'] as { cost_allocations: { amount: unknown }[] }[];
    expect(items[0]!.cost_allocations[0]!.amount).toBeNull();
    expect(detail.body.data['invoice_date']).toBe('2026-02-30');
    // The store's record is untouched: only its rendering is.
    expect(sim.store.bills.get(bill!.id)!.items[0]!.allocations[0]!.amount).not.toBeNull();

    await control(sim, 'DELETE', `/bills/${bill!.id}`);
    const restored = await sim.api<Detail>('GET', `/api/v2/ap/bills/${bill!.uuid}/`);
    expect(restored.body.data['invoice_date']).not.toBe('2026-02-30');
  });

  it('makes a purchase order vanish on detail while the list still shows it', async () => {
    const sim = await startTestSimulator();
    const po = sim.scenario.purchaseOrders[0]!;
    expect((await control(sim, 'PUT', `/purchase-orders/${po.id}`, { detailStatus: 404 })).status).toBe(200);
    const list = await sim.api<Listed>('GET', '/api/v2/purchase_orders/purchased/all/?page_size=100');
    expect(list.body.data.some((row) => row['procurify_PO'] === po.id)).toBe(true);
    const detail = await sim.api('GET', `/api/v2/purchase_orders/${po.id}/`);
    expect(detail.status).toBe(404);
    expect(detail.body).toEqual({ detail: 'Not found.' });
    // Authentication still comes first.
    const anonymous = await sim.raw('GET', `/api/v2/purchase_orders/${po.id}/`, {
      headers: { 'x-procurify-client': 'api' },
    });
    expect(anonymous.status).toBe(401);
    expect((await control(sim, 'GET', '')).body).toMatchObject({
      'purchase-orders': { [po.id]: { detailStatus: 404 } },
    });
  });

  it('refuses malformed control requests and unknown records', async () => {
    const sim = await startTestSimulator({ scenario: { bills: 1 } });
    expect((await control(sim, 'PUT', '/bills/1', { detailStatus: 500 })).status).toBe(400);
    expect((await control(sim, 'PUT', '/bills/999999', {})).status).toBe(404);
  });
});

describe('applyRawPatch', () => {
  it('sets nested paths (creating missing steps), removes keys and array elements, and copies', () => {
    const document = { a: { b: [1, 2, 3] }, c: 'keep' };
    const patched = applyRawPatch(document, {
      set: { 'a.b.0': 'one', 'x.0.y': true, c: null },
      unset: ['a.b.2'],
    });
    expect(patched).toEqual({ a: { b: ['one', 2] }, c: null, x: [{ y: true }] });
    expect(document).toEqual({ a: { b: [1, 2, 3] }, c: 'keep' });
  });
});
