import type { PaymentRecord, VendorRecord } from './records.ts';

/** The errors the store raises and the inputs its changes take. */

/** A change the store refuses; the HTTP layer turns it into a 404 or a DRF-style 400. */
export class StoreError extends Error {
  readonly code: 'not_found' | 'invalid';
  readonly fieldErrors: Record<string, string[]>;

  constructor(code: 'not_found' | 'invalid', message: string, fieldErrors: Record<string, string[]> = {}) {
    super(message);
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export interface TermInput {
  name: string;
  description?: string | null | undefined;
  active?: boolean | undefined;
}

/** Vendor fields as a client writes them (the spec's OptimizedVendorRequest, all optional). */
export interface VendorInput {
  name?: string | undefined;
  active?: boolean | undefined;
  addressLineOne?: string | null | undefined;
  addressLineTwo?: string | null | undefined;
  postalCode?: string | null | undefined;
  city?: string | null | undefined;
  state_province?: string | null | undefined;
  country?: string | null | undefined;
  phoneOne?: string | null | undefined;
  phoneTwo?: string | null | undefined;
  fax?: string | null | undefined;
  email?: string[] | undefined;
  comments?: string | null | undefined;
  contact?: string | null | undefined;
  url?: string | null | undefined;
  external_id?: string | null | undefined;
  currency?: number | null | undefined;
  payment_term_ref?: TermInput | null | undefined;
  shipping_term_ref?: TermInput | null | undefined;
  payment_method_ref?: TermInput | null | undefined;
  shipping_method_ref?: TermInput | null | undefined;
  tax?: number | null | undefined;
  type?: VendorRecord['type'] | undefined;
  default_payment_method?: number | null | undefined;
  is_1099_eligible?: boolean | null | undefined;
  overall_score?: string | null | undefined;
  is_auto_email_po_enabled?: boolean | undefined;
  po_pdf_labels?: string | undefined;
  email_configurations?:
    Record<string, { auto_po?: boolean | undefined; payment_remittance?: boolean | undefined }> | undefined;
}

export interface PurchaseOrderChanges {
  comment?: string | undefined;
  state?: number | undefined;
  promiseDate?: string | undefined;
  requisitionDescription?: string | undefined;
  lines?:
    | {
        id: number;
        quantity?: string | undefined;
        unitPrice?: string | undefined;
        note?: string | null | undefined;
        name?: string | undefined;
      }[]
    | undefined;
}

export interface NewPoLine {
  name: string;
  quantity: string;
  unitPrice: string;
  unit?: string | undefined;
  sku?: string | undefined;
  accountCodeId?: number | undefined;
  departmentId?: number | undefined;
  note?: string | null | undefined;
}

export interface BillChanges {
  status?: number | undefined;
  note?: string | undefined;
  invoiceNumber?: string | undefined;
  dueDate?: string | undefined;
  items?:
    | {
        id: number;
        quantity?: string | undefined;
        unitCost?: string | undefined;
        description?: string | undefined;
      }[]
    | undefined;
}

export interface NewBillItem {
  description: string;
  quantity: string;
  unitCost: string;
  unit?: string | undefined;
  sku?: string | undefined;
  accountCodeId?: number | undefined;
  departmentId?: number | undefined;
  poLineId?: number | null | undefined;
  taxPercentage?: string | undefined;
}

export interface NewPayment {
  billGroupIds: number[];
  status: string;
  sourceType: PaymentRecord['sourceType'];
  amount?: string | undefined;
  processingDate?: string | undefined;
}
