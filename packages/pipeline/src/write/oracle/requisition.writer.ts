import { requisitionReferenceOf } from '@mlc/mapping';
import type { OracleClient } from '@mlc/oracle-client';
import type { TargetWriter } from '../target-writer.ts';
import { draftPurchaseOrderWriter } from './purchase-order.writer.ts';

/**
 * Approved requisition × vendor → Oracle draft PO, then submit, exactly like a purchased PO;
 * natural key `[PRC-REQ-{num}-{vendorId}]` (from the source id `{num}-v{vendorId}`).
 */
export const requisitionWriter: TargetWriter<OracleClient> = draftPurchaseOrderWriter(requisitionReferenceOf);
