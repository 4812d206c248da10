import { PermanentError } from '@mlc/errors';
import type { LedgerRecord } from '@mlc/db';
import type { OracleClient, OracleInvoice, OraclePurchaseOrder } from '@mlc/oracle-client';
import { describe, expect, it } from 'vitest';
import type { WriterContext } from '../target-writer.ts';
import { invoiceWriter } from './invoice.writer.ts';
import { purchaseOrderWriter } from './purchase-order.writer.ts';

const payload = {
  InvoiceNumber: 'DUP-2026-002',
  SupplierNumber: '1001',
  Description: '[PRC-BILL-512] Office chairs',
};

const duplicate = new PermanentError(
  'oracle rejected POST invoices (400): An invoice with number DUP-2026-002 already exists for supplier Acme.',
  { code: 'UPSTREAM_REJECTED', system: 'oracle', httpStatus: 400 },
);

function invoice(description: string | null): OracleInvoice {
  return { InvoiceId: '300100', InvoiceNumber: 'DUP-2026-002', Description: description };
}

/** Just what the writers use of a writer context: a stubbed client and the record. */
function context(client: Partial<OracleClient>, record: Partial<LedgerRecord> = {}) {
  return {
    client: client as OracleClient,
    record: { id: 'l1', sourceId: '512', contentHash: 'h', mappedPayload: payload, ...record },
    settings: { options: { poReference: { field: 'description' } } },
    ledger: { transition: async () => undefined },
  } as unknown as WriterContext<OracleClient>;
}

describe('invoiceWriter and an invoice number already taken for the supplier', () => {
  it('adopts the invoice when it carries this bill’s reference (an earlier attempt wrote it)', async () => {
    const client = {
      createInvoice: async () => Promise.reject(duplicate),
      findInvoice: async () => invoice('[PRC-BILL-512] Office chairs'),
    };
    await expect(invoiceWriter.write(context(client))).resolves.toMatchObject({
      targetId: '300100',
      via: 'adopted',
    });
    await expect(invoiceWriter.lookUp(context(client))).resolves.toMatchObject({ via: 'adopted' });
  });

  it('adopts an invoice keyed in by hand (no reference), as before', async () => {
    const client = {
      createInvoice: async () => Promise.reject(duplicate),
      findInvoice: async () => invoice('Chairs, keyed in by AP'),
    };
    await expect(invoiceWriter.write(context(client))).resolves.toMatchObject({ via: 'adopted' });
  });

  it('fails, naming the other bill, when the invoice was written for another Procurify bill', async () => {
    const client = {
      createInvoice: async () => Promise.reject(duplicate),
      findInvoice: async () => invoice('[PRC-BILL-511] Desks'),
    };
    const failure = await invoiceWriter.write(context(client)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PermanentError);
    expect(failure).toMatchObject({ code: 'DUPLICATE_INVOICE_NUMBER', httpStatus: 400 });
    expect((failure as Error).message).toMatch(
      /^invoice number DUP-2026-002 is already taken for supplier 1001 by Oracle invoice 300100, created for Procurify bill 511\./,
    );
    // …and a retry's look-up does not adopt it either.
    await expect(invoiceWriter.lookUp(context(client))).resolves.toBeUndefined();
  });
});

describe('purchaseOrderWriter and the status Oracle reports after the submit', () => {
  const submitted = (Status: string | null): OraclePurchaseOrder => ({
    POHeaderId: '300200',
    OrderNumber: '100007',
    Status,
  });
  const client = (status: string | null): Partial<OracleClient> => ({
    createDraftPurchaseOrder: async () => ({ POHeaderId: '300200' }),
    submitDraftPurchaseOrder: async () => 'SUCCESS',
    getPurchaseOrder: async () => submitted(status),
  });

  it.each(['Open', 'Pending Approval', 'pending approval '])('says nothing more for %j', async (status) => {
    const target = await purchaseOrderWriter.write(context(client(status)));
    expect(target).toMatchObject({ targetNumber: '100007', details: { oracleStatus: status } });
    expect(target.reason).toBeUndefined();
  });

  it('syncs the PO but keeps a reason when the status is one nobody expects', async () => {
    const target = await purchaseOrderWriter.write(context(client('Bogus Status')));
    expect(target).toMatchObject({
      via: 'created',
      targetId: '300200',
      details: { oracleStatus: 'Bogus Status' },
    });
    expect(target.reason).toBe(
      'Oracle shows PO 100007 as "Bogus Status" after it was submitted (expected Open or Pending Approval): check it in Oracle',
    );
  });
});
