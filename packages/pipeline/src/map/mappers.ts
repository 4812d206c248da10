import type { LedgerEntity } from '@mlc/db';
import { billMapper, purchaseOrderMapper } from './documents.mapper.ts';
import type { EntityMapper } from './entity-mapper.ts';
import { costCenterMapper, glAccountMapper } from './segment-values.mapper.ts';
import { supplierMapper, vendorMapper } from './supplier.mapper.ts';
import { invoicePaymentMapper, procurifyPaymentMapper } from './payments.mapper.ts';
import { requisitionMapper } from './requisition.mapper.ts';

/** What the mapper can map, by ledger entity. */
export const entityMappers: Partial<Record<LedgerEntity, EntityMapper>> = {
  purchase_order: purchaseOrderMapper,
  requisition: requisitionMapper,
  bill: billMapper,
  invoice_payment: invoicePaymentMapper,
  procurify_payment: procurifyPaymentMapper,
  supplier: supplierMapper,
  vendor: vendorMapper,
  gl_account: glAccountMapper,
  cost_center: costCenterMapper,
};
