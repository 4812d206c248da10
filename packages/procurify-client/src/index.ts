export {
  createProcurifyClient,
  toDateFilter,
  toDateTimeFilter,
  type ProcurifyClient,
  type ProcurifyClientOptions,
} from './procurify-client.ts';
export {
  requestProcurifyToken,
  procurifyAudience,
  type IssuedToken,
  type ProcurifyTokenRequest,
} from './token.ts';
export type {
  ProcurifyAccountCode,
  ProcurifyBill,
  ProcurifyBillCost,
  ProcurifyBillItem,
  ProcurifyBillSummary,
  ProcurifyBudgetAccount,
  ProcurifyCostAllocation,
  ProcurifyCurrentUser,
  ProcurifyDepartment,
  ProcurifyLocation,
  ProcurifyOrderItem,
  ProcurifyPayment,
  ProcurifyPurchaseOrder,
  ProcurifyPurchaseOrderLine,
  ProcurifyPurchaseOrderSummary,
  ProcurifyRequisition,
  ProcurifyVendor,
} from './schemas.ts';
export {
  billDetailSchema,
  purchaseOrderDetailSchema,
  billSummarySchema,
  purchaseOrderSummarySchema,
  vendorSchema,
} from './schemas.ts';
