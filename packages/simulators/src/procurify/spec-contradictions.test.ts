import { describe, expect, it } from 'vitest';
import { specValidator, specViolations } from './test-support.ts';

/**
 * The simulator's tests tolerate three kinds of spec errors (see test-support.ts). These tests
 * show that each is a contradiction inside the official spec, not a simulator shortcut, and that
 * the tolerance is no wider than that.
 */

const pagination = { count: 1, next: null, previous: null, page_size: 10, num_pages: 1, current_page: 1 };
const payment = {
  id: 1,
  uuid: '5a1e0000-0000-4000-8000-000000000001',
  creator: { email: 'ap@example.com', first_name: 'A', last_name: 'P' },
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
  amount: '10.00',
  currency: { id: 1, name: 'USD' },
  direct_debit_bank_account_mask: null,
  posted_date: null,
};
const paymentsPath = '/api/public/v1/payments/';
const paymentErrors = (fields: Record<string, unknown>) =>
  specValidator.validateResponse({ method: 'GET', path: paymentsPath }, 200, {
    metadata: { pagination },
    data: [{ ...payment, ...fields }],
  }).errors;

const me = (fields: Record<string, unknown>) => ({
  metadata: {},
  data: { email: 'ap@example.com', user: 1, systemaccess_cache: {}, ...fields },
});

describe('contradictions in the official spec', () => {
  it('PaymentResponse.status and payment_source_type accept no value at all', () => {
    for (const field of ['status', 'payment_source_type']) {
      const value = field === 'status' ? 'paid' : 'external';
      expect(paymentErrors({ [field]: value })).toEqual([
        `/data/0/${field} must be object {"type":"object"}`,
      ]);
      expect(paymentErrors({ [field]: null }).join('\n')).toMatch(
        /must be equal to one of the allowed values/,
      );
      expect(paymentErrors({ [field]: {} }).join('\n')).toMatch(/must be string/);
    }
  });

  it('a field declared nullable through allOf rejects null', () => {
    const check = specValidator.validateResponse(
      { method: 'GET', path: '/api/v3/users/me/' },
      200,
      me({ approval_delegatee: null }),
    );
    expect(check.errors).toEqual(['/data/approval_delegatee must be object {"type":"object"}']);
  });

  it('locationTimezone is an integer whose choices are zone names', () => {
    const department = {
      name: 'Ops',
      branch: {
        name: 'HQ',
        currency: { name: 'USD', rate: '1.000000' },
        phoneOne: '1',
        primary_billing_address: {
          name: 'b',
          addressLineOne: 'x',
          city: 'c',
          postalCode: 'p',
          country: 'US',
        },
        primary_shipping_address: {
          name: 's',
          addressLineOne: 'x',
          city: 'c',
          postalCode: 'p',
          country: 'US',
        },
        locationTimezone: 'America/Vancouver',
      },
    };
    const check = specValidator.validateResponse(
      { method: 'GET', path: '/api/v3/users/me/' },
      200,
      me({ department }),
    );
    expect(check.errors).toEqual([
      '/data/department/branch/locationTimezone must be integer {"type":"integer"}',
    ]);
  });
});

describe('the tolerance', () => {
  it('accepts only the contradictions, with the values that trigger them', () => {
    const valid = {
      metadata: { pagination },
      data: [{ ...payment, status: 'paid', payment_source_type: 'external' }],
    };
    expect(specViolations('GET', paymentsPath, 200, valid)).toEqual([]);
    const wrongType = { ...valid, data: [{ ...payment, status: 5 }] };
    expect(specViolations('GET', paymentsPath, 200, wrongType)).not.toEqual([]);
    const invented = { ...valid, data: [{ ...payment, invented: true }] };
    expect(specViolations('GET', paymentsPath, 200, invented)).not.toEqual([]);
    // null is tolerated only where the spec declares nullable-through-allOf, not on any object.
    expect(specViolations('GET', '/api/v3/users/me/', 200, me({ department: null }))).not.toEqual([]);
  });
});
