import type { BillRead, PaymentResponse } from '@mlc/procurify-api';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  expectSpecCompliant,
  startTestSimulator,
  type ListOf,
  type SingleOf,
  type TestSimulator,
  expectStatus,
} from './test-support.ts';

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startTestSimulator({ scenario: { purchaseOrders: 80 } });
});

async function listPayments(query = ''): Promise<Required<PaymentResponse>[]> {
  const response = await sim.api<ListOf<PaymentResponse>>(
    'GET',
    `/api/public/v1/payments/?page_size=100&${query}`,
  );
  expectStatus(response, 200);
  return response.body.data;
}

const approvedWithoutPayment = () =>
  [...sim.store.bills.values()].filter((bill) => bill.status === 2 && bill.payment === null);

describe('GET /api/public/v1/payments/', () => {
  it('lists payments in the spec’s shape, with their bill groups', async () => {
    const path = '/api/public/v1/payments/';
    const response = await sim.api<ListOf<PaymentResponse>>('GET', path);
    expectSpecCompliant('GET', path, response);
    expect(response.body.metadata.pagination.count).toBe(sim.scenario.payments.length);
    const first = sim.scenario.payments[0]!;
    expect(response.body.data[0]).toMatchObject({
      id: first.id,
      uuid: first.uuid,
      amount: first.amount,
      status: first.status,
      bill_groups: first.billGroupIds,
      payment_source_type: first.sourceType,
      updated_at: first.updatedAt,
    });
  });

  it('filters on updated_at and created_at date-times, inclusively', async () => {
    const payment = sim.scenario.payments[2]!;
    const at = encodeURIComponent(payment.updatedAt);
    expect(
      (await listPayments(`updated_at_after=${at}&updated_at_before=${at}`)).map((row) => row.id),
    ).toEqual(
      sim.scenario.payments
        .filter((candidate) => candidate.updatedAt === payment.updatedAt)
        .map((row) => row.id),
    );
    expect(
      (await listPayments(`created_at_after=${encodeURIComponent(payment.createdAt)}`)).map((row) => row.id),
    ).toEqual(
      sim.scenario.payments
        .filter((candidate) => candidate.createdAt >= payment.createdAt)
        .map((row) => row.id),
    );
    expect((await sim.api('GET', '/api/public/v1/payments/?updated_at_after=soon')).status).toBe(400);
  });

  it('filters on status and bill_groups (comma lists) and orders by updated_at', async () => {
    const bill = approvedWithoutPayment()[0]!;
    const created = await sim.raw('POST', '/_sim/procurify/payments', {
      body: { billGroupIds: [bill.group], status: 'processing', sourceType: 'direct_debit' },
    });
    expectStatus(created, 201);
    const path = '/api/public/v1/payments/?status=processing';
    expectSpecCompliant('GET', path, await sim.api('GET', path));
    const processing = await listPayments('status=processing,failed');
    expect(processing.map((row) => row.bill_groups)).toEqual([[bill.group]]);
    const both = await listPayments(`bill_groups=${bill.group},${sim.scenario.payments[0]!.billGroupIds[0]}`);
    expect(both).toHaveLength(2);
    const newestFirst = await listPayments('order_by=-updated_at');
    expect(newestFirst[0]!.bill_groups).toEqual([bill.group]);
    const stamps = newestFirst.map((row) => row.updated_at);
    expect(stamps).toEqual(stamps.toSorted().toReversed());

    expect((await sim.api('GET', '/api/public/v1/payments/?status=settled')).status).toBe(400);
    expect((await sim.api('GET', '/api/public/v1/payments/?order_by=amount')).status).toBe(400);
  });

  it('shows a payment made in Procurify for bill groups, and its bills as paid', async () => {
    const bill = approvedWithoutPayment()[0]!;
    await sim.setClock(new Date(sim.core.clock.nowMs() + 60_000).toISOString());
    const since = sim.core.clock.now().toISOString();
    const created = await sim.raw<{ document: PaymentResponse }>('POST', '/_sim/procurify/payments', {
      body: { billGroupIds: [bill.group] },
    });
    expectStatus(created, 201);
    const changed = await listPayments(`updated_at_after=${encodeURIComponent(since)}`);
    expect(changed).toEqual([created.body.document]);
    expect(changed[0]).toMatchObject({ status: 'paid', amount: bill.total, bill_groups: [bill.group] });
    const detail = await sim.api<SingleOf<BillRead>>('GET', `/api/v2/ap/bills/${bill.uuid}/`);
    expect(detail.body.data.status).toBe(4);
    expect(detail.body.data.bill_payment?.payment.id).toBe(created.body.document.id);
  });

  it('records bills marked as paid through the API as external payments', async () => {
    const bill = approvedWithoutPayment()[0]!;
    const before = (await listPayments()).length;
    await sim.api('POST', '/api/v3/ap/bills/mark-as-paid/', {
      body: { bill_uuids: [bill.uuid], payment_date: '2025-05-05' },
    });
    const after = await listPayments(`bill_groups=${bill.group}`);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ payment_source_type: 'external', status: 'paid', amount: bill.total });
    expect((await listPayments()).length).toBe(before + 1);
  });

  it('bumps updated_at when a payment changes', async () => {
    const payment = sim.scenario.payments[0]!;
    await sim.setClock(new Date(sim.core.clock.nowMs() + 60_000).toISOString());
    const modified = await sim.raw('POST', `/_sim/procurify/payments/${payment.id}/modify`, {
      body: { status: 'failed' },
    });
    expectStatus(modified, 200);
    const since = new Date(sim.core.clock.nowMs() - 1_000).toISOString();
    const changed = await listPayments(`updated_at_after=${encodeURIComponent(since)}`);
    expect(changed.map((row) => [row.id, row.status])).toEqual([[payment.id, 'failed']]);
  });
});
