import { describe, expect, it } from 'vitest';
import { createSpecValidator } from './validator.ts';

const validator = await createSpecValidator({ closedObjects: true });

describe('spec validator', () => {
  it('accepts a request the spec describes and names its operation', () => {
    expect(
      validator.validateRequest({
        method: 'POST',
        path: '/api/v3/ap/bills/mark-as-paid/',
        headers: { 'content-type': 'application/json' },
        body: { bill_uuids: ['3cda5ef4ac1a401bb6619e4a5d87c10d'], payment_date: '2025-01-21' },
      }),
    ).toEqual({ operationId: 'ap_bills_mark_as_paid_create', errors: [] });
  });

  it('rejects a request body that breaks the spec', () => {
    const check = validator.validateRequest({
      method: 'POST',
      path: '/api/v3/ap/bills/mark-as-paid/',
      headers: { 'content-type': 'application/json' },
      body: { payment_date: '2025-01-21' },
    });
    expect(check.errors.join('\n')).toMatch(/bill_uuids/);
  });

  it('reports an operation the spec does not have', () => {
    expect(
      validator.validateRequest({ method: 'POST', path: '/api/v3/ap/bills/' }).operationId,
    ).toBeUndefined();
  });

  it('rejects an invented response field when objects are closed', () => {
    const body = {
      metadata: {},
      data: { id: 1, email: 'ap@acme.example', invented_field: true },
    };
    const check = validator.validateResponse({ method: 'GET', path: '/api/v3/users/me/' }, 200, body);
    expect(check.operationId).toBe('users_me_list');
    expect(check.errors.join('\n')).toMatch(/additional/);
  });
});
