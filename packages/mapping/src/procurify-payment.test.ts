import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mapProcurifyPayment,
  paymentReference,
  type PaymentInvoiceTarget,
  type ProcurifyPaymentContext,
  type ProcurifyPaymentSnapshot,
  type UnsyncedBill,
} from './procurify-payment.ts';

/** Procurify payment 912 of bill group 311 (bill 624, INV-7781, 1,250.00 USD), paid through Procurify Pay. */
function snapshot(
  payment: Partial<ProcurifyPaymentSnapshot['payment']> = {},
  bills: ProcurifyPaymentSnapshot['bills'] = [
    {
      id: 624,
      uuid: '847aae0d-dda0-43e3-be0b-8a0203e4920b',
      group: 311,
      invoiceNumber: 'INV-7781',
      total: '1250.00',
      currency: 'USD',
    },
  ],
): ProcurifyPaymentSnapshot {
  return {
    payment: {
      id: 912,
      uuid: '5a1e0000-0000-4000-8000-000000000390',
      amount: '1250.00',
      currency: 'USD',
      status: 'paid',
      processingDate: '2026-11-20T15:00:00.000Z',
      postedDate: '2026-11-20',
      sourceType: 'financial_account',
      vendorName: 'Acme Supply',
      billGroups: [311],
      ...payment,
    },
    bills,
  };
}

const invoice7781: PaymentInvoiceTarget = {
  invoiceId: '300100208369303',
  invoiceNumber: 'INV-7781',
  amount: '1250',
  currency: 'USD',
  supplierNumber: '1253',
  supplierSite: '1253-US',
  businessUnit: 'US1 Business Unit',
};

function context(overrides: Partial<ProcurifyPaymentContext> = {}): ProcurifyPaymentContext {
  return {
    invoiceFor: (uuid) =>
      uuid === '847aae0d-dda0-43e3-be0b-8a0203e4920b' ? invoice7781 : { status: 'unknown', reason: null },
    payeeName: (number) => (number === '1253' ? 'Acme Supply Inc.' : undefined),
    options: { paymentMethodCode: 'CHECK' },
    recordedAs: null,
    ...overrides,
  };
}

describe('paymentReference', () => {
  it('is [PRC-PAY-{id}]', () => {
    expect(paymentReference(912)).toBe('[PRC-PAY-912]');
  });
});

describe('mapProcurifyPayment', () => {
  it('maps a paid payment to an Oracle payment of the invoice, carrying our reference', () => {
    expect(mapProcurifyPayment(snapshot(), context())).toEqual({
      kind: 'outcome',
      outcome: {
        kind: 'mapped',
        warnings: [],
        payload: {
          PaymentAmount: 1250,
          PaymentCurrency: 'USD',
          PaymentDate: '2026-11-20',
          BusinessUnit: 'US1 Business Unit',
          SupplierNumber: '1253',
          Payee: 'Acme Supply Inc.',
          PayeeSite: '1253-US',
          PaymentMethodCode: 'CHECK',
          PaymentDescription: '[PRC-PAY-912] Paid in Procurify: bill 624 INV-7781',
          relatedInvoices: [{ InvoiceNumber: 'INV-7781', AmountPaidPaymentCurrency: 1250 }],
        },
      },
      details: {
        paymentAmount: '1250.00',
        invoicesAmount: '1250.00',
        currency: 'USD',
        invoices: [{ invoiceNumber: 'INV-7781', amount: '1250' }],
      },
    });
  });

  it('adds the configured Payables fields only when set', () => {
    const result = mapProcurifyPayment(
      snapshot(),
      context({
        options: {
          paymentMethodCode: 'EFT',
          disbursementBankAccountName: 'BofA Operating Account',
          paymentDocument: 'EFT Payments',
          paymentProcessProfile: 'US EFT',
        },
      }),
    );
    expect(result).toMatchObject({
      outcome: {
        payload: {
          PaymentMethodCode: 'EFT',
          DisbursementBankAccountName: 'BofA Operating Account',
          PaymentDocument: 'EFT Payments',
          PaymentProcessProfile: 'US EFT',
        },
      },
    });
  });

  it('pays several bills of one supplier with one payment, each invoice for its amount', () => {
    const bills = [
      { id: 624, uuid: 'a', group: 311, invoiceNumber: 'INV-1', total: '100.10', currency: 'USD' },
      { id: 625, uuid: 'b', group: 312, invoiceNumber: 'INV-2', total: '200.20', currency: 'USD' },
    ];
    const targets: Record<string, PaymentInvoiceTarget> = {
      a: { ...invoice7781, invoiceId: '1', invoiceNumber: 'INV-1', amount: '100.1' },
      b: { ...invoice7781, invoiceId: '2', invoiceNumber: 'INV-2', amount: '200.2' },
    };
    const result = mapProcurifyPayment(
      snapshot({ amount: '300.30', billGroups: [311, 312] }, bills),
      context({ invoiceFor: (uuid) => targets[uuid] ?? { status: 'unknown', reason: null } }),
    );
    expect(result).toMatchObject({
      outcome: {
        kind: 'mapped',
        payload: {
          PaymentAmount: 300.3,
          relatedInvoices: [
            { InvoiceNumber: 'INV-1', AmountPaidPaymentCurrency: 100.1 },
            { InvoiceNumber: 'INV-2', AmountPaidPaymentCurrency: 200.2 },
          ],
        },
      },
    });
  });

  it('fails an amount mismatch with both figures, never forcing it', () => {
    const result = mapProcurifyPayment(snapshot({ amount: '1249.99' }), context());
    expect(result).toEqual({
      kind: 'outcome',
      outcome: {
        kind: 'failed',
        code: 'PAYMENT_AMOUNT_MISMATCH',
        reason:
          'Procurify payment 912 is 1,249.99 USD but the Oracle invoice(s) it pays (INV-7781) total 1,250.00 USD: not recorded in Oracle (amounts must agree; nothing is forced). Correct the payment or the bill, then replay.',
      },
      details: expect.objectContaining({ paymentAmount: '1249.99', invoicesAmount: '1250.00' }),
    });
  });

  it('fails a currency mismatch naming both currencies', () => {
    const result = mapProcurifyPayment(snapshot({ currency: 'CAD' }), context());
    expect(result).toMatchObject({
      outcome: {
        kind: 'failed',
        code: 'PAYMENT_CURRENCY_MISMATCH',
        reason: expect.stringContaining('is in CAD but Oracle invoice INV-7781 is in USD'),
      },
    });
  });

  it('waits (blocked on the bill) while a bill has not reached Oracle, saying why', () => {
    const waiting: UnsyncedBill = { status: 'blocked', reason: 'No Oracle supplier for Procurify vendor 57' };
    const result = mapProcurifyPayment(snapshot(), context({ invoiceFor: () => waiting }));
    expect(result).toEqual({
      kind: 'outcome',
      details: {},
      outcome: {
        kind: 'blocked',
        reason:
          'Procurify payment 912 waits for its bill(s) to reach Oracle as invoices: bill 624 is blocked (No Oracle supplier for Procurify vendor 57). It is recorded in Oracle as soon as they sync.',
        missing: [
          { kind: 'bill', key: '847aae0d-dda0-43e3-be0b-8a0203e4920b', label: 'bill 624 (INV-7781)' },
        ],
        suggestions: [],
      },
    });
  });

  it('never sends back external payments (what mark-as-paid creates)', () => {
    expect(mapProcurifyPayment(snapshot({ sourceType: 'external' }), context())).toMatchObject({
      outcome: { kind: 'skipped', reason: expect.stringMatching(/^Paid outside Procurify/) },
    });
  });

  it('skips payments that are not paid yet, and fails loudly when a recorded one is reversed', () => {
    expect(mapProcurifyPayment(snapshot({ status: 'processing' }), context())).toMatchObject({
      outcome: { kind: 'skipped' },
    });
    expect(
      mapProcurifyPayment(
        snapshot({ status: 'failed' }),
        context({ recordedAs: { targetId: '68536', targetNumber: '1005' } }),
      ),
    ).toMatchObject({
      outcome: {
        kind: 'failed',
        code: 'PAYMENT_REVERSED_IN_PROCURIFY',
        reason: expect.stringContaining('recorded in Oracle as payment 1005'),
      },
    });
  });

  it('says a payment already recorded in Oracle is in sync', () => {
    expect(
      mapProcurifyPayment(snapshot(), context({ recordedAs: { targetId: '68536', targetNumber: '1005' } })),
    ).toEqual({ kind: 'recorded', message: 'already recorded in Oracle as payment 1005' });
  });

  it('refuses invoices of different suppliers in one payment', () => {
    const bills = [
      { id: 624, uuid: 'a', group: 311, invoiceNumber: 'INV-1', total: '1', currency: 'USD' },
      { id: 625, uuid: 'b', group: 312, invoiceNumber: 'INV-2', total: '1', currency: 'USD' },
    ];
    const result = mapProcurifyPayment(
      snapshot({ amount: '2' }, bills),
      context({
        invoiceFor: (uuid) => ({
          ...invoice7781,
          invoiceNumber: uuid === 'a' ? 'INV-1' : 'INV-2',
          amount: '1',
          supplierNumber: uuid === 'a' ? '1253' : '1300',
        }),
      }),
    );
    expect(result).toMatchObject({ outcome: { kind: 'failed', code: 'PAYMENT_SPANS_SUPPLIERS' } });
  });

  it('fails a payment whose groups hold no bills', () => {
    expect(mapProcurifyPayment(snapshot({}, []), context())).toMatchObject({
      outcome: { kind: 'failed', code: 'PAYMENT_WITHOUT_BILLS' },
    });
  });

  it('maps only when the payment equals the invoices to the cent (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100_000_000 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -3, max: 3 }),
        (invoiceCents, deltaCents) => {
          const bills = invoiceCents.map((_, index) => ({
            id: 600 + index,
            uuid: `u${index}`,
            group: 300 + index,
            invoiceNumber: `INV-${index}`,
            total: null,
            currency: 'USD',
          }));
          const total = invoiceCents.reduce((sum, value) => sum + value, 0);
          const result = mapProcurifyPayment(
            snapshot({ amount: ((total + deltaCents) / 100).toFixed(2) }, bills),
            context({
              invoiceFor: (uuid) => ({
                ...invoice7781,
                invoiceNumber: `INV-${uuid.slice(1)}`,
                amount: ((invoiceCents[Number(uuid.slice(1))] ?? 0) / 100).toFixed(2),
              }),
            }),
          );
          const outcome = result.kind === 'outcome' ? result.outcome : undefined;
          // What the result says, checked in one comparison: mapped payloads must balance and
          // carry the reference; anything else is a mismatch.
          const actual =
            outcome?.kind === 'mapped'
              ? {
                  kind: 'mapped',
                  payment: Math.round(outcome.payload.PaymentAmount * 100),
                  related: outcome.payload.relatedInvoices.reduce(
                    (sum, invoice) => sum + Math.round(invoice.AmountPaidPaymentCurrency * 100),
                    0,
                  ),
                  referenced: outcome.payload.PaymentDescription.startsWith('[PRC-PAY-912]'),
                }
              : {
                  kind: outcome?.kind ?? result.kind,
                  code: outcome?.kind === 'failed' ? outcome.code : null,
                };
          expect(actual).toEqual(
            deltaCents === 0
              ? { kind: 'mapped', payment: total, related: total, referenced: true }
              : total + deltaCents <= 0
                ? // A payment of nothing (or less) is not a payment: refused before any comparison.
                  { kind: 'failed', code: 'PAYMENT_INVALID' }
                : { kind: 'failed', code: 'PAYMENT_AMOUNT_MISMATCH' },
          );
        },
      ),
    );
  });
});
