import type { MissingMapping } from '@mlc/errors';
import { currencyCode, formatMoney, Money, parseMoney, roundMoneyDecimal, toAmountNumber } from './money.ts';
import type { MapOutcome } from './outcome.ts';
import { displayAmount } from './payment-status.ts';
import { calendarDate, descriptionMaxLength, truncateText } from './text.ts';

/**
 * Payments made in Procurify → Oracle Payables payments (option `paymentsSource = "procurify"`):
 * one Oracle payment per Procurify payment, against the Oracle invoices created from the bills it
 * paid, only when amounts and currencies agree to the cent. Nothing is ever forced: a mismatch is
 * a `failed` record naming both figures.
 */

/** A Procurify payment and the bills of its bill groups, as the poller read them. */
export interface ProcurifyPaymentSnapshot {
  payment: {
    id: number;
    uuid: string | null;
    amount: string;
    currency: string | null;
    /** draft, pending_approval, approved, denied, paid, processing, failed, scheduled */
    status: string | null;
    processingDate: string | null;
    postedDate: string | null;
    /** direct_debit | financial_account | external (paid outside Procurify, e.g. mark-as-paid). */
    sourceType: string | null;
    vendorName: string | null;
    billGroups: number[];
  };
  /** Ordered by bill id. */
  bills: {
    id: number;
    uuid: string;
    group: number | null;
    invoiceNumber: string | null;
    total: string | null;
    currency: string | null;
  }[];
}

/** The Oracle invoice a synced bill became (from the bill's ledger record and mapped payload). */
export interface PaymentInvoiceTarget {
  invoiceId: string;
  invoiceNumber: string;
  amount: string;
  currency: string;
  supplierNumber: string;
  supplierSite: string;
  businessUnit: string;
}

/** How a bill of the payment stands on the ledger, when it has no Oracle invoice (yet). */
export interface UnsyncedBill {
  /** Ledger status of the bill, or `unknown` when the connector never read it. */
  status: string;
  reason: string | null;
}

/** ❓ Payables fields Procurify has no value for: connection options (`oraclePayments`). */
export interface OraclePaymentOptions {
  paymentMethodCode: string;
  disbursementBankAccountName?: string | undefined;
  paymentDocument?: string | undefined;
  paymentProcessProfile?: string | undefined;
}

export interface ProcurifyPaymentContext {
  invoiceFor: (billUuid: string) => PaymentInvoiceTarget | UnsyncedBill;
  /** The supplier's current name in Oracle (Payee), when known. */
  payeeName: (supplierNumber: string) => string | undefined;
  options: OraclePaymentOptions;
  /** Set when an earlier version of this record was already recorded in Oracle. */
  recordedAs: { targetId: string; targetNumber: string | null } | null;
}

/** The body of `POST payablesPayments` (oracle-fusion.md §4.4; see the simulator's payment-write.ts). */
export interface OraclePaymentPayload {
  PaymentAmount: number;
  PaymentCurrency: string;
  PaymentDate: string;
  BusinessUnit: string;
  SupplierNumber: string;
  Payee?: string;
  PayeeSite: string;
  PaymentMethodCode: string;
  PaymentDescription: string;
  DisbursementBankAccountName?: string;
  PaymentDocument?: string;
  PaymentProcessProfile?: string;
  relatedInvoices: { InvoiceNumber: string; AmountPaidPaymentCurrency: number }[];
}

export const procurifyPaymentFailureCodes = {
  /** The payment's amount is not the sum of the invoices it pays. */
  PAYMENT_AMOUNT_MISMATCH: 'PAYMENT_AMOUNT_MISMATCH',
  /** The payment's currency is not the invoices' currency. */
  PAYMENT_CURRENCY_MISMATCH: 'PAYMENT_CURRENCY_MISMATCH',
  /** The invoices belong to different Oracle suppliers, sites or business units. */
  PAYMENT_SPANS_SUPPLIERS: 'PAYMENT_SPANS_SUPPLIERS',
  /** The payment names bill groups that hold no bills. */
  PAYMENT_WITHOUT_BILLS: 'PAYMENT_WITHOUT_BILLS',
  /** No usable payment date or amount. */
  PAYMENT_INVALID: 'PAYMENT_INVALID',
  /** Recorded in Oracle, then no longer paid in Procurify. */
  PAYMENT_REVERSED_IN_PROCURIFY: 'PAYMENT_REVERSED_IN_PROCURIFY',
} as const;

/** The reference our Oracle payments carry in PaymentDescription: the look-up key on retries. */
export function paymentReference(procurifyPaymentId: number | string): string {
  return `[PRC-PAY-${String(procurifyPaymentId).trim()}]`;
}

export type ProcurifyPaymentResult =
  | { kind: 'outcome'; outcome: MapOutcome<OraclePaymentPayload>; details: Record<string, unknown> }
  /** Already recorded in Oracle and still paid in Procurify: nothing to write. */
  | { kind: 'recorded'; message: string };

function isSynced(target: PaymentInvoiceTarget | UnsyncedBill): target is PaymentInvoiceTarget {
  return 'invoiceId' in target;
}

/** Maps one Procurify payment to the Oracle payment that records it. */
export function mapProcurifyPayment(
  snapshot: ProcurifyPaymentSnapshot,
  context: ProcurifyPaymentContext,
): ProcurifyPaymentResult {
  const { payment } = snapshot;
  const label = `Procurify payment ${payment.id}`;
  const status = (payment.status ?? '').trim().toLowerCase();
  const done = (outcome: MapOutcome<OraclePaymentPayload>, details: Record<string, unknown> = {}) =>
    ({ kind: 'outcome', outcome, details }) as const;
  const failedWith = (code: keyof typeof procurifyPaymentFailureCodes, reason: string, details = {}) =>
    done({ kind: 'failed', code: procurifyPaymentFailureCodes[code], reason }, details);

  if (status !== 'paid') {
    if (context.recordedAs)
      return failedWith(
        'PAYMENT_REVERSED_IN_PROCURIFY',
        `${label} is now "${payment.status ?? 'no status'}" in Procurify, but it was recorded in Oracle as payment ${
          context.recordedAs.targetNumber ?? context.recordedAs.targetId
        }: void that payment in Oracle if the money did not go out.`,
      );
    return done({
      kind: 'skipped',
      reason: `Not paid in Procurify yet (status "${payment.status ?? 'none'}"): recorded in Oracle once it is paid.`,
    });
  }
  if ((payment.sourceType ?? '').trim().toLowerCase() === 'external')
    return done({
      kind: 'skipped',
      reason:
        'Paid outside Procurify (payment source "external": a bill marked paid, by a person or by ml-connector): nothing to record in Oracle.',
    });
  if (context.recordedAs)
    return {
      kind: 'recorded',
      message: `already recorded in Oracle as payment ${context.recordedAs.targetNumber ?? context.recordedAs.targetId}`,
    };
  if (snapshot.bills.length === 0)
    return failedWith(
      'PAYMENT_WITHOUT_BILLS',
      `${label} names bill group(s) ${payment.billGroups.join(', ') || '(none)'}, which hold no bills in Procurify: nothing to record it against.`,
    );

  const targets = snapshot.bills.map((bill) => ({ bill, target: context.invoiceFor(bill.uuid) }));
  const waiting = targets.filter(
    (entry): entry is { bill: (typeof entry)['bill']; target: UnsyncedBill } => !isSynced(entry.target),
  );
  if (waiting.length > 0) {
    const missing: MissingMapping[] = waiting.map(({ bill }) => ({
      kind: 'bill',
      key: bill.uuid,
      label: `bill ${bill.id}${bill.invoiceNumber ? ` (${bill.invoiceNumber})` : ''}`,
    }));
    const why = waiting
      .map(({ bill, target }) =>
        target.status === 'unknown'
          ? `bill ${bill.id} has not been read by ml-connector`
          : `bill ${bill.id} is ${target.status}${target.reason ? ` (${target.reason})` : ''}`,
      )
      .join('; ');
    return done({
      kind: 'blocked',
      reason: `${label} waits for its bill(s) to reach Oracle as invoices: ${why}. It is recorded in Oracle as soon as they sync.`,
      missing,
      suggestions: [],
    });
  }
  const invoices = targets.map(({ target }) => target as PaymentInvoiceTarget);
  const [first] = invoices;
  if (!first) return failedWith('PAYMENT_WITHOUT_BILLS', `${label} has no bills.`);

  const currency = currencyCode(payment.currency);
  const amount = parseMoney(payment.amount);
  const date = calendarDate(payment.postedDate) ?? calendarDate(payment.processingDate);
  if (!currency || amount === undefined || amount.lte(0) || !date)
    return failedWith(
      'PAYMENT_INVALID',
      `${label} has ${!currency ? `no usable currency (${JSON.stringify(payment.currency)})` : amount === undefined || amount.lte(0) ? `no usable amount (${JSON.stringify(payment.amount)})` : 'no payment date'}: not recorded in Oracle.`,
    );
  const numbers = invoices.map((invoice) => invoice.invoiceNumber).join(', ');
  const otherCurrency = invoices.find((invoice) => currencyCode(invoice.currency) !== currency);
  if (otherCurrency)
    return failedWith(
      'PAYMENT_CURRENCY_MISMATCH',
      `${label} is in ${currency} but Oracle invoice ${otherCurrency.invoiceNumber} is in ${otherCurrency.currency}: not recorded in Oracle. Record it there by hand, or correct it and replay.`,
    );
  const total = invoices.reduce<Money>(
    (sum, invoice) => sum.plus(parseMoney(invoice.amount) ?? 0),
    new Money(0),
  );
  const figures = {
    paymentAmount: formatMoney(amount, currency),
    invoicesAmount: formatMoney(total, currency),
    currency,
    invoices: invoices.map((invoice) => ({ invoiceNumber: invoice.invoiceNumber, amount: invoice.amount })),
  };
  if (!roundMoneyDecimal(amount, currency).equals(roundMoneyDecimal(total, currency)))
    return failedWith(
      'PAYMENT_AMOUNT_MISMATCH',
      `${label} is ${displayAmount(amount, currency)} ${currency} but the Oracle invoice(s) it pays (${numbers}) total ${displayAmount(total, currency)} ${currency}: not recorded in Oracle (amounts must agree; nothing is forced). Correct the payment or the bill, then replay.`,
      figures,
    );
  const party = (invoice: PaymentInvoiceTarget) =>
    `${invoice.supplierNumber}|${invoice.supplierSite}|${invoice.businessUnit}`;
  if (invoices.some((invoice) => party(invoice) !== party(first)))
    return failedWith(
      'PAYMENT_SPANS_SUPPLIERS',
      `${label} pays Oracle invoices of different suppliers, sites or business units (${invoices
        .map(
          (invoice) =>
            `${invoice.invoiceNumber}: ${invoice.supplierNumber}/${invoice.supplierSite}/${invoice.businessUnit}`,
        )
        .join('; ')}): one Oracle payment cannot. Record it in Oracle by hand.`,
      figures,
    );

  const payee = context.payeeName(first.supplierNumber);
  const billList = snapshot.bills
    .map((bill) => `bill ${bill.id}${bill.invoiceNumber ? ` ${bill.invoiceNumber}` : ''}`)
    .join(', ');
  const payload: OraclePaymentPayload = {
    PaymentAmount: toAmountNumber(amount, currency),
    PaymentCurrency: currency,
    PaymentDate: date,
    BusinessUnit: first.businessUnit,
    SupplierNumber: first.supplierNumber,
    ...(payee ? { Payee: payee } : {}),
    PayeeSite: first.supplierSite,
    PaymentMethodCode: context.options.paymentMethodCode,
    PaymentDescription: truncateText(
      `${paymentReference(payment.id)} Paid in Procurify: ${billList}`,
      descriptionMaxLength,
    ),
    ...(context.options.disbursementBankAccountName
      ? { DisbursementBankAccountName: context.options.disbursementBankAccountName }
      : {}),
    ...(context.options.paymentDocument ? { PaymentDocument: context.options.paymentDocument } : {}),
    ...(context.options.paymentProcessProfile
      ? { PaymentProcessProfile: context.options.paymentProcessProfile }
      : {}),
    relatedInvoices: invoices.map((invoice) => ({
      InvoiceNumber: invoice.invoiceNumber,
      AmountPaidPaymentCurrency: toAmountNumber(parseMoney(invoice.amount) ?? new Money(0), currency),
    })),
  };
  return done({ kind: 'mapped', payload, warnings: [] }, figures);
}
