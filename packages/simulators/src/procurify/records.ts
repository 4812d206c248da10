import type {
  ScenarioBill,
  ScenarioBillItem,
  ScenarioPayment,
  ScenarioPoLine,
  ScenarioPurchaseOrder,
  ScenarioRequisition,
} from '../scenario/types.ts';

/**
 * The simulator's own documents. They start as the scenario's records; the scenario object is
 * shared with the Oracle simulator, so nested arrays taken from it (PO lines, bill items) are
 * never mutated in place: a change replaces the array (copy-on-write).
 */

export interface PoLineRecord extends ScenarioPoLine {
  /** Set when the line itself changed after load; otherwise the PO's `linesModifiedAt`. */
  modifiedAt?: string;
}

export interface RequisitionRecord extends ScenarioRequisition {
  modifiedAt: string;
}

export interface PurchaseOrderRecord extends Omit<ScenarioPurchaseOrder, 'lines' | 'requisition'> {
  lines: readonly PoLineRecord[];
  requisition: RequisitionRecord;
  version: number;
  /** `last_modified` of lines that never changed on their own: the PO's modifiedAt as loaded. */
  linesModifiedAt: string;
}

/** A line of a requisition not purchased yet. */
export interface RequisitionLineRecord {
  /** Order-item id; the same id stays on the PO line when the requisition is purchased. */
  id: number;
  name: string;
  sku: string;
  unit: string;
  quantity: string;
  unitPrice: string;
  total: string;
  /** The requester's preferred vendor (`pref_vendor`). */
  vendorId: number;
  glAccountId: number;
  departmentId: number;
  note: string | null;
  /** A purchaser rejected this line (OrderItemStatusEnum 4) while the rest stays approved. */
  rejected: boolean;
  modifiedAt: string;
}

/**
 * A requisition (Procurify "order") the simulator manages on its own, before and after a
 * purchaser converts it: scenario open requisitions and those created through the control API.
 * (The scenario's purchased POs carry their requisition inside the PO record instead.)
 */
export interface OrderRecord {
  num: number;
  uuid: string;
  description: string;
  requesterId: number;
  departmentId: number;
  locationId: number;
  currency: string;
  /** OrderStatusEnum: 0 Pending, 1 Approved, 2 Denied, 3 Purchased, 4 Cancelled, 6 Draft. */
  status: 0 | 1 | 2 | 3 | 4 | 6;
  createdAt: string;
  modifiedAt: string;
  approvedAt: string | null;
  /** 'YYYY-MM-DD'. */
  requiredDate: string;
  denialComment: string | null;
  /** The lines while not purchased; empty once purchased (they live on the POs then). */
  lines: readonly RequisitionLineRecord[];
  /** The POs a purchaser made from it (one per vendor), once purchased. */
  purchaseOrderIds: number[];
}

/** A bill's payment in Procurify's v2 AP model (`bill_payment`). */
export interface BillPaymentRecord {
  id: number;
  paymentId: number;
  paymentDate: string;
  amount: string;
  /** PaymentStatusEnum: 0 Draft … 5 Paid, 7 Processing… */
  status: number;
  /** PaymentMethodTypeEnum: 0 OTHER, 6 PROCURIFY_ACH… */
  methodType: number;
  userId: number;
}

export interface BillRecord extends Omit<ScenarioBill, 'items'> {
  items: readonly ScenarioBillItem[];
  version: number;
  payment: BillPaymentRecord | null;
}

export interface PaymentRecord extends ScenarioPayment {
  creatorId: number;
}

export interface TermRecord {
  id: number;
  name: string;
  description: string | null;
  active: boolean;
}

/** A vendor, kept in the API's own field names since clients write it through the API. */
export interface VendorRecord {
  id: number;
  /** The scenario vendor key, for vendors that came from the scenario. */
  key: string | null;
  name: string;
  active: boolean;
  addressLineOne: string | null;
  addressLineTwo: string | null;
  postalCode: string | null;
  city: string | null;
  state_province: string | null;
  country: string | null;
  phoneOne: string | null;
  phoneTwo: string | null;
  fax: string | null;
  email: string[];
  comments: string | null;
  contact: string | null;
  url: string | null;
  external_id: string | null;
  currency: number | null;
  payment_term_ref: TermRecord | null;
  shipping_term_ref: TermRecord | null;
  payment_method_ref: TermRecord | null;
  shipping_method_ref: TermRecord | null;
  tax: number | null;
  /** VendorTypeEnum: 2 amazon punchout, 3 preferred, 4 regular, 6 credit card provider, 7 checkout. */
  type: 2 | 3 | 4 | 6 | 7;
  default_payment_method: number | null;
  is_1099_eligible: boolean | null;
  overall_score: string | null;
  is_auto_email_po_enabled: boolean;
  po_pdf_labels: string;
  email_configurations: Record<string, { auto_po?: boolean; payment_remittance?: boolean }>;
  dateModified: string;
}

export interface AccountCodeRecord {
  id: number;
  code: string;
  description: string;
  /** AccountTypeEnum: 0 Assets, 1 Liability, 2 Expense, 3 Income, 4 Equity, 5 Other. */
  accountType: 0 | 1 | 2 | 3 | 4 | 5;
  active: boolean;
  parent: number | null;
}

export interface DepartmentRecord {
  id: number;
  name: string;
  locationId: number;
  /** The Oracle cost center. */
  externalId: string | null;
  active: boolean;
  punchoutEmail: string | null;
}

/** An account code applied to a department (Procurify "account", a budget line). */
export interface BudgetAccountRecord {
  id: number;
  accountCodeId: number;
  departmentId: number;
}
