import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Collection,
  invoiceBody,
  masterData,
  type OracleHarness,
  q,
  startOracle,
} from './test-harness.ts';

let oracle: OracleHarness;
beforeAll(async () => {
  oracle = await startOracle();
});
afterAll(async () => {
  await oracle.app.close();
});

type Row = Record<string, unknown>;

async function createInvoice(invoiceNumber: string, overrides: Record<string, unknown> = {}): Promise<Row> {
  const response = await oracle.rest('POST', 'invoices', {
    body: invoiceBody(oracle.scenario, { InvoiceNumber: invoiceNumber, ...overrides }),
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json<Row>();
}

const invoice = (id: unknown) => oracle.getJson(`invoices/${String(id)}?expand=invoiceInstallments`);
const unpaidAmount = (row: Row) => (row.invoiceInstallments as Row[])[0]!.UnpaidAmount;

describe('paying invoices through the control API', () => {
  it('pays partially, then fully, updating AmountPaid, PaidStatus, UnpaidAmount and LastUpdateDate', async () => {
    const created = await createInvoice('PAY-1');
    oracle.core.clock.advance(1000);
    const partial = await oracle.control('POST', `/oracle/invoices/${String(created.InvoiceId)}/pay`, {
      amount: 50.25,
      date: '2026-11-21',
    });
    expect(partial.statusCode).toBe(201);
    expect(partial.json()).toMatchObject({
      PaymentAmount: 50.25,
      PaymentDate: '2026-11-21',
      PaymentStatus: 'Negotiable',
      Payee: created.Supplier,
      SupplierNumber: created.SupplierNumber,
      relatedInvoices: [
        expect.objectContaining({ InvoiceId: created.InvoiceId, AmountPaidInvoiceCurrency: 50.25 }),
      ],
    });
    const afterPartial = await invoice(created.InvoiceId);
    expect(afterPartial).toMatchObject({ PaidStatus: 'Partially paid', AmountPaid: 50.25 });
    expect(unpaidAmount(afterPartial)).toBe(100);
    expect(Date.parse(String(afterPartial.LastUpdateDate))).toBeGreaterThan(
      Date.parse(String(created.LastUpdateDate)),
    );

    const rest = await oracle.control('POST', `/oracle/invoices/${String(created.InvoiceId)}/pay`, {});
    expect(rest.json()).toMatchObject({ PaymentAmount: 100 });
    const paid = await invoice(created.InvoiceId);
    expect(paid).toMatchObject({ PaidStatus: 'Paid', AmountPaid: 150.25 });
    expect(unpaidAmount(paid)).toBe(0);

    const over = await oracle.control('POST', `/oracle/invoices/${String(created.InvoiceId)}/pay`, {
      amount: 1,
    });
    expect(over.statusCode).toBe(400);
    expect((await oracle.control('POST', '/oracle/invoices/1/pay', {})).statusCode).toBe(404);
    expect(
      (await oracle.control('POST', `/oracle/invoices/${String(created.InvoiceId)}/pay`, { amount: -5 }))
        .statusCode,
    ).toBe(400);
  });

  it('finds the payments of an invoice with PaidInvoicesFinder and lists their related invoices', async () => {
    const created = await createInvoice('PAY-FINDER');
    const payment = (
      await oracle.control('POST', `/oracle/invoices/${String(created.InvoiceId)}/pay`, {})
    ).json<Row>();
    const found = await oracle.getJson<Collection>(
      'payablesPayments?finder=PaidInvoicesFinder;InvoiceNumber=PAY-FINDER',
    );
    expect(found.items.map((item) => item.CheckId)).toEqual([payment.CheckId]);
    const related = await oracle.getJson<Collection>(
      `payablesPayments/${String(payment.CheckId)}/child/relatedInvoices`,
    );
    expect(related.items).toEqual([
      expect.objectContaining({
        InvoiceId: created.InvoiceId,
        InvoiceNumber: 'PAY-FINDER',
        AmountPaidPaymentCurrency: 150.25,
        AmountPaidInvoiceCurrency: 150.25,
        InvoiceCurrency: 'USD',
      }),
    ]);
    const item = await oracle.getJson(`payablesPayments/${String(payment.CheckId)}`);
    expect(item).toMatchObject({
      CheckId: payment.CheckId,
      PaymentId: expect.any(Number),
      PaymentNumber: expect.any(Number),
    });
  });

  it('voids a payment through the control API, reversing the invoice', async () => {
    const created = await createInvoice('PAY-VOID-CONTROL');
    const payment = (
      await oracle.control('POST', `/oracle/invoices/${String(created.InvoiceId)}/pay`, {})
    ).json<Row>();
    oracle.core.clock.advance(1000);
    const voided = await oracle.control('POST', `/oracle/payments/${String(payment.CheckId)}/void`, {});
    expect(voided.json()).toMatchObject({ PaymentStatus: 'Voided', VoidDate: '2026-11-21' });
    expect(await invoice(created.InvoiceId)).toMatchObject({ PaidStatus: 'Unpaid', AmountPaid: 0 });
    expect(
      (await oracle.control('POST', `/oracle/payments/${String(payment.CheckId)}/void`, {})).statusCode,
    ).toBe(400);
  });
});

describe('payablesPayments REST', () => {
  it('records a manual payment against two invoices and voids it with PATCH VoidDate', async () => {
    const { usSupplier, usSite } = masterData(oracle.scenario);
    const first = await createInvoice('PAY-REST-1');
    const second = await createInvoice('PAY-REST-2');
    const body = {
      PaymentAmount: 200.25,
      PaymentDate: '2026-11-21',
      PaymentCurrency: 'USD',
      BusinessUnit: 'US1 Business Unit',
      Supplier: usSupplier.name,
      SupplierSite: usSite,
      PaymentMethodCode: 'CHECK',
      relatedInvoices: [
        { InvoiceNumber: 'PAY-REST-1', AmountPaidPaymentCurrency: 150.25 },
        { InvoiceId: second.InvoiceId, AmountPaidPaymentCurrency: 50 },
      ],
    };
    const response = await oracle.rest('POST', 'payablesPayments', { body });
    expect(response.statusCode).toBe(201);
    const payment = response.json<Row>();
    expect(payment).toMatchObject({
      PaymentAmount: 200.25,
      PaymentStatus: 'Negotiable',
      PaymentType: 'Manual',
      VoidDate: null,
    });
    expect(await invoice(first.InvoiceId)).toMatchObject({ PaidStatus: 'Paid', AmountPaid: 150.25 });
    expect(await invoice(second.InvoiceId)).toMatchObject({ PaidStatus: 'Partially paid', AmountPaid: 50 });

    oracle.core.clock.advance(1000);
    const before = new Date(oracle.core.clock.nowMs() - 1).toISOString();
    const voided = await oracle.rest('PATCH', `payablesPayments/${String(payment.CheckId)}`, {
      body: { VoidDate: '2026-11-21' },
    });
    expect(voided.statusCode).toBe(200);
    expect(voided.json()).toMatchObject({ PaymentStatus: 'Voided', VoidDate: '2026-11-21' });
    expect(await invoice(first.InvoiceId)).toMatchObject({ PaidStatus: 'Unpaid', AmountPaid: 0 });
    expect(unpaidAmount(await invoice(second.InvoiceId))).toBe(150.25);

    // An incremental poll on LastUpdateDate sees the void, and the invoices it touched.
    const changedPayments = await oracle.getJson<Collection>(
      `payablesPayments?${q(`LastUpdateDate>'${before}'`)}`,
    );
    expect(changedPayments.items.map((item) => item.CheckId)).toEqual([payment.CheckId]);
    const changedInvoices = await oracle.getJson<Collection>(
      `invoices?${q(`LastUpdateDate>'${before}'`)}&orderBy=InvoiceNumber:asc&fields=InvoiceNumber,PaidStatus`,
    );
    expect(changedInvoices.items).toEqual([
      expect.objectContaining({ InvoiceNumber: 'PAY-REST-1', PaidStatus: 'Unpaid' }),
      expect.objectContaining({ InvoiceNumber: 'PAY-REST-2', PaidStatus: 'Unpaid' }),
    ]);
    const again = await oracle.rest('PATCH', `payablesPayments/${String(payment.CheckId)}`, {
      body: { VoidDate: '2026-11-22' },
    });
    expect(again.statusCode).toBe(400);
  });

  it('rejects amounts above the unpaid amount, currency mismatches and sums that do not match', async () => {
    const { usSupplier, usSite } = masterData(oracle.scenario);
    await createInvoice('PAY-BAD');
    const payment = (overrides: Row) => ({
      PaymentAmount: 150.25,
      PaymentCurrency: 'USD',
      BusinessUnit: 'US1 Business Unit',
      Supplier: usSupplier.name,
      SupplierSite: usSite,
      relatedInvoices: [{ InvoiceNumber: 'PAY-BAD', AmountPaidPaymentCurrency: 150.25 }],
      ...overrides,
    });
    const cases: [Row, string][] = [
      [
        {
          PaymentAmount: 200,
          relatedInvoices: [{ InvoiceNumber: 'PAY-BAD', AmountPaidPaymentCurrency: 200 }],
        },
        'AmountPaidPaymentCurrency',
      ],
      [{ PaymentCurrency: 'CAD' }, 'PaymentCurrency'],
      [{ PaymentAmount: 100 }, 'does not equal'],
      [{ relatedInvoices: [{ InvoiceNumber: 'NO-SUCH', AmountPaidPaymentCurrency: 150.25 }] }, 'NO-SUCH'],
      [{ Supplier: 'Nobody At All Inc.' }, 'Supplier'],
    ];
    for (const [overrides, expected] of cases) {
      const response = await oracle.rest('POST', 'payablesPayments', { body: payment(overrides) });
      expect({ expected, status: response.statusCode }).toEqual({ expected, status: 400 });
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.body).toContain(expected);
    }
    const stillUnpaid = await oracle.getJson<Collection>(`invoices?${q("InvoiceNumber='PAY-BAD'")}`);
    expect(stillUnpaid.items[0]).toMatchObject({ PaidStatus: 'Unpaid' });
  });

  it('filters payments on PaymentDate and LastUpdateDate', async () => {
    const created = await createInvoice('PAY-DATES');
    await oracle.control('POST', `/oracle/invoices/${String(created.InvoiceId)}/pay`, { date: '2026-10-01' });
    const byDate = await oracle.getJson<Collection>(`payablesPayments?${q("PaymentDate='2026-10-01'")}`);
    expect(byDate.items).toHaveLength(1);
    expect(
      (await oracle.getJson<Collection>(`payablesPayments?${q("PaymentDate<'2026-10-01'")}`)).count,
    ).toBe(0);
    const control = await oracle.control('GET', '/oracle/payments');
    expect(control.json<{ total: number }>().total).toBe(oracle.store.payments.size);
  });
});
