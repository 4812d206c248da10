import { describe, expect, it } from 'vitest';
import { expectedPayment, planPayment } from './payments.ts';

describe('planPayment', () => {
  it('pays one approved bill in twenty partially and leaves one unpaid, the rest in full', () => {
    const approved = Array.from({ length: 200 }, (_, index) => planPayment({ id: 1000 + index, status: 2 }));
    expect(approved.filter((plan) => plan === 'partial')).toHaveLength(10);
    expect(approved.filter((plan) => plan === 'none')).toHaveLength(10);
    expect(approved.filter((plan) => plan === 'full')).toHaveLength(180);
  });

  it('pays the invoices of bills paid or in a payment in Procurify in full', () => {
    for (const status of [4, 6, 7, 8]) {
      expect(planPayment({ id: 1020, status })).toBe('full');
      expect(planPayment({ id: 1021, status })).toBe('full');
    }
  });
});

describe('expectedPayment', () => {
  it.each([
    [2, false, 'full', { status: 'synced', billStatus: 4, newPayments: 1 }],
    [2, true, 'full', { status: 'failed', errorCode: 'BILL_HAS_PAYMENT', billStatus: 2, newPayments: 0 }],
    [2, false, 'partial', { status: 'skipped', billStatus: 2, newPayments: 0 }],
    [2, false, 'none', { status: undefined, billStatus: 2, newPayments: 0 }],
    [4, true, 'full', { status: 'synced', billStatus: 4, newPayments: 0 }],
    [6, true, 'full', { status: 'failed', errorCode: 'BILL_NOT_PAYABLE', billStatus: 6, newPayments: 0 }],
    [8, false, 'full', { status: 'failed', errorCode: 'BILL_NOT_PAYABLE', billStatus: 8, newPayments: 0 }],
  ] as const)('bill status %i (payment before: %s), paid %s', (status, hasPayment, plan, want) => {
    expect(expectedPayment({ status, hasPayment }, plan)).toMatchObject(want);
  });

  it('asks no reason of a bill paid in Procurify on the date Oracle paid it (it reads as our own mark)', () => {
    const sameDay = { status: 4, hasPayment: true, paidOn: '2026-12-02', oraclePaidOn: '2026-12-02' };
    expect(expectedPayment(sameDay, 'full')).toEqual({ status: 'synced', billStatus: 4, newPayments: 0 });
    expect(expectedPayment({ ...sameDay, paidOn: '2026-11-02' }, 'full').reason).toBeDefined();
  });

  it('names the reason an operator sees for the bills it does not mark', () => {
    expect(
      expectedPayment({ status: 2, hasPayment: false }, 'partial').reason?.test(
        'Partially paid in Oracle: 40.00 of 100.00 USD',
      ),
    ).toBe(true);
    expect(
      expectedPayment({ status: 4, hasPayment: true }, 'full').reason?.test(
        'Already paid in Procurify (payment date 2026-11-02)',
      ),
    ).toBe(true);
  });
});
