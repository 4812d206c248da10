import type { OracleClient } from '@mlc/oracle-client';
import type { TargetWriters } from '../target-writer.ts';
import { invoiceWriter } from './invoice.writer.ts';
import { paymentWriter } from './payment.writer.ts';
import { purchaseOrderWriter } from './purchase-order.writer.ts';
import { supplierWriter } from './supplier.writer.ts';
import { requisitionWriter } from './requisition.writer.ts';

/** What oracle-writer can write, by ledger entity. */
export const oracleWriters: TargetWriters<OracleClient> = {
  purchase_order: purchaseOrderWriter,
  requisition: requisitionWriter,
  bill: invoiceWriter,
  procurify_payment: paymentWriter,
  vendor: supplierWriter,
};
