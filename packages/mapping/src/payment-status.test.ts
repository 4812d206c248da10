import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money } from './money.ts';
import {
  displayAmount,
  evaluateInvoicePayment,
  type InvoicePaymentFact,
  type InvoicePaymentSnapshot,
} from './payment-status.ts';

/** Oracle invoice 300100208369303 (INV-7781, 1,000.00 USD) created from Procurify bill 624. */
function snapshot(
  overrides: Partial<InvoicePaymentSnapshot['invoice']> = {},
  payments: InvoicePaymentFact[] = [],
): InvoicePaymentSnapshot {
  return {
    invoice: {
      invoiceId: '300100208369303',
      invoiceNumber: 'INV-7781',
      supplierNumber: '1253',
      amount: '1000',
      currency: 'USD',
      paidStatus: 'Unpaid',
      amountPaid: '0',
      canceled: false,
      canceledDate: null,
      ...overrides,
    },
    payments,
    paymentsUnreadable: null,
    bill: {
      id: 624,
      uuid: '847aae0d-dda0-43e3-be0b-8a0203e4920b',
      ledgerId: '0b7f1c9e-1111-4a2b-9c3d-000000000624',
      invoiceNumber: 'INV-7781',
    },
  };
}

function payment(
  checkId: string,
  amount: string,
  date: string,
  overrides: Partial<InvoicePaymentFact> = {},
): InvoicePaymentFact {
  return {
    checkId,
    paymentNumber: String(1000 + Number(checkId.slice(-2))),
    paymentDate: date,
    amount,
    discount: '0',
    paymentCurrency: 'USD',
    status: 'Negotiable',
    voidDate: null,
    ...overrides,
  };
}

describe('evaluateInvoicePayment', () => {
  it('marks the bill paid on the latest payment date when non-void payments cover the invoice and Oracle says Paid', () => {
    const result = evaluateInvoicePayment(
      snapshot({ paidStatus: 'Paid', amountPaid: '1000' }, [
        payment('68501', '600.00', '2026-11-20'),
        payment('68502', '400.00', '2026-11-24'),
      ]),
      { markedPaid: false },
    );
    expect(result.state).toBe('paid');
    expect(result.outcome).toEqual({
      kind: 'mapped',
      payload: { bill_uuids: ['847aae0d-dda0-43e3-be0b-8a0203e4920b'], payment_date: '2026-11-24' },
      warnings: [],
    });
    expect(result.details).toMatchObject({
      paidAmount: '1000.00',
      invoiceAmount: '1000.00',
      currency: 'USD',
    });
  });

  it('counts discounts taken towards paying the invoice off', () => {
    const result = evaluateInvoicePayment(
      snapshot({ paidStatus: 'Paid' }, [payment('68501', '980.00', '2026-11-20', { discount: '20.00' })]),
      { markedPaid: false },
    );
    expect(result.state).toBe('paid');
  });

  it('records a partial payment with both amounts and the payment, and never marks the bill paid early', () => {
    const result = evaluateInvoicePayment(
      snapshot({ paidStatus: 'Partially paid', amountPaid: '400' }, [payment('68505', '400', '2026-11-20')]),
      { markedPaid: false },
    );
    expect(result.state).toBe('partially_paid');
    expect(result.outcome).toEqual({
      kind: 'skipped',
      reason:
        'Partially paid in Oracle: 400.00 of 1,000.00 USD (payment 1005 on 2026-11-20). Procurify cannot record partial payments; the bill will be marked paid when Oracle shows it fully paid.',
    });
  });

  it('explains a voided payment: the invoice is unpaid again and the bill stays unpaid', () => {
    const result = evaluateInvoicePayment(
      snapshot({ paidStatus: 'Unpaid', amountPaid: '0' }, [
        payment('68505', '1000', '2026-11-20', { status: 'Voided', voidDate: '2026-11-22' }),
      ]),
      { markedPaid: false },
    );
    expect(result.state).toBe('voided');
    expect(result.outcome).toEqual({
      kind: 'skipped',
      reason:
        'Unpaid in Oracle again: Payment 1005 (1,000.00 USD on 2026-11-20) was voided on 2026-11-22. The Procurify bill stays unpaid; it will be marked paid when Oracle pays the invoice.',
    });
  });

  it('a void that leaves a partial payment says both', () => {
    const result = evaluateInvoicePayment(
      snapshot({ paidStatus: 'Partially paid' }, [
        payment('68505', '600', '2026-11-20', { status: 'Voided', voidDate: '2026-11-21' }),
        payment('68506', '400', '2026-11-21'),
      ]),
      { markedPaid: false },
    );
    expect(result.state).toBe('partially_paid');
    expect(result.outcome.kind === 'skipped' && result.outcome.reason).toMatch(
      /400\.00 of 1,000\.00 USD \(payment 1006 on 2026-11-21\).* Payment 1005 \(600\.00 USD on 2026-11-20\) was voided on 2026-11-21\./,
    );
  });

  it('does not mark a cancelled invoice paid', () => {
    const result = evaluateInvoicePayment(
      snapshot({ canceled: true, canceledDate: '2026-11-23T10:00:00.000+00:00' }),
      { markedPaid: false },
    );
    expect(result.state).toBe('canceled');
    expect(result.outcome).toMatchObject({
      kind: 'skipped',
      reason: expect.stringMatching(/^Cancelled in Oracle on 2026-11-23 \(invoice INV-7781, 1,000\.00 USD\)/),
    });
  });

  it('fails loudly when a bill marked paid earlier is no longer paid in Oracle (Procurify cannot un-pay)', () => {
    const result = evaluateInvoicePayment(
      snapshot({ paidStatus: 'Unpaid' }, [
        payment('68505', '1000', '2026-11-20', { status: 'Voided', voidDate: '2026-11-22' }),
      ]),
      { markedPaid: true },
    );
    expect(result.outcome).toMatchObject({
      kind: 'failed',
      code: 'PAID_IN_PROCURIFY_NOT_IN_ORACLE',
      reason: expect.stringMatching(
        /^Procurify bill 624 is marked paid, but Oracle no longer shows invoice INV-7781 as paid\. .*voided on 2026-11-22.*cannot un-pay a bill/,
      ),
    });
  });

  it('a paid invoice stays mapped even when the bill was marked paid before (the writer adopts it)', () => {
    const result = evaluateInvoicePayment(
      snapshot({ paidStatus: 'Paid' }, [payment('68507', '1000', '2026-12-01')]),
      { markedPaid: true },
    );
    expect(result.outcome.kind).toBe('mapped');
  });

  it.each([
    ['Oracle says Paid but the payments fall short', 'Paid', [payment('68501', '999.98', '2026-11-20')]],
    [
      'the payments cover it but Oracle does not say Paid',
      'Partially paid',
      [payment('68501', '1000', '2026-11-20')],
    ],
    ['a payment has no readable amount', 'Paid', [payment('68501', 'n/a', '2026-11-20')]],
  ])('fails as inconsistent when %s', (_case, paidStatus, payments) => {
    const result = evaluateInvoicePayment(snapshot({ paidStatus }, payments), { markedPaid: false });
    expect(result.state).toBe('inconsistent');
    expect(result.outcome).toMatchObject({ kind: 'failed', code: 'PAYMENT_STATUS_INCONSISTENT' });
  });

  it('fails, naming why, when Oracle would not list the invoice’s payments', () => {
    const result = evaluateInvoicePayment(
      {
        ...snapshot({ paidStatus: 'Paid' }),
        paymentsUnreadable: 'oracle rejected GET payablesPayments (400)',
      },
      { markedPaid: false },
    );
    expect(result.outcome).toEqual({
      kind: 'failed',
      code: 'PAYMENTS_UNREADABLE',
      reason:
        'Oracle shows invoice INV-7781 as "Paid" but its payments could not be read (oracle rejected GET payablesPayments (400)): not marked paid without the payment date. Check the invoice in Oracle.',
    });
  });

  it('says an unpaid invoice is not paid yet', () => {
    expect(evaluateInvoicePayment(snapshot(), { markedPaid: false }).outcome).toEqual({
      kind: 'skipped',
      reason: 'Not paid in Oracle yet (0.00 of 1,000.00 USD).',
    });
  });

  it('quotes an unpaid invoice’s paid status when it is not one it knows', () => {
    const odd = snapshot();
    odd.invoice.paidStatus = 'Hold';
    expect(evaluateInvoicePayment(odd, { markedPaid: false }).outcome).toMatchObject({
      kind: 'skipped',
      reason: expect.stringContaining('paid status is "Hold", which this connector does not recognise'),
    });
  });

  it('compares decimals, not floats (0.1 + 0.2 covers 0.30)', () => {
    const result = evaluateInvoicePayment(
      snapshot({ amount: '0.3', paidStatus: 'Paid' }, [
        payment('68501', '0.1', '2026-11-20'),
        payment('68502', '0.2', '2026-11-21'),
      ]),
      { markedPaid: false },
    );
    expect(result.state).toBe('paid');
  });

  it('uses the currency’s minor units (JPY has none)', () => {
    const result = evaluateInvoicePayment(
      snapshot({ amount: '150000', currency: 'JPY' }, [payment('68501', '50000', '2026-11-20')]),
      { markedPaid: false },
    );
    expect(result.outcome).toMatchObject({ reason: expect.stringContaining('50,000 of 150,000 JPY') });
  });
});

describe('displayAmount', () => {
  it.each([
    ['1234567.5', 'USD', '1,234,567.50'],
    ['0', 'USD', '0.00'],
    ['-1000', 'USD', '-1,000.00'],
    ['999', 'JPY', '999'],
    ['1234.5', 'KWD', '1,234.500'],
  ])('%s %s → %s', (amount, currency, expected) => {
    expect(displayAmount(new Money(amount), currency)).toBe(expected);
  });
});

describe('evaluateInvoicePayment properties', () => {
  const cents = fc.integer({ min: 1, max: 10_000_000 });
  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`);
  const paymentArb = fc.record({
    cents,
    date: day,
    voided: fc.boolean(),
  });
  const toFacts = (payments: { cents: number; date: string; voided: boolean }[]) =>
    payments.map((p, index) =>
      payment(
        `685${String(index).padStart(2, '0')}`,
        (p.cents / 100).toFixed(2),
        p.date,
        p.voided ? { status: 'Voided', voidDate: '2026-12-01' } : {},
      ),
    );

  it('marks a bill paid only when non-void payments cover the invoice, Oracle says Paid and it is not cancelled; the date is the latest live payment', () => {
    fc.assert(
      fc.property(
        cents,
        fc.array(paymentArb, { maxLength: 5 }),
        fc.constantFrom('Paid', 'Partially paid', 'Unpaid'),
        fc.boolean(),
        fc.boolean(),
        (amountCents, payments, paidStatus, canceled, markedPaid) => {
          const facts = toFacts(payments);
          const result = evaluateInvoicePayment(
            snapshot({ amount: (amountCents / 100).toFixed(2), paidStatus, canceled }, facts),
            { markedPaid },
          );
          const live = payments.filter((p) => !p.voided);
          const liveCents = live.reduce((sum, p) => sum + p.cents, 0);
          const shouldPay = !canceled && paidStatus === 'Paid' && live.length > 0 && liveCents >= amountCents;
          const { outcome } = result;
          const actual =
            outcome.kind === 'mapped'
              ? `mapped on ${outcome.payload.payment_date}`
              : outcome.kind === 'failed'
                ? `failed ${outcome.code}`
                : outcome.kind;
          const latest = live
            .map((p) => p.date)
            .sort()
            .at(-1);
          expect(actual).toMatch(
            shouldPay
              ? new RegExp(`^mapped on ${latest}$`)
              : markedPaid
                ? /^failed PAID_IN_PROCURIFY_NOT_IN_ORACLE$/
                : /^(skipped|failed PAYMENT_STATUS_INCONSISTENT)$/,
          );
        },
      ),
    );
  });

  it('does not depend on the order Oracle lists the payments in', () => {
    fc.assert(
      fc.property(cents, fc.array(paymentArb, { maxLength: 5 }), (amountCents, payments) => {
        const facts = toFacts(payments);
        const invoice = { amount: (amountCents / 100).toFixed(2), paidStatus: 'Paid' };
        const forward = evaluateInvoicePayment(snapshot(invoice, facts), { markedPaid: false });
        const backward = evaluateInvoicePayment(snapshot(invoice, facts.toReversed()), { markedPaid: false });
        expect(backward).toEqual(forward);
      }),
    );
  });
});
