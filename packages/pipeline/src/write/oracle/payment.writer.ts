import { PermanentError } from '@mlc/errors';
import {
  isVoidedPayment,
  Money,
  parseMoney,
  paymentReference,
  type OraclePaymentPayload,
} from '@mlc/mapping';
import type { OracleClient, OraclePayment } from '@mlc/oracle-client';
import type { Target, TargetWriter } from '../target-writer.ts';

/** What a look-up compares: the reference we write, and the figures when a payment has none. */
const lookUpFields = [
  'CheckId,PaymentNumber,PaymentAmount,PaymentDate,PaymentCurrency,PaymentStatus,PaymentDescription,VoidDate,SupplierNumber',
  'relatedInvoices:InvoiceId,InvoiceNumber',
].join(';');

const anyReference = /\[PRC-PAY-[^\]]+\]/;

function payloadOf(mappedPayload: unknown): OraclePaymentPayload {
  const payload = (mappedPayload ?? {}) as Partial<OraclePaymentPayload>;
  if (
    typeof payload.PaymentDescription !== 'string' ||
    typeof payload.SupplierNumber !== 'string' ||
    !payload.relatedInvoices?.[0]?.InvoiceNumber
  ) {
    throw new PermanentError('The mapped payment has no reference, supplier or invoice: map it again', {
      code: 'BAD_PAYLOAD',
    });
  }
  return payload as OraclePaymentPayload;
}

function sameAmount(a: string | null | undefined, b: number): boolean {
  const left = parseMoney(a);
  return left !== undefined && left.equals(new Money(b));
}

function adopted(payment: OraclePayment, how: string): Target {
  return {
    targetId: payment.CheckId,
    targetNumber: payment.PaymentNumber ?? null,
    via: 'adopted',
    message: `found in Oracle as payment ${payment.PaymentNumber ?? payment.CheckId} (${how}); adopted, not paid again`,
    details: { oraclePaymentNumber: payment.PaymentNumber ?? null },
  };
}

/**
 * The Oracle payment an earlier attempt made for this Procurify payment, if any: a payment of the
 * first invoice (PaidInvoicesFinder) for our supplier carrying our `[PRC-PAY-{id}]` reference, or,
 * failing that, one without any such reference with the same amount and date. A voided payment
 * with our reference means someone in Oracle undid it: that is reported, never paid again.
 */
async function findEarlierPayment(
  client: OracleClient,
  payload: OraclePaymentPayload,
  procurifyPaymentId: string,
): Promise<Target | undefined> {
  const reference = paymentReference(procurifyPaymentId);
  const invoiceNumber = payload.relatedInvoices[0]?.InvoiceNumber ?? '';
  const candidates = (await client.findPaymentsForInvoice(invoiceNumber, { fields: lookUpFields })).filter(
    (payment) => !payment.SupplierNumber || payment.SupplierNumber === payload.SupplierNumber,
  );
  const ours = candidates.filter((payment) => (payment.PaymentDescription ?? '').includes(reference));
  const live = ours.find(
    (payment) =>
      !isVoidedPayment({ status: payment.PaymentStatus ?? null, voidDate: payment.VoidDate ?? null }),
  );
  if (live) return adopted(live, `it carries ${reference}`);
  const voided = ours[0];
  if (voided) {
    throw new PermanentError(
      `Oracle payment ${voided.PaymentNumber ?? voided.CheckId} carrying ${reference} was voided${voided.VoidDate ? ` on ${voided.VoidDate}` : ''}: someone in Oracle undid it, so it is not recorded again. Record it in Oracle by hand if it should be.`,
      { code: 'PAYMENT_VOIDED_IN_ORACLE' },
    );
  }
  const lookalike = candidates.find(
    (payment) =>
      !anyReference.test(payment.PaymentDescription ?? '') &&
      !isVoidedPayment({ status: payment.PaymentStatus ?? null, voidDate: payment.VoidDate ?? null }) &&
      sameAmount(payment.PaymentAmount, payload.PaymentAmount) &&
      (payment.PaymentDate ?? '').slice(0, 10) === payload.PaymentDate,
  );
  return lookalike ? adopted(lookalike, 'same supplier, amount and date, without a reference') : undefined;
}

/**
 * Procurify payment → Oracle Payables payment (`POST payablesPayments`) against the invoices its
 * bills became. Oracle has no idempotency key: the look-up above runs before any retry, so a
 * lost create response never pays an invoice twice.
 */
export const paymentWriter: TargetWriter<OracleClient> = {
  async lookUp({ client, record }) {
    return findEarlierPayment(client, payloadOf(record.mappedPayload), record.sourceId);
  },
  async write({ client, record }) {
    const payload = payloadOf(record.mappedPayload);
    const payment = await client.createPayment(payload as unknown as Record<string, unknown>);
    const invoices = payload.relatedInvoices.map((invoice) => invoice.InvoiceNumber).join(', ');
    return {
      targetId: payment.CheckId,
      targetNumber: payment.PaymentNumber ?? null,
      via: 'created',
      message: `recorded in Oracle as payment ${payment.PaymentNumber ?? payment.CheckId} of ${payload.PaymentAmount} ${payload.PaymentCurrency} on ${payload.PaymentDate} against invoice(s) ${invoices}`,
      details: { oraclePaymentNumber: payment.PaymentNumber ?? null },
    };
  },
};
