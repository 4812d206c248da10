import type { PaymentResponse } from '@mlc/procurify-api';
import { currencyNamed } from './reference-data.ts';
import type { PaymentRecord } from './records.ts';
import { userOf, vendorOfKey } from './render-shared.ts';
import type { ProcurifyStore } from './store.ts';

const sourceNames: Record<PaymentRecord['sourceType'], string> = {
  direct_debit: 'Operating account (direct debit)',
  financial_account: 'Procurify Pay account',
  external: 'Paid outside Procurify',
};

/** A payment as `GET /api/public/v1/payments/` lists it. */
export function paymentResponse(store: ProcurifyStore, payment: PaymentRecord): PaymentResponse {
  const creator = userOf(store, payment.creatorId);
  const vendorId = store.vendorIdForKey(payment.vendorKey);
  const isPaid = payment.status === 'paid';
  return {
    id: payment.id,
    uuid: payment.uuid,
    payment_source_name: sourceNames[payment.sourceType],
    payment_source_type: payment.sourceType,
    external_payment_source_id: payment.sourceType === 'external' ? null : 4100 + payment.id,
    creator: { email: creator.email, first_name: creator.firstName, last_name: creator.lastName },
    created_at: payment.createdAt,
    updated_at: payment.updatedAt,
    amount: payment.amount,
    currency: { id: currencyNamed(payment.currency).id, name: payment.currency },
    status: payment.status as Exclude<PaymentResponse['status'], undefined>,
    processing_date: payment.processingDate,
    direct_debit_bank_account_mask: payment.sourceType === 'direct_debit' ? '6789' : null,
    vendor_name: vendorId === undefined ? null : vendorOfKey(store, payment.vendorKey).name,
    posted_date: isPaid ? payment.processingDate.slice(0, 10) : null,
    gl_code: payment.sourceType === 'external' ? null : '1010',
    vendor_payment_method_country_code: payment.sourceType === 'external' ? null : 'US',
    vendor_payment_method_rail: payment.sourceType === 'external' ? null : 'ACH',
    bill_groups: [...payment.billGroupIds],
  };
}
