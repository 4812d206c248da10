import { currencyCode, formatMoney, Money, parseMoney, roundMoneyDecimal } from './money.ts';
import type { MapOutcome } from './outcome.ts';
import { calendarDate } from './text.ts';

/**
 * Oracle payment status → Procurify bill (design.md §1 "Payment status"). Procurify can only be
 * told "this approved bill is paid, on this date" (`mark-as-paid`): no amounts, no partial
 * payments, no un-paying. So a bill is marked paid only when Oracle shows its invoice fully paid,
 * by decimal arithmetic over the payments that are not voided, and every other state is recorded
 * on the ledger with the amounts and dates an operator needs.
 */

/** One Oracle payment that paid (or once paid) an invoice, as the poller read it. */
export interface InvoicePaymentFact {
  checkId: string;
  paymentNumber: string | null;
  /** YYYY-MM-DD (Oracle's PaymentDate). */
  paymentDate: string | null;
  /** Paid on this invoice, in the invoice currency (relatedInvoices.AmountPaidInvoiceCurrency). */
  amount: string | null;
  /** Discount taken on this invoice (counts towards paying it off). */
  discount: string | null;
  paymentCurrency: string | null;
  /** Oracle's PaymentStatus (Negotiable, Voided, Cleared…). */
  status: string | null;
  voidDate: string | null;
}

/**
 * What the ledger stores for one Oracle invoice that came from a Procurify bill (entity
 * `invoice_payment`, source id = InvoiceId): the facts that decide the bill's payment state, and
 * nothing that changes without them (no LastUpdateDate), so the content hash moves only when the
 * payment state may have.
 */
export interface InvoicePaymentSnapshot {
  invoice: {
    invoiceId: string;
    invoiceNumber: string;
    supplierNumber: string | null;
    amount: string | null;
    currency: string | null;
    /** Oracle's own verdict: Paid, Partially paid, Unpaid. */
    paidStatus: string | null;
    amountPaid: string | null;
    canceled: boolean;
    canceledDate: string | null;
  };
  /** Ordered by CheckId. */
  payments: InvoicePaymentFact[];
  /** Why Oracle's payments of this invoice could not be read (then `payments` is empty). */
  paymentsUnreadable: string | null;
  /** The Procurify bill the invoice was created from (from the `bill` ledger record). */
  bill: { id: number | null; uuid: string; ledgerId: string; invoiceNumber: string | null };
}

/** The body of `POST /api/v3/ap/bills/mark-as-paid/` for one bill (the writer batches them). */
export interface MarkBillsPaidPayload {
  bill_uuids: string[];
  /** YYYY-MM-DD: the date of the latest payment that paid the invoice off. */
  payment_date: string;
}

export type InvoicePaymentState =
  | 'paid'
  | 'partially_paid'
  | 'unpaid'
  | 'voided'
  | 'canceled'
  /** Oracle's PaidStatus and its payments disagree (or a payment's amount is unreadable). */
  | 'inconsistent';

/** Stable codes of the `failed` outcomes of this module. */
export const paymentStatusFailureCodes = {
  /** Procurify shows the bill paid (we marked it earlier), Oracle no longer shows the invoice paid. */
  PAID_IN_PROCURIFY_NOT_IN_ORACLE: 'PAID_IN_PROCURIFY_NOT_IN_ORACLE',
  /** PaidStatus says one thing and the payments another: needs a look in Oracle. */
  PAYMENT_STATUS_INCONSISTENT: 'PAYMENT_STATUS_INCONSISTENT',
  /** Oracle refused to list the invoice's payments (e.g. a number its finder cannot take). */
  PAYMENTS_UNREADABLE: 'PAYMENTS_UNREADABLE',
} as const;

export interface InvoicePaymentEvaluation {
  state: InvoicePaymentState;
  outcome: MapOutcome<MarkBillsPaidPayload>;
  /** For the ledger record's details: what an operator sees next to the reason. */
  details: {
    paymentState: InvoicePaymentState;
    invoiceNumber: string;
    invoiceAmount: string | null;
    paidAmount: string | null;
    currency: string | null;
    oraclePaidStatus: string | null;
    latestPaymentDate: string | null;
    payments: {
      number: string;
      date: string | null;
      amount: string | null;
      status: string | null;
      voidDate: string | null;
    }[];
  };
}

export function isVoidedPayment(payment: Pick<InvoicePaymentFact, 'status' | 'voidDate'>): boolean {
  return Boolean(payment.voidDate) || (payment.status ?? '').trim().toLowerCase() === 'voided';
}

/** "1234567.5" → "1,234,567.50" (exact: decimal.js, no floats). */
export function displayAmount(amount: Money, currency: string): string {
  const fixed = formatMoney(amount, currency);
  const [whole = '0', fraction] = fixed.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fixed.startsWith('-') ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

function paymentLabel(payment: InvoicePaymentFact): string {
  return payment.paymentNumber ?? `check ${payment.checkId}`;
}

function listPayments(payments: readonly InvoicePaymentFact[]): string {
  const parts = payments.map(
    (payment) => `${paymentLabel(payment)} on ${calendarDate(payment.paymentDate) ?? 'an unknown date'}`,
  );
  return `${parts.length === 1 ? 'payment' : 'payments'} ${parts.join(', ')}`;
}

/**
 * Decides what the Procurify bill of one Oracle invoice should show. `markedPaid` says the bill
 * was marked paid (or found paid) by an earlier version of this record: Procurify's API cannot
 * undo that, so a later void, cancellation or shortfall is a loud `failed`, not a quiet skip.
 */
export function evaluateInvoicePayment(
  snapshot: InvoicePaymentSnapshot,
  context: { markedPaid: boolean },
): InvoicePaymentEvaluation {
  const { invoice } = snapshot;
  const currency = currencyCode(invoice.currency) ?? 'USD';
  const money = (value: Money) => `${displayAmount(value, currency)} ${currency}`;
  /** "400.00 of 1,000.00 USD" */
  const share = (part: Money, whole: Money) => `${displayAmount(part, currency)} of ${money(whole)}`;
  const amount = parseMoney(invoice.amount);
  const payments = [...snapshot.payments].sort((a, b) => a.checkId.localeCompare(b.checkId));
  const live = payments.filter((payment) => !isVoidedPayment(payment));
  const voided = payments.filter(isVoidedPayment);
  const unreadable = live.filter((payment) => parseMoney(payment.amount) === undefined);
  const paid = live.reduce<Money>(
    (sum, payment) => sum.plus(parseMoney(payment.amount) ?? 0).plus(parseMoney(payment.discount) ?? 0),
    new Money(0),
  );
  const latestDate =
    live
      .map((payment) => calendarDate(payment.paymentDate))
      .filter((date): date is string => date !== undefined)
      .sort()
      .at(-1) ?? null;
  // ❓ PaidStatus shows the meaning ("Paid") on the resources we have seen; Payables' own flag is
  // Y/N/P, so "Y" counts too. Any other value with covering payments is reported, not guessed.
  const oracleSaysPaid = ['paid', 'fully paid', 'y'].includes(
    (invoice.paidStatus ?? '').trim().toLowerCase(),
  );
  // Compared as the currency shows them: 999.999 paid on a 1,000.00 invoice covers it.
  const covered =
    amount !== undefined && roundMoneyDecimal(paid, currency).gte(roundMoneyDecimal(amount, currency));

  const details: InvoicePaymentEvaluation['details'] = {
    paymentState: 'unpaid',
    invoiceNumber: invoice.invoiceNumber,
    invoiceAmount: amount === undefined ? null : formatMoney(amount, currency),
    paidAmount: formatMoney(paid, currency),
    currency: invoice.currency,
    oraclePaidStatus: invoice.paidStatus,
    latestPaymentDate: latestDate,
    payments: payments.map((payment) => ({
      number: paymentLabel(payment),
      date: calendarDate(payment.paymentDate) ?? null,
      amount: payment.amount,
      status: payment.status,
      voidDate: calendarDate(payment.voidDate) ?? null,
    })),
  };
  const ofAmount = amount === undefined ? 'an unknown amount' : money(amount);
  const voidNote = voided
    .map((payment) => {
      const paidThen = parseMoney(payment.amount);
      const voidedOn = calendarDate(payment.voidDate);
      return ` Payment ${paymentLabel(payment)} (${paidThen === undefined ? 'amount unknown' : money(paidThen)} on ${
        calendarDate(payment.paymentDate) ?? 'an unknown date'
      }) was voided${voidedOn ? ` on ${voidedOn}` : ''}.`;
    })
    .join('');
  const billLabel = `bill ${snapshot.bill.id ?? snapshot.bill.uuid}`;

  let state: InvoicePaymentState;
  let summary: string;
  if (snapshot.paymentsUnreadable !== null && !invoice.canceled) {
    state = 'inconsistent';
    summary = `Oracle shows invoice ${invoice.invoiceNumber} as ${JSON.stringify(invoice.paidStatus ?? 'no status')} but its payments could not be read (${snapshot.paymentsUnreadable}): not marked paid without the payment date. Check the invoice in Oracle.`;
  } else if (invoice.canceled) {
    state = 'canceled';
    summary = `Cancelled in Oracle${calendarDate(invoice.canceledDate) ? ` on ${calendarDate(invoice.canceledDate)}` : ''} (invoice ${invoice.invoiceNumber}, ${ofAmount}): the Procurify bill is not marked paid. If it should not be paid, deny or withdraw it in Procurify.${voidNote}`;
  } else if (amount === undefined || unreadable.length > 0) {
    state = 'inconsistent';
    summary = `Oracle invoice ${invoice.invoiceNumber} has ${
      amount === undefined
        ? `no readable amount (${JSON.stringify(invoice.amount)})`
        : `${listPayments(unreadable)} without a readable amount`
    }: not marked paid. Check the invoice in Oracle.`;
  } else if (amount.lte(0)) {
    state = 'inconsistent';
    summary = `Oracle invoice ${invoice.invoiceNumber} is for ${money(amount)}: there is nothing to mark paid.`;
  } else if (covered && oracleSaysPaid && latestDate !== null) {
    state = 'paid';
    summary = `Paid in Oracle: ${share(paid, amount)} (${listPayments(live)}).`;
  } else if (covered || oracleSaysPaid) {
    state = 'inconsistent';
    summary = `Oracle shows invoice ${invoice.invoiceNumber} as ${JSON.stringify(invoice.paidStatus ?? 'no status')} but the payments found cover ${share(paid, amount)}${live.length > 0 ? ` (${listPayments(live)})` : ''}: not marked paid until they agree. Check the invoice in Oracle.${voidNote}`;
  } else if (paid.gt(0)) {
    state = 'partially_paid';
    summary = `Partially paid in Oracle: ${share(paid, amount)} (${listPayments(live)}). Procurify cannot record partial payments; the bill will be marked paid when Oracle shows it fully paid.${voidNote}`;
  } else if (voided.length > 0) {
    state = 'voided';
    summary = `Unpaid in Oracle again:${voidNote} The Procurify bill stays unpaid; it will be marked paid when Oracle pays the invoice.`;
  } else {
    state = 'unpaid';
    const knownUnpaid = ['unpaid', 'not paid', 'n', ''].includes(
      (invoice.paidStatus ?? '').trim().toLowerCase(),
    );
    summary = knownUnpaid
      ? `Not paid in Oracle yet (${share(paid, amount)}).`
      : `Not paid in Oracle yet (${share(paid, amount)}; Oracle's paid status is ${JSON.stringify(invoice.paidStatus)}, which this connector does not recognise: check the invoice in Oracle).`;
  }
  details.paymentState = state;

  if (state === 'paid' && latestDate !== null && amount !== undefined) {
    return {
      state,
      details,
      outcome: {
        kind: 'mapped',
        payload: { bill_uuids: [snapshot.bill.uuid], payment_date: latestDate },
        warnings: paid.gt(amount)
          ? [`Oracle payments (${money(paid)}) exceed the invoice amount (${money(amount)})`]
          : [],
      },
    };
  }
  if (context.markedPaid) {
    return {
      state,
      details,
      outcome: {
        kind: 'failed',
        code: paymentStatusFailureCodes.PAID_IN_PROCURIFY_NOT_IN_ORACLE,
        reason: `Procurify ${billLabel} is marked paid, but Oracle no longer shows invoice ${invoice.invoiceNumber} as paid. ${summary} Procurify's API cannot un-pay a bill: reverse the payment in Procurify by hand, or pay the invoice again in Oracle (this record then syncs by itself).`,
      },
    };
  }
  if (state === 'inconsistent') {
    const code =
      snapshot.paymentsUnreadable === null
        ? paymentStatusFailureCodes.PAYMENT_STATUS_INCONSISTENT
        : paymentStatusFailureCodes.PAYMENTS_UNREADABLE;
    return { state, details, outcome: { kind: 'failed', code, reason: summary } };
  }
  return { state, details, outcome: { kind: 'skipped', reason: summary } };
}

/**
 * A bill's content without its payment state, hashed by the caller: a bill whose only change is
 * being paid (by us or in Procurify) still describes the same Oracle invoice. Keys dropped at
 * every depth on top of the volatile ones.
 */
export const billPaymentStateKeys: readonly string[] = [
  'status',
  'bill_payment',
  'bill_statuses',
  'locked',
  'payment_method',
  'payment_method_name',
  'payment_date',
];
