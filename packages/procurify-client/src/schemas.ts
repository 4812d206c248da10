import { z } from 'zod';
import {
  zAccountCodeRead,
  zBillCostRead,
  zBillRead,
  zCostAllocationRead,
  zDepartmentRead,
  zLocationView,
  zOptimizedVendor,
  zOrderItem,
  zOrderRead,
  zPaymentResponse,
  zPurchaseOrderDetail,
  zPurchaseOrderDocs,
  zPurchaseOrderLineItemRead,
  zSimpleBill,
  zUnoptimizedDepartmentRead,
  zUserProfileMe,
} from '@mlc/procurify-api';

/**
 * The Procurify fields the connector relies on, picked from the schemas generated from the
 * official OpenAPI file (field types and limits come from there). Objects are loose: fields we do
 * not read are neither required nor stripped, so a tenant adding or omitting them breaks nothing.
 * Identifiers are required; most other fields are optional and the mapper decides what it needs.
 */

const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

/**
 * Free text the connector cleans and cuts to Oracle's lengths anyway (names, descriptions): the
 * spec's maxLength is not enforced, so a record with a longer text than documented still syncs.
 */
const freeText = z.string();

/** A decimal that Procurify sends as a string on some resources and as a number on others. */
const decimal = z.union([z.string(), z.number()]).transform((value) => String(value));

export const accountCodeSchema = loose({
  id: z.number().int(),
  code: zAccountCodeRead.shape.code,
  description: zAccountCodeRead.shape.description.optional(),
  account_type: zAccountCodeRead.shape.account_type,
  active: zAccountCodeRead.shape.active,
  parent: zAccountCodeRead.shape.parent,
});
export type ProcurifyAccountCode = z.infer<typeof accountCodeSchema>;

const departmentSummarySchema = loose({
  id: z.number().int(),
  name: z.string().optional(),
  external_id: zUnoptimizedDepartmentRead.shape.external_id,
  branch: loose({ id: z.number().int(), name: z.string().optional() }).nullish(),
});

/** An account (account code × department budget line): where a PO line or allocation is charged. */
export const budgetAccountSchema = loose({
  id: z.number().int().optional(),
  account_code: accountCodeSchema.partial({ id: true }),
  department: departmentSummarySchema,
});
export type ProcurifyBudgetAccount = z.infer<typeof budgetAccountSchema>;

export const vendorSchema = loose({
  id: z.number().int(),
  name: zOptimizedVendor.shape.name,
  active: zOptimizedVendor.shape.active,
  external_id: zOptimizedVendor.shape.external_id,
  addressLineOne: zOptimizedVendor.shape.addressLineOne,
  addressLineTwo: zOptimizedVendor.shape.addressLineTwo,
  postalCode: zOptimizedVendor.shape.postalCode,
  city: zOptimizedVendor.shape.city,
  state_province: zOptimizedVendor.shape.state_province,
  country: zOptimizedVendor.shape.country,
  phoneOne: zOptimizedVendor.shape.phoneOne,
  email: z.array(z.string()).optional(),
  dateModified: zOptimizedVendor.shape.dateModified,
  type: z.number().int().optional(),
  payment_term_ref: loose({ name: z.string().nullish() }).nullish(),
});
export type ProcurifyVendor = z.infer<typeof vendorSchema>;

const vendorRefSchema = loose({
  id: z.number().int(),
  name: z.string().optional(),
  external_id: z.string().nullish(),
});

const currencySchema = loose({ id: z.number().int().optional(), name: z.string(), rate: decimal.optional() });

export const purchaseOrderSummarySchema = loose({
  procurify_PO: z.number().int(),
  uuid: zPurchaseOrderDocs.shape.uuid,
  number: z.string().optional(),
  date: z.string().optional(),
  last_modified: z.string().optional(),
  version: z.number().int().optional(),
  state: zPurchaseOrderDocs.shape.state,
  pref_vendor: vendorRefSchema.nullish(),
});
export type ProcurifyPurchaseOrderSummary = z.infer<typeof purchaseOrderSummarySchema>;

export const purchaseOrderLineSchema = loose({
  id: z.number().int(),
  PO_line_num: zPurchaseOrderLineItemRead.shape.PO_line_num,
  name: freeText,
  sku: freeText.optional(),
  unit: freeText,
  quantity: decimal,
  price: decimal,
  total_cost: decimal.optional(),
  tax_amount: decimal.nullish(),
  account: budgetAccountSchema.nullish(),
  lineComment: zPurchaseOrderLineItemRead.shape.lineComment,
  line_comment: z.string().nullish(),
  po_note: z.string().nullish(),
  orderNum: zPurchaseOrderLineItemRead.shape.orderNum,
  order_description: z.string().nullish(),
  date_required: z.string().nullish(),
  status: z.number().int().nullish(),
});
export type ProcurifyPurchaseOrderLine = z.infer<typeof purchaseOrderLineSchema>;

export const purchaseOrderDetailSchema = loose({
  procurify_PO: z.number().int(),
  uuid: zPurchaseOrderDetail.shape.uuid,
  number: z.string().optional(),
  PO_Num: freeText.nullish(),
  date: z.string().optional(),
  last_modified: z.string().optional(),
  version: z.number().int().optional(),
  state: zPurchaseOrderDetail.shape.state,
  pref_vendor: vendorRefSchema.nullish(),
  vendor_name: z.string().nullish(),
  purchased_currency: currencySchema.nullish(),
  payment_terms: z.string().nullish(),
  shipping_terms: z.string().nullish(),
  promise_date: z.string().nullish(),
  subtotal: decimal.optional(),
  freight: decimal.nullish(),
  other: decimal.nullish(),
  total: decimal.optional(),
  tax: loose({ value: z.number().nullish(), type: z.string().nullish() }).nullish(),
  comment: z.string().nullish(),
  receiver_name: z.string().nullish(),
  purchaser: loose({ id: z.number().int().optional(), email: z.string().nullish() }).nullish(),
  order_items: z.array(purchaseOrderLineSchema),
});
export type ProcurifyPurchaseOrder = z.infer<typeof purchaseOrderDetailSchema>;

export const billSummarySchema = loose({
  id: z.number().int(),
  uuid: z.string(),
  status: zSimpleBill.shape.status,
  version: z.union([z.number(), z.string()]).optional(),
  invoice_number: z.string().nullish(),
  invoice_date: z.string().nullish(),
  last_modified_datetime: z.string().optional(),
  vendor: loose({ id: z.number().int(), name: z.string().optional() }).nullish(),
  currency: currencySchema.nullish(),
  group: z.number().int().nullish(),
  total_cost_with_tax: z.number().optional(),
});
export type ProcurifyBillSummary = z.infer<typeof billSummarySchema>;

export const costAllocationSchema = loose({
  id: z.number().int().optional(),
  amount: zCostAllocationRead.shape.amount,
  budget: budgetAccountSchema.nullish(),
});
export type ProcurifyCostAllocation = z.infer<typeof costAllocationSchema>;

export const billItemSchema = loose({
  id: z.number().int(),
  description: freeText,
  sku: z.string().nullish(),
  unit: z.string().nullish(),
  quantity: decimal.optional(),
  unit_cost: decimal.optional(),
  total_cost: decimal.optional(),
  tax_amount: decimal.nullish(),
  tax_percentage: decimal.nullish(),
  shipping_amount: decimal.nullish(),
  po: loose({ id: z.number().int(), number: z.string().nullish(), uuid: z.string().nullish() }).nullish(),
  orderitem: loose({
    id: z.number().int().optional(),
    PO_line_num: z.number().int().nullish(),
    lineComment: z.string().nullish(),
    line_comment: z.string().nullish(),
    orderNum: z.number().int().nullish(),
    order_description: z.string().nullish(),
    purchase_order: z.number().int().nullish(),
  }).nullish(),
  cost_allocations: z.array(costAllocationSchema),
});
export type ProcurifyBillItem = z.infer<typeof billItemSchema>;

export const billCostSchema = loose({
  id: z.number().int().optional(),
  name: zBillCostRead.shape.name,
  amount: zBillCostRead.shape.amount,
  cost_allocation: costAllocationSchema.nullish(),
});
export type ProcurifyBillCost = z.infer<typeof billCostSchema>;

export const billDetailSchema = loose({
  id: z.number().int(),
  uuid: z.string(),
  status: zBillRead.shape.status,
  invoice_number: z.string().nullish(),
  invoice_date: z.string().nullish(),
  due_date: z.string().nullish(),
  gl_post_date: z.string().nullish(),
  last_modified_datetime: z.string().optional(),
  payment_terms: z.string().nullish(),
  note: z.string().nullish(),
  group: z.number().int().nullish(),
  vendor: vendorRefSchema.nullish(),
  vendor_name: z.string().nullish(),
  currency: currencySchema,
  subtotal_cost: decimal.optional(),
  total_cost: decimal.optional(),
  tax_amount: decimal.nullish(),
  total_cost_with_tax: decimal.optional(),
  invoice_total: decimal.nullish(),
  shipping_amount: decimal.nullish(),
  items: z.array(billItemSchema),
  costs: z.array(billCostSchema),
  added_purchase_orders: z.array(loose({ id: z.number().int(), number: z.string().nullish() })).nullish(),
  bill_payment: loose({
    id: z.number().int().optional(),
    amount: decimal.nullish(),
    payment: loose({ status: z.number().int().nullish(), payment_date: z.string().nullish() }).nullish(),
  }).nullish(),
});
export type ProcurifyBill = z.infer<typeof billDetailSchema>;

export const paymentSchema = loose({
  id: zPaymentResponse.shape.id,
  uuid: zPaymentResponse.shape.uuid,
  amount: zPaymentResponse.shape.amount,
  currency: loose({ id: z.number().int().optional(), name: z.string() }),
  status: z.string().nullish(),
  processing_date: z.string().nullish(),
  posted_date: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  payment_source_type: z.string().nullish(),
  vendor_name: z.string().nullish(),
  bill_groups: z.array(z.number().int()).optional(),
});
export type ProcurifyPayment = z.infer<typeof paymentSchema>;

export const departmentSchema = loose({
  id: z.number().int(),
  name: zDepartmentRead.shape.name,
  external_id: zDepartmentRead.shape.external_id,
  active: zDepartmentRead.shape.active,
  branch: loose({ id: z.number().int(), name: z.string().optional() }).nullish(),
});
export type ProcurifyDepartment = z.infer<typeof departmentSchema>;

export const locationSchema = loose({
  id: z.number().int(),
  name: zLocationView.shape.name,
  external_id: zLocationView.shape.external_id,
  active: zLocationView.shape.active,
  headquarter: zLocationView.shape.headquarter,
  currency: currencySchema.nullish(),
});
export type ProcurifyLocation = z.infer<typeof locationSchema>;

export const orderItemSchema = loose({
  id: z.number().int(),
  name: zOrderItem.shape.name,
  sku: z.string().nullish(),
  unit: zOrderItem.shape.unit,
  quantity: decimal,
  price: decimal,
  total_cost: decimal.nullish(),
  currency: z.number().int().nullish(),
  account: z.number().int().nullish(),
  pref_vendor: z.number().int().nullish(),
  vendor: z.string().nullish(),
  orderNum: zOrderItem.shape.orderNum,
  purchase_order: zOrderItem.shape.purchase_order,
  status: z.number().int().nullish(),
  lineComment: z.string().nullish(),
  approved_datetime: z.string().nullish(),
  last_modified: z.string().optional(),
});
export type ProcurifyOrderItem = z.infer<typeof orderItemSchema>;

export const requisitionSchema = loose({
  num: z.number().int(),
  uuid: zOrderRead.shape.uuid,
  description: zOrderRead.shape.description,
  status: z.number().int().optional(),
  dateModified: z.string().optional(),
  date: z.string().optional(),
  dateRequired: z.string().nullish(),
  branch: loose({
    id: z.number().int(),
    name: z.string().nullish(),
    external_id: z.string().nullish(),
  }).nullish(),
  department: departmentSummarySchema.nullish(),
  user: loose({
    id: z.number().int().optional(),
    firstName: z.string().nullish(),
    lastName: z.string().nullish(),
    email: z.string().nullish(),
  }).nullish(),
  currency: currencySchema.nullish(),
});
export type ProcurifyRequisition = z.infer<typeof requisitionSchema>;

export const currentUserSchema = loose({
  id: z.number().int().optional(),
  email: zUserProfileMe.shape.email.optional(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
});
export type ProcurifyCurrentUser = z.infer<typeof currentUserSchema>;

export const paginationSchema = z.object({
  count: z.number().int().optional(),
  next: z.string().nullish(),
  previous: z.string().nullish(),
  page_size: z.number().int().optional(),
  num_pages: z.number().int().optional(),
  current_page: z.number().int().optional(),
});

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});

export const markAsPaidResponseSchema = loose({
  bill_uuids: z.array(z.string()).optional(),
  payment_date: z.string().optional(),
});

/** `{metadata, data: T}` */
export const single = <T extends z.ZodType>(data: T) => z.looseObject({ data });
/** `{metadata: {pagination}, data: T[]}` */
export const page = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    metadata: z.looseObject({ pagination: paginationSchema.optional() }).optional(),
    data: z.array(item),
  });
