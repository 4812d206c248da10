/** What the reconciliation report can find wrong with a bill or an invoice. */
export const discrepancyKinds = [
  'missing_in_oracle',
  'unexpected_in_oracle',
  'amount_mismatch',
  'paid_status_mismatch',
] as const;
export type DiscrepancyKind = (typeof discrepancyKinds)[number];

/** The Procurify side of a discrepancy. Amounts are decimal strings in the currency's minor units. */
export interface ProcurifyBillSide {
  billId: number;
  billUuid: string;
  invoiceNumber: string | null;
  invoiceDate: string | null;
  amount: string | null;
  currency: string | null;
  /** Procurify status 4 (Paid). */
  paid: boolean;
  status: string;
}

/** The Oracle side of a discrepancy. */
export interface OracleInvoiceSide {
  invoiceId: string;
  invoiceNumber: string;
  invoiceDate: string | null;
  supplierNumber: string | null;
  amount: string | null;
  currency: string | null;
  /** Oracle's PaidStatus: Paid, Partially paid, Unpaid. */
  paidStatus: string | null;
}

export interface Discrepancy {
  kind: DiscrepancyKind;
  procurify: ProcurifyBillSide | null;
  oracle: OracleInvoiceSide | null;
  /** One sentence an accountant can act on. */
  message: string;
}

/** Count and amount per currency (amounts in different currencies are never added together). */
export interface SideTotal {
  count: number;
  amount: Record<string, string>;
}

/** Totals of one location × currency. */
export interface LocationTotal {
  /** The Procurify location id of the bill's cost allocations; null when the bill has none. */
  locationId: string | null;
  location: string | null;
  currency: string;
  procurify: { count: number; amount: string };
  oracle: { count: number; amount: string };
  matched: number;
}

export interface ReconcileSummary {
  connectionId: string;
  /** Inclusive dates: Procurify `invoice_date`, Oracle `InvoiceDate`. */
  period: { from: string; to: string };
  generatedAt: string;
  /** Approved bills (approved, payment confirmed/approved/limbo, paid) dated in the period. */
  procurify: SideTotal;
  /** Oracle invoices in the period that belong to this connection (matched, or carrying our reference). */
  oracle: SideTotal & {
    /** Other Oracle invoices in the period (not from Procurify): left out of the comparison. */
    otherInvoices: number;
  };
  /** Bill ↔ invoice pairs found (through the ledger, else invoice number + supplier). */
  matched: number;
  discrepancies: Record<DiscrepancyKind, number>;
  totals: LocationTotal[];
}

export interface ReconcileReport {
  summary: ReconcileSummary;
  discrepancies: Discrepancy[];
}
