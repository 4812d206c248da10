import { z } from 'zod';
import type { InvoicePaymentSnapshot, ProcurifyPaymentSnapshot } from '@mlc/mapping';

/**
 * The source snapshots of the two payment entities, as the poller stores them and the mapper
 * reads them back (zod at the boundary: a snapshot stored by an older version that no longer
 * parses fails the record with the parse problem instead of crashing the mapper).
 */

const text = z.string().nullable();

export const invoicePaymentSnapshotSchema: z.ZodType<InvoicePaymentSnapshot> = z.object({
  invoice: z.object({
    invoiceId: z.string(),
    invoiceNumber: z.string(),
    supplierNumber: text,
    amount: text,
    currency: text,
    paidStatus: text,
    amountPaid: text,
    canceled: z.boolean(),
    canceledDate: text,
  }),
  payments: z.array(
    z.object({
      checkId: z.string(),
      paymentNumber: text,
      paymentDate: text,
      amount: text,
      discount: text,
      paymentCurrency: text,
      status: text,
      voidDate: text,
    }),
  ),
  paymentsUnreadable: text,
  bill: z.object({
    id: z.number().int().nullable(),
    uuid: z.string(),
    ledgerId: z.string(),
    invoiceNumber: text,
  }),
});

export const procurifyPaymentSnapshotSchema: z.ZodType<ProcurifyPaymentSnapshot> = z.object({
  payment: z.object({
    id: z.number().int(),
    uuid: text,
    amount: z.string(),
    currency: text,
    status: text,
    processingDate: text,
    postedDate: text,
    sourceType: text,
    vendorName: text,
    billGroups: z.array(z.number().int()),
  }),
  bills: z.array(
    z.object({
      id: z.number().int(),
      uuid: z.string(),
      group: z.number().int().nullable(),
      invoiceNumber: text,
      total: text,
      currency: text,
    }),
  ),
});
