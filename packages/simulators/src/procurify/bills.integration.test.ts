import type { BillRead, MarkBillsAsPaid, SimpleBill } from '@mlc/procurify-api';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioBill } from '../scenario/types.ts';
import {
  expectSpecCompliant,
  specViolations,
  startTestSimulator,
  type ListOf,
  type Response,
  type SingleOf,
  type TestSimulator,
  expectStatus,
} from './test-support.ts';

const hyphenated = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startTestSimulator({ scenario: { bills: 60 } });
});

const billsWhere = (predicate: (bill: ScenarioBill) => boolean) => sim.scenario.bills.filter(predicate);
const getBill = (uuid: string) => sim.api<SingleOf<BillRead>>('GET', `/api/v2/ap/bills/${uuid}/`);
const markAsPaid = (body: unknown) =>
  sim.api<MarkBillsAsPaid>('POST', '/api/v3/ap/bills/mark-as-paid/', { body });

async function listBills(query: string): Promise<Response<ListOf<SimpleBill>>> {
  const response = await sim.api<ListOf<SimpleBill>>('GET', `/api/v3/ap/bills/?page_size=100&${query}`);
  expectStatus(response, 200);
  return response;
}

describe('GET /api/v3/ap/bills/', () => {
  it('lists bills in the spec’s shape with summary and permissions', async () => {
    const path = '/api/v3/ap/bills/';
    const response = await sim.api<ListOf<SimpleBill>>('GET', path);
    expectSpecCompliant('GET', path, response);
    const { metadata, data } = response.body;
    expect(metadata.pagination).toMatchObject({ count: 60, page_size: 10, num_pages: 6 });
    expect(metadata['permissions']).toEqual({ can_edit: true, can_delete: false, can_approve: true });
    const totalCents = sim.scenario.bills.reduce(
      (sum, bill) => sum + Math.round(Number(bill.total) * 100),
      0,
    );
    expect(metadata['summary']).toEqual({ has_multiple_currency: true, total_cost: totalCents / 100 });
    const first = sim.scenario.bills[0]!;
    expect(data[0]).toMatchObject({
      id: first.id,
      uuid: hyphenated(first.uuid),
      status: first.status,
      group: first.group,
      invoice_number: first.invoiceNumber,
      last_modified_datetime: first.modifiedAt,
    });
  });

  it('ignores `status` (the spec has no status filter) like any unknown parameter', async () => {
    const response = await listBills('status=2');
    expect(response.body.metadata.pagination.count).toBe(60);
  });

  it('filters on last_modified_datetime_0/1 as inclusive date-times', async () => {
    const bill = sim.scenario.bills[17]!;
    const exact = await listBills(
      `last_modified_datetime_0=${encodeURIComponent(bill.modifiedAt)}&last_modified_datetime_1=${encodeURIComponent(bill.modifiedAt)}`,
    );
    expect(exact.body.data.map((row) => row.id)).toEqual(
      billsWhere((candidate) => candidate.modifiedAt === bill.modifiedAt).map((candidate) => candidate.id),
    );
    const justAfter = new Date(Date.parse(bill.modifiedAt) + 1).toISOString();
    const after = await listBills(`last_modified_datetime_0=${encodeURIComponent(justAfter)}`);
    expect(after.body.data.map((row) => row.id)).toEqual(
      billsWhere((candidate) => candidate.modifiedAt > bill.modifiedAt).map((candidate) => candidate.id),
    );
    // The same instant written with an offset selects the same bills.
    const early = sim.scenario.bills.find((candidate) => Number(candidate.modifiedAt.slice(11, 13)) < 23)!;
    const hour = String(Number(early.modifiedAt.slice(11, 13)) + 1).padStart(2, '0');
    const withOffset = `${early.modifiedAt.slice(0, 11)}${hour}${early.modifiedAt.slice(13, 23)}+01:00`;
    const offsetQuery = encodeURIComponent(withOffset);
    const sameInstant = await listBills(
      `last_modified_datetime_0=${offsetQuery}&last_modified_datetime_1=${offsetQuery}`,
    );
    expect(sameInstant.body.data.map((row) => row.id)).toContain(early.id);
    const invalid = await sim.api('GET', '/api/v3/ap/bills/?last_modified_datetime_0=last-tuesday');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ last_modified_datetime: ['Enter a valid date/time.'] });
  });
});

describe('GET /api/v2/ap/bills/{id}/', () => {
  it('returns a bill on a PO with its order items, allocations, costs and tax', async () => {
    const unpaidOnPo = billsWhere(
      (candidate) =>
        candidate.purchaseOrderId !== null &&
        candidate.status === 2 &&
        !sim.store.bills.get(candidate.id)!.payment,
    );
    const bill = unpaidOnPo.find((candidate) => candidate.costs.length > 0) ?? unpaidOnPo[0]!;
    const po = sim.scenario.purchaseOrders.find((candidate) => candidate.id === bill.purchaseOrderId)!;
    const path = `/api/v2/ap/bills/${bill.uuid}/`;
    const response = await sim.api<SingleOf<BillRead>>('GET', path);
    expectSpecCompliant('GET', path, response);
    const detail = response.body.data;
    expect(detail).toMatchObject({
      uuid: hyphenated(bill.uuid),
      invoice_number: bill.invoiceNumber,
      tax_amount: Number(bill.taxAmount),
      total_cost_with_tax: Number(bill.total),
      bill_payment: null,
      added_purchase_orders: [
        { id: po.id, number: po.number, currency: po.currency, total_amount: po.total },
      ],
    });
    bill.items.forEach((item, index) => {
      const rendered = detail.items[index]!;
      const line = po.lines.find((candidate) => candidate.id === item.poLineId)!;
      expect(rendered.po).toEqual({ id: po.id, number: po.number, uuid: po.uuid });
      expect(rendered.orderitem).toMatchObject({
        id: line.id,
        lineComment: line.note,
        orderNum: po.requisition.num,
      });
      expect(rendered.cost_allocations.map((allocation) => allocation.amount)).toEqual(
        item.allocations.map((allocation) => allocation.amount),
      );
      item.allocations.forEach((allocation, n) => {
        const budget = rendered.cost_allocations[n]!.budget;
        const department = sim.scenario.departments.find(
          (candidate) => candidate.id === allocation.departmentId,
        )!;
        expect(budget.account_code.code).toBe(
          sim.scenario.glAccounts.find((gl) => gl.id === allocation.glAccountId)!.code,
        );
        expect(budget.department.external_id).toBe(department.costCenter);
      });
    });
    expect(detail.costs.map((cost) => [cost.name, cost.amount])).toEqual(
      bill.costs.map((cost) => [cost.name, cost.amount]),
    );
  });

  it('renders bills without a PO and paid bills in the spec’s shape too', async () => {
    const violations: string[] = [];
    const poOfItemsWithoutPo: unknown[] = [];
    const paymentsOfPaidBills: unknown[] = [];
    for (const bill of sim.scenario.bills) {
      const path = `/api/v2/ap/bills/${bill.uuid}/`;
      const response = await sim.api<SingleOf<BillRead>>('GET', path);
      expectStatus(response, 200);
      violations.push(
        ...specViolations('GET', path, 200, response.body).map((error) => `${bill.id}: ${error}`),
      );
      if (bill.purchaseOrderId === null)
        poOfItemsWithoutPo.push(...response.body.data.items.map((item) => item.po));
      if (bill.status === 4) paymentsOfPaidBills.push(response.body.data.bill_payment);
    }
    expect(violations).toEqual([]);
    expect(poOfItemsWithoutPo.length).toBeGreaterThan(0);
    expect(poOfItemsWithoutPo.every((po) => po === undefined)).toBe(true);
    expect(paymentsOfPaidBills.length).toBeGreaterThan(0);
    expect(paymentsOfPaidBills.every((payment) => payment !== null)).toBe(true);
  });

  it('accepts the uuid with and without hyphens, and 404s others', async () => {
    const bill = sim.scenario.bills[0]!;
    expect((await getBill(hyphenated(bill.uuid))).body.data.id).toBe(bill.id);
    expect((await getBill(bill.uuid.toUpperCase())).status).toBe(200);
    expect((await getBill('0'.repeat(32))).status).toBe(404);
    expect((await getBill(String(bill.id))).status).toBe(404);
  });
});

describe('POST /api/v3/ap/bills/mark-as-paid/', () => {
  it('pays approved bills without a payment and leaves every other bill exactly as it was', async () => {
    const approved = billsWhere((bill) => bill.status === 2 && !sim.store.bills.get(bill.id)!.payment).slice(
      0,
      4,
    );
    const [payable, alsoPayable, toDeny, withPayment] = approved as [
      ScenarioBill,
      ScenarioBill,
      ScenarioBill,
      ScenarioBill,
    ];
    const draft = billsWhere((bill) => bill.status === 0)[0]!;
    const paid = billsWhere((bill) => bill.status === 4)[0]!;
    expect((await sim.raw('POST', `/_sim/procurify/bills/${toDeny.id}/deny`)).status).toBe(200);
    const payment = await sim.raw('POST', '/_sim/procurify/payments', {
      body: { billGroupIds: [withPayment.group], status: 'processing' },
    });
    expectStatus(payment, 201);

    const untouched = [draft, paid, toDeny, withPayment];
    const before = await Promise.all(untouched.map(async (bill) => (await getBill(bill.uuid)).body));

    const later = new Date(sim.core.clock.nowMs() + 3_600_000).toISOString();
    await sim.setClock(later);
    const request = {
      bill_uuids: [
        payable.uuid,
        hyphenated(alsoPayable.uuid),
        ...untouched.map((bill) => bill.uuid),
        'f'.repeat(32),
      ],
      payment_date: '2025-01-21',
    };
    const paidResponse = await markAsPaid(request);
    expectSpecCompliant('POST', '/api/v3/ap/bills/mark-as-paid/', paidResponse);
    expect(paidResponse.body).toEqual({ ...request, bill_group_ids: [] });

    for (const bill of [payable, alsoPayable]) {
      const response = await getBill(bill.uuid);
      expectSpecCompliant('GET', `/api/v2/ap/bills/${bill.uuid}/`, response);
      const detail = response.body.data;
      expect(detail.status).toBe(4);
      expect(detail.bill_payment?.payment.payment_date).toBe('2025-01-21');
      expect(Date.parse(detail.last_modified_datetime)).toBeGreaterThanOrEqual(Date.parse(later));
    }
    const after = await Promise.all(untouched.map(async (bill) => (await getBill(bill.uuid)).body));
    expect(after).toEqual(before);

    const changed = await listBills(`last_modified_datetime_0=${encodeURIComponent(later)}`);
    const byId = (a: number, b: number) => a - b;
    expect(changed.body.data.map((row) => row.id).toSorted(byId)).toEqual(
      [payable.id, alsoPayable.id].toSorted(byId),
    );

    // Paying them again changes nothing.
    const paidOnce = await getBill(payable.uuid);
    await markAsPaid({ bill_uuids: [payable.uuid], payment_date: '2025-02-01' });
    expect((await getBill(payable.uuid)).body).toEqual(paidOnce.body);
  });

  it('pays the bills of bill_group_ids too', async () => {
    const bill = billsWhere(
      (candidate) => candidate.status === 2 && !sim.store.bills.get(candidate.id)!.payment,
    )[0]!;
    const response = await markAsPaid({
      bill_uuids: [],
      bill_group_ids: [bill.group],
      payment_date: '2025-03-03',
    });
    expect(response.status).toBe(200);
    expect((await getBill(bill.uuid)).body.data.status).toBe(4);
  });

  it('validates the body like DRF', async () => {
    const missing = await markAsPaid({ payment_date: '2025-01-21' });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ bill_uuids: ['This field is required.'] });
    const badDate = await markAsPaid({
      bill_uuids: [sim.scenario.bills[0]!.uuid],
      payment_date: '21/01/2025',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body).toHaveProperty('payment_date');
    expect(sim.store.bills.get(sim.scenario.bills[0]!.id)!.version).toBe(1);
  });
});
