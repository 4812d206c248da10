import { createSpecValidator } from '@mlc/procurify-api/validator';
import {
  billDetailSchema,
  budgetAccountSchema,
  orderItemSchema,
  purchaseOrderDetailSchema,
  requisitionSchema,
  vendorSchema,
} from '@mlc/procurify-client';
import { describe, expect, it } from 'vitest';
import {
  billDetail,
  billMetadata,
  billUuid,
  cadBillDetail,
  cadBillUuid,
  poUuid,
  purchaseOrderDetail,
  purchaseOrderMetadata,
} from './fixtures/procurify.fixtures.ts';
import {
  requisitionAccounts,
  requisitionItems,
  requisitionOrder,
  requisitionVendors,
} from './fixtures/requisition.fixtures.ts';

// Closed objects: besides agreeing with the spec, the fixtures invent no field of their own.
const validator = await createSpecValidator({ closedObjects: true });

/**
 * The spec marks these fields required and `nullable: true` beside `allOf: [$ref]`; Ajv applies
 * the referenced object schema to null anyway, so null — what Procurify sends for "none" — can
 * never pass. Only that exact violation (the field is null, "must be object") is set aside; the
 * last test proves the validator really reports it, so the carve-out cannot hide anything else.
 */
const nullableAllOfFields = new Set([
  'catalog_item',
  'recurrence',
  'creditcard',
  'expense',
  'creditcard_item',
  'payment_term_ref',
]);

function valueAt(body: unknown, pointer: string): unknown {
  let value = body;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function violations(path: string, body: unknown): string[] {
  const check = validator.validateResponse({ method: 'GET', path }, 200, body);
  expect(check.operationId).toBeDefined();
  return check.errors.filter((error) => {
    const [pointer = '', ...message] = error.split(' ');
    const field = pointer.split('/').at(-1) ?? '';
    const isContradiction =
      nullableAllOfFields.has(field) &&
      valueAt(body, pointer) === null &&
      message.join(' ').startsWith('must be object');
    return !isContradiction;
  });
}

describe('fixtures agree with the official Procurify spec', () => {
  it.each([
    ['bill 624', billUuid, billDetail],
    ['CAD bill 625', cadBillUuid, cadBillDetail],
  ])('%s is a BillRead the client parses', (_name, uuid, fixture) => {
    expect(violations(`/api/v2/ap/bills/${uuid}/`, { metadata: billMetadata, data: fixture() })).toEqual([]);
    expect(billDetailSchema.safeParse(fixture()).success).toBe(true);
  });

  it('PO 1042 is a PurchaseOrderDetail the client parses', () => {
    expect(
      violations(`/api/v2/purchase_orders/${poUuid}/`, {
        metadata: purchaseOrderMetadata,
        data: purchaseOrderDetail(),
      }),
    ).toEqual([]);
    expect(purchaseOrderDetailSchema.safeParse(purchaseOrderDetail()).success).toBe(true);
  });

  it('requisition 7001, its items, their accounts and vendors are list rows the client parses', () => {
    const list = (data: unknown[]) => ({
      metadata: {
        pagination: {
          count: data.length,
          next: null,
          previous: null,
          page_size: 100,
          num_pages: 1,
          current_page: 1,
        },
      },
      data,
    });
    expect(violations('/api/v2/global/orders/', list([requisitionOrder()]))).toEqual([]);
    expect(violations('/api/v3/order-items/', list(requisitionItems()))).toEqual([]);
    expect(violations('/api/v3/accounts/', list(requisitionAccounts()))).toEqual([]);
    for (const vendor of requisitionVendors())
      expect(violations(`/api/v3/vendors/${vendor.id}/`, { metadata: {}, data: vendor })).toEqual([]);
    expect(requisitionSchema.safeParse(requisitionOrder()).success).toBe(true);
    expect(requisitionItems().every((item) => orderItemSchema.safeParse(item).success)).toBe(true);
    expect(requisitionAccounts().every((row) => budgetAccountSchema.safeParse(row).success)).toBe(true);
    expect(requisitionVendors().every((vendor) => vendorSchema.safeParse(vendor).success)).toBe(true);
  });

  it('reports a fixture that breaks the spec', () => {
    const broken: Record<string, unknown> = billDetail();
    delete broken['vendor'];
    broken['status'] = 42;
    const found = violations(`/api/v2/ap/bills/${billUuid}/`, { metadata: billMetadata, data: broken }).join(
      '\n',
    );
    expect(found).toMatch(/vendor/);
    expect(found).toMatch(/status/);
  });

  it('sets aside only the nullable-allOf contradiction, which the raw validator does report', () => {
    const raw = validator.validateResponse(
      { method: 'GET', path: `/api/v2/purchase_orders/${poUuid}/` },
      200,
      {
        metadata: purchaseOrderMetadata,
        data: purchaseOrderDetail(),
      },
    );
    expect(raw.errors).toContain('/data/creditcard must be object {"type":"object"}');
    const withString = { ...purchaseOrderDetail(), creditcard: 'not-a-card' };
    expect(
      violations(`/api/v2/purchase_orders/${poUuid}/`, {
        metadata: purchaseOrderMetadata,
        data: withString,
      }).join('\n'),
    ).toMatch(/creditcard/);
  });
});
