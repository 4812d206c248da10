import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Collection,
  draftPurchaseOrderBody,
  invoiceBody,
  masterData,
  type OracleHarness,
  q,
  sortedStrings,
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

async function postInvoice(overrides: Record<string, unknown> = {}) {
  return oracle.rest('POST', 'invoices', {
    body: invoiceBody(oracle.scenario, overrides),
    contentType: 'application/vnd.oracle.adf.resourceitem+json',
  });
}

describe('invoices: create', () => {
  it('creates an unmatched invoice and answers 201 with Oracle-assigned fields', async () => {
    const response = await postInvoice({ InvoiceNumber: 'INV-CREATE-1' });
    expect(response.statusCode).toBe(201);
    const invoice = response.json<Row>();
    const { usSupplier, account, otherAccount } = masterData(oracle.scenario);
    expect(invoice).toMatchObject({
      InvoiceId: expect.any(Number),
      InvoiceNumber: 'INV-CREATE-1',
      InvoiceAmount: 150.25,
      InvoiceCurrency: 'USD',
      PaymentCurrency: 'USD',
      Supplier: usSupplier.name,
      SupplierNumber: usSupplier.supplierNumber,
      PaidStatus: 'Unpaid',
      AmountPaid: 0,
      ValidationStatus: 'Not Validated',
      ApprovalStatus: 'Required',
      CanceledFlag: false,
      Description: 'Office chairs [PRC-BILL-501]',
      CreationDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/),
      LastUpdateDate: expect.any(String),
    });
    const id = String(invoice.InvoiceId);
    const lines = await oracle.getJson<Collection>(`invoices/${id}/child/invoiceLines`);
    expect(lines.items.map((line) => [line.LineNumber, line.LineAmount])).toEqual([
      [1, 100.25],
      [2, 50],
    ]);
    const line2 = await oracle.getJson<Collection>(
      `invoices/${id}/child/invoiceLines/2/child/invoiceDistributions`,
    );
    expect(line2.items.map((d) => [d.DistributionAmount, d.DistributionCombination])).toEqual([
      [20, account],
      [30, otherAccount],
    ]);
    const line1 = await oracle.getJson<Collection>(
      `invoices/${id}/child/invoiceLines/1/child/invoiceDistributions`,
    );
    expect(line1.items.map((d) => [d.DistributionAmount, d.DistributionCombination])).toEqual([
      [100.25, account],
    ]);
    const installments = await oracle.getJson<Collection>(`invoices/${id}/child/invoiceInstallments`);
    expect(installments.items).toEqual([
      expect.objectContaining({ InstallmentNumber: 1, UnpaidAmount: 150.25, DueDate: '2026-12-18' }),
    ]);
    expect((await oracle.rest('GET', `invoices/${id}/child/invoiceLines/9`)).statusCode).toBe(404);
  });

  it('accepts numbers sent as strings, as in Oracle’s own examples', async () => {
    const { account } = masterData(oracle.scenario);
    const response = await postInvoice({
      InvoiceNumber: 'INV-STRINGS',
      InvoiceAmount: '30.55',
      invoiceLines: [{ LineNumber: '1', LineAmount: '30.55', DistributionCombination: account }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ InvoiceAmount: 30.55 });
  });

  it.each([
    ['BusinessUnit', { BusinessUnit: 'Atlantis BU' }, 'Atlantis BU'],
    ['Supplier', { Supplier: 'Nobody At All Inc.' }, 'Nobody At All Inc.'],
    ['SupplierNumber', { SupplierNumber: '999999' }, '999999'],
    ['SupplierSite', { SupplierSite: 'NO-SUCH-SITE' }, 'NO-SUCH-SITE'],
    ['InvoiceCurrency', { InvoiceCurrency: 'XYZ' }, 'XYZ'],
    ['InvoiceNumber', { InvoiceNumber: '' }, 'required'],
    ['InvoiceNumber', { InvoiceNumber: 'N'.repeat(51) }, 'maximum length of 50'],
  ])('answers 400 text/plain for a bad %s', async (attribute, overrides, value) => {
    const response = await postInvoice({ InvoiceNumber: 'INV-BAD', ...overrides });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain(attribute);
    expect(response.body).toContain(value);
  });

  it('rejects a supplier site that belongs to another business unit', async () => {
    const { caOnlySupplier, caSite } = masterData(oracle.scenario);
    const response = await postInvoice({
      InvoiceNumber: 'INV-BU',
      Supplier: caOnlySupplier.name,
      SupplierSite: caSite,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`The value '${caSite}' of the attribute SupplierSite is not valid.`);
  });

  it('rejects unknown and disabled distribution combinations, naming the value', async () => {
    const { disabledAccount } = masterData(oracle.scenario);
    for (const combination of ['999-999-9999-999', disabledAccount]) {
      const response = await postInvoice({
        InvoiceNumber: 'INV-ACCOUNT',
        InvoiceAmount: 10,
        invoiceLines: [{ LineNumber: 1, LineAmount: 10, DistributionCombination: combination }],
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(
        `The value '${combination}' of the attribute DistributionCombination is not valid.`,
      );
    }
  });

  it('rejects lines that do not add up to InvoiceAmount, and distributions that do not add up to the line', async () => {
    const header = await postInvoice({ InvoiceNumber: 'INV-SUM', InvoiceAmount: 151 });
    expect(header.statusCode).toBe(400);
    expect(header.body).toBe(
      'The sum of the invoice line amounts (150.25) does not equal the invoice amount (151.00).',
    );
    const { account } = masterData(oracle.scenario);
    const line = await postInvoice({
      InvoiceNumber: 'INV-SUM',
      InvoiceAmount: 50,
      invoiceLines: [
        {
          LineAmount: 50,
          invoiceDistributions: [{ DistributionAmount: 49, DistributionCombination: account }],
        },
      ],
    });
    expect(line.statusCode).toBe(400);
    expect(line.body).toContain('invoice line 1');
    expect((await oracle.getJson<Collection>(`invoices?${q("InvoiceNumber='INV-SUM'")}`)).count).toBe(0);
  });

  it('rejects a duplicate InvoiceNumber for the same supplier but not for another supplier', async () => {
    const { usSupplier, otherUsSupplier, otherUsSite } = masterData(oracle.scenario);
    expect((await postInvoice({ InvoiceNumber: 'INV-1' })).statusCode).toBe(201);
    const duplicate = await postInvoice({ InvoiceNumber: 'INV-1' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.headers['content-type']).toMatch(/^text\/plain/);
    expect(duplicate.body).toBe(
      `An invoice with number INV-1 already exists for supplier ${usSupplier.name}.`,
    );
    const other = await postInvoice({
      InvoiceNumber: 'INV-1',
      Supplier: otherUsSupplier.name,
      SupplierSite: otherUsSite,
    });
    expect(other.statusCode).toBe(201);
    const both = await oracle.getJson<Collection>(`invoices?${q("InvoiceNumber='INV-1'")}`);
    expect(sortedStrings(both.items.map((item) => item.Supplier))).toEqual(
      sortedStrings([usSupplier.name, otherUsSupplier.name]),
    );
  });

  it('matches lines to a purchase order schedule and takes freight lines uncoded', async () => {
    const draft = await oracle.rest('POST', 'draftPurchaseOrders', {
      body: draftPurchaseOrderBody(oracle.scenario),
    });
    const poHeaderId = String(draft.json<Row>().POHeaderId);
    await oracle.rest('POST', `draftPurchaseOrders/${poHeaderId}/action/submit`, { body: {} });
    const orderNumber = String((await oracle.getJson(`purchaseOrders/${poHeaderId}`)).OrderNumber);
    const matched = (overrides: Row = {}) =>
      postInvoice({
        InvoiceNumber: `INV-PO-${orderNumber}`,
        InvoiceAmount: 130.55,
        invoiceLines: [
          {
            LineNumber: '1',
            LineType: 'Item',
            Quantity: '8',
            UnitPrice: '12.5',
            LineAmount: '100',
            PurchaseOrderNumber: orderNumber,
            PurchaseOrderLineNumber: '1',
            PurchaseOrderScheduleLineNumber: '1',
            ...overrides,
          },
          { LineNumber: '2', LineType: 'Freight', LineAmount: '30.55' },
        ],
      });
    const badLine = await matched({ PurchaseOrderLineNumber: '7' });
    expect(badLine.statusCode).toBe(400);
    expect(badLine.body).toContain('PurchaseOrderLineNumber');
    const badSchedule = await matched({ PurchaseOrderScheduleLineNumber: '3' });
    expect(badSchedule.statusCode).toBe(400);
    expect(badSchedule.body).toContain('PurchaseOrderScheduleLineNumber');
    const badOrder = await matched({ PurchaseOrderNumber: '999999999' });
    expect(badOrder.statusCode).toBe(400);
    expect(badOrder.body).toContain('PurchaseOrderNumber');

    const response = await matched();
    expect(response.statusCode).toBe(201);
    const invoice = response.json<Row>();
    expect(invoice.PurchaseOrderNumber).toBe(orderNumber);
    const id = String(invoice.InvoiceId);
    const lines = await oracle.getJson<Collection>(
      `invoices/${id}/child/invoiceLines?expand=invoiceDistributions`,
    );
    const { account, otherAccount } = masterData(oracle.scenario);
    expect(lines.items[0]).toMatchObject({ PurchaseOrderNumber: orderNumber, PurchaseOrderLineNumber: 1 });
    // The PO distributions are 6 and 4 of 10: the matched amount splits the same way.
    expect(
      (lines.items[0]!.invoiceDistributions as Row[]).map((d) => [
        d.DistributionCombination,
        d.DistributionAmount,
      ]),
    ).toEqual([
      [account, 60],
      [otherAccount, 40],
    ]);
    expect(lines.items[1]).toMatchObject({
      LineType: 'Freight',
      LineAmount: 30.55,
      invoiceDistributions: [],
    });
  });

  it('rejects an item line without any accounting', async () => {
    const response = await postInvoice({
      InvoiceNumber: 'INV-UNCODED',
      InvoiceAmount: 5,
      invoiceLines: [{ LineNumber: 1, LineAmount: 5 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('DistributionCombination');
  });
});

describe('invoices: read', () => {
  it('expands children on the item and finds by supplier and number', async () => {
    const { usSupplier } = masterData(oracle.scenario);
    const created = (await postInvoice({ InvoiceNumber: 'INV-READ' })).json<Row>();
    const item = await oracle.getJson(
      `invoices/${String(created.InvoiceId)}?expand=invoiceLines.invoiceDistributions,invoiceInstallments&onlyData=true`,
    );
    expect(item).not.toHaveProperty('links');
    expect((item.invoiceLines as Row[]).map((line) => (line.invoiceDistributions as Row[]).length)).toEqual([
      1, 2,
    ]);
    expect(item.invoiceInstallments).toHaveLength(1);
    const found = await oracle.getJson<Collection>(
      `invoices?${q(`InvoiceNumber='INV-READ';Supplier='${usSupplier.name.replace(/'/g, "''")}'`)}&fields=InvoiceId,InvoiceNumber,Supplier,ValidationStatus,CanceledFlag`,
    );
    expect(found.items).toEqual([
      expect.objectContaining({
        InvoiceId: created.InvoiceId,
        ValidationStatus: 'Not Validated',
        CanceledFlag: false,
      }),
    ]);
    expect((await oracle.rest('GET', 'invoices/12345')).statusCode).toBe(404);
  });

  it('cancels and validates invoices through the control API', async () => {
    const created = (await postInvoice({ InvoiceNumber: 'INV-CANCEL' })).json<Row>();
    const id = String(created.InvoiceId);
    const validated = await oracle.control('POST', `/oracle/invoices/${id}/validate`);
    expect(validated.json()).toMatchObject({ ValidationStatus: 'Validated' });
    oracle.core.clock.advance(1000);
    const canceled = await oracle.control('POST', `/oracle/invoices/${id}/cancel`);
    expect(canceled.statusCode).toBe(200);
    const invoice = await oracle.getJson(`invoices/${id}?expand=invoiceInstallments`);
    expect(invoice).toMatchObject({
      CanceledFlag: true,
      ValidationStatus: 'Canceled',
      CanceledDate: expect.any(String),
    });
    expect((invoice.invoiceInstallments as Row[])[0]).toMatchObject({ UnpaidAmount: 0 });
    expect(Date.parse(String(invoice.LastUpdateDate))).toBeGreaterThan(
      Date.parse(String(created.LastUpdateDate)),
    );
    const canceledList = await oracle.getJson<Collection>(`invoices?${q('ValidationStatus=Canceled')}`);
    expect(canceledList.items.map((item) => item.InvoiceId)).toEqual([created.InvoiceId]);
    const again = await oracle.control('POST', `/oracle/invoices/${id}/cancel`);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: 'rejected' });
  });
});
