import type { ProcurifyClient } from '@mlc/procurify-client';
import type { TargetWriters } from '../target-writer.ts';
import { accountCodeWriter } from './account-code.writer.ts';
import { departmentWriter } from './department.writer.ts';
import { invoicePaymentWriter } from './invoice-payment.writer.ts';
import { vendorWriter } from './vendor.writer.ts';

/** What procurify-writer can write, by ledger entity. */
export const procurifyWriters: TargetWriters<ProcurifyClient> = {
  // procurify-writer replaces it with one whose batching its environment configures.
  invoice_payment: invoicePaymentWriter,
  // Master data from Oracle (suppliers, natural accounts, cost centers).
  supplier: vendorWriter,
  gl_account: accountCodeWriter,
  cost_center: departmentWriter,
};
