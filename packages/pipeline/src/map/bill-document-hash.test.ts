import { describe, expect, it } from 'vitest';
import { billDocumentHash } from './documents.mapper.ts';

const vendor = {
  id: 220,
  name: 'Ironclad Bearings Inc.',
  external_id: null,
  dateModified: '2026-02-25T00:10:40Z',
};
const bill = {
  id: 517,
  status: 2,
  bill_payment: null,
  vendor,
  items: [{ id: 40050, total_cost: '120.00', vendor, orderitem: { id: 10926, pref_vendor: vendor } }],
};

describe('billDocumentHash', () => {
  it('ignores the payment state and the master data of the embedded vendor copies', () => {
    const vendorSynced = {
      ...vendor,
      external_id: '5020',
      name: 'IRONCLAD BEARINGS INC',
      dateModified: '2026-12-02T00:10:40Z',
    };
    const paidLater = {
      ...bill,
      status: 4,
      bill_payment: { id: 9, amount: '120.00' },
      vendor: vendorSynced,
      items: [
        { ...bill.items[0], vendor: vendorSynced, orderitem: { id: 10926, pref_vendor: vendorSynced } },
      ],
    };
    expect(billDocumentHash(paidLater)).toBe(billDocumentHash(bill));
  });

  it('changes when the bill changes: its amounts, or another vendor', () => {
    expect(billDocumentHash({ ...bill, items: [{ ...bill.items[0], total_cost: '130.00' }] })).not.toBe(
      billDocumentHash(bill),
    );
    expect(billDocumentHash({ ...bill, vendor: { ...vendor, id: 221 } })).not.toBe(billDocumentHash(bill));
    expect(
      billDocumentHash({
        ...bill,
        items: [{ ...bill.items[0], orderitem: { id: 10926, pref_vendor: { ...vendor, id: 221 } } }],
      }),
    ).not.toBe(billDocumentHash(bill));
  });
});
