import {
  contentHash,
  Money,
  parseMoney,
  type InvoicePaymentFact,
  type InvoicePaymentSnapshot,
} from '@mlc/mapping';
import { PermanentError, summarizeError } from '@mlc/errors';
import type { OracleInvoice, OraclePayment } from '@mlc/oracle-client';
import type { RecordResult, SourceVersion } from '@mlc/ledger';
import { mapWithConcurrency } from '../../concurrency.ts';
import { emptyRecordResult, type StreamContext } from './stream.ts';

/** Only what decides a bill's payment state (oracle-fusion.md §4.3, §10 "Invoice status"). */
export const invoiceStatusFields = [
  'InvoiceId',
  'InvoiceNumber',
  'SupplierNumber',
  'InvoiceAmount',
  'InvoiceCurrency',
  'AmountPaid',
  'PaidStatus',
  'CanceledFlag',
  'CanceledDate',
  'LastUpdateDate',
].join(',');

/** A payment and, through the child `fields` clause, the invoices it paid: one request. */
export const paymentStatusFields = [
  'CheckId,PaymentNumber,PaymentDate,PaymentAmount,PaymentCurrency,PaymentStatus,VoidDate,LastUpdateDate',
  'relatedInvoices:InvoiceId,AmountPaidInvoiceCurrency,AmountPaidPaymentCurrency,DiscountTaken,InvoiceCurrency',
].join(';');

/** Any sign that Oracle paid (or cancelled) the invoice: the others have nothing to say yet. */
function hasPaymentActivity(invoice: OracleInvoice): boolean {
  const paid = parseMoney(invoice.AmountPaid);
  const status = (invoice.PaidStatus ?? 'Unpaid').trim().toLowerCase();
  return (paid !== undefined && paid.gt(0)) || status !== 'unpaid' || invoice.CanceledFlag === true;
}

/** What one payment paid on one invoice (summed over installments), in the invoice currency. */
function paymentFact(payment: OraclePayment, invoice: OracleInvoice): InvoicePaymentFact | undefined {
  const rows = (payment.relatedInvoices ?? []).filter((row) => row.InvoiceId === invoice.InvoiceId);
  if (rows.length === 0) return undefined;
  // Unknown (undefined) as soon as one installment's amount cannot be read: the mapper says so.
  let amount: Money | undefined = new Money(0);
  let discount = new Money(0);
  for (const row of rows) {
    const inInvoiceCurrency =
      row.AmountPaidInvoiceCurrency ??
      // Same currency on both sides: the payment-currency figure is the invoice-currency one.
      (payment.PaymentCurrency && payment.PaymentCurrency === invoice.InvoiceCurrency
        ? row.AmountPaidPaymentCurrency
        : undefined);
    const parsed = parseMoney(inInvoiceCurrency);
    amount = parsed === undefined || amount === undefined ? undefined : amount.plus(parsed);
    discount = discount.plus(parseMoney(row.DiscountTaken) ?? 0);
  }
  return {
    checkId: payment.CheckId,
    paymentNumber: payment.PaymentNumber ?? null,
    paymentDate: payment.PaymentDate ?? null,
    amount: amount === undefined ? null : amount.toString(),
    discount: discount.toString(),
    paymentCurrency: payment.PaymentCurrency ?? null,
    status: payment.PaymentStatus ?? null,
    voidDate: payment.VoidDate ?? null,
  };
}

/**
 * Records the payment state of Oracle invoices the ledger knows came from Procurify bills, as
 * `invoice_payment` versions (source id = InvoiceId). Invoices from elsewhere are ignored;
 * untouched unpaid invoices are not recorded (nothing to say) unless already on the ledger or
 * `always` (a payment of theirs changed). Payments come from PaidInvoicesFinder, voided ones
 * included, so the snapshot says what was paid, when, and what was voided.
 */
export async function recordInvoicePayments(
  context: StreamContext,
  invoices: readonly OracleInvoice[],
  options: { always?: boolean } = {},
): Promise<RecordResult> {
  const { settings, ledger, clients } = context;
  if (invoices.length === 0) return emptyRecordResult();
  const bills = await ledger.byTarget(
    settings.id,
    'bill',
    invoices.map((invoice) => invoice.InvoiceId),
  );
  const ours = [
    ...new Map(
      invoices
        .filter((invoice) => bills.has(invoice.InvoiceId))
        .map((invoice) => [invoice.InvoiceId, invoice]),
    ).values(),
  ];
  if (ours.length === 0) return emptyRecordResult();
  const known = await ledger.knownVersions(
    settings.id,
    'invoice_payment',
    ours.map((invoice) => invoice.InvoiceId),
  );
  const relevant = ours.filter((invoice) => {
    const previous = known.get(invoice.InvoiceId);
    // Re-read in the overlap window with the same stamp: nothing new (unless a payment changed).
    if (!options.always && previous && previous.sourceVersion === (invoice.LastUpdateDate ?? null))
      return false;
    return options.always || previous !== undefined || hasPaymentActivity(invoice);
  });
  const versions = await mapWithConcurrency(
    relevant,
    context.detailConcurrency,
    async (invoice): Promise<SourceVersion> => {
      // One invoice Oracle will not list payments for (a number its finder cannot take) must not
      // stall the stream: it is recorded as unreadable and the mapper fails it, visibly.
      let payments: OraclePayment[] = [];
      let paymentsUnreadable: string | null = null;
      try {
        payments = await clients.oracle.findPaymentsForInvoice(invoice.InvoiceNumber, {
          fields: paymentStatusFields,
        });
      } catch (error) {
        if (!(error instanceof PermanentError)) throw error;
        paymentsUnreadable = summarizeError(error).message;
        context.logger.warn(
          { invoiceId: invoice.InvoiceId, code: error.code },
          'payments of an invoice could not be read',
        );
      }
      const facts = payments
        .flatMap((payment) => paymentFact(payment, invoice) ?? [])
        .sort((a, b) => a.checkId.localeCompare(b.checkId));
      const bill = bills.get(invoice.InvoiceId);
      const billId = Number(bill?.snapshotId);
      const snapshot: InvoicePaymentSnapshot = {
        invoice: {
          invoiceId: invoice.InvoiceId,
          invoiceNumber: invoice.InvoiceNumber,
          supplierNumber: invoice.SupplierNumber ?? null,
          amount: invoice.InvoiceAmount ?? null,
          currency: invoice.InvoiceCurrency ?? null,
          paidStatus: invoice.PaidStatus ?? null,
          amountPaid: invoice.AmountPaid ?? null,
          canceled: invoice.CanceledFlag === true,
          canceledDate: invoice.CanceledDate ?? null,
        },
        payments: facts,
        paymentsUnreadable,
        bill: {
          id: Number.isInteger(billId) ? billId : null,
          uuid: bill?.sourceId ?? '',
          ledgerId: bill?.id ?? '',
          invoiceNumber: bill?.sourceNumber ?? null,
        },
      };
      return {
        sourceId: invoice.InvoiceId,
        sourceNumber: invoice.InvoiceNumber,
        sourceVersion: invoice.LastUpdateDate ?? null,
        sourceUpdatedAt: invoice.LastUpdateDate ? new Date(invoice.LastUpdateDate) : null,
        contentHash: contentHash(snapshot),
        snapshot,
      };
    },
  );
  return ledger.recordSourceVersions(settings.id, 'invoice_payment', versions);
}
