import { PermanentError, TransientError } from '@mlc/errors';
import { billStatusNames, type MarkBillsPaidPayload } from '@mlc/mapping';
import type { ProcurifyBill, ProcurifyClient } from '@mlc/procurify-client';
import type { Target, TargetWriter } from '../target-writer.ts';
import { MarkPaidBatcher } from './mark-paid-batcher.ts';

/** BillStatusEnum (procurify.md §5.3). */
const approved = 2;
const paid = 4;

function payloadOf(mappedPayload: unknown): { uuid: string; paymentDate: string } {
  const payload = (mappedPayload ?? {}) as Partial<MarkBillsPaidPayload>;
  const uuid = payload.bill_uuids?.[0];
  if (typeof uuid !== 'string' || typeof payload.payment_date !== 'string')
    throw new PermanentError(
      'The mapped mark-as-paid payload has no bill uuid or payment date: map it again',
      {
        code: 'BAD_PAYLOAD',
      },
    );
  return { uuid, paymentDate: payload.payment_date };
}

function statusName(bill: ProcurifyBill): string {
  return billStatusNames[bill.status ?? -1] ?? `status ${String(bill.status)}`;
}

function billLabel(bill: ProcurifyBill): string {
  return `bill ${bill.id}${bill.invoice_number ? ` (${bill.invoice_number})` : ''}`;
}

/**
 * The bill is Paid in Procurify: the record is done, whoever paid it. Paid on the Oracle payment
 * date is what our mark-as-paid sets (an earlier attempt whose response was lost, or a replay);
 * any other date means it was paid in Procurify, which the record's reason keeps.
 */
function alreadyPaid(bill: ProcurifyBill, uuid: string, paymentDate: string): Target {
  const paidOn = bill.bill_payment?.payment?.payment_date ?? null;
  const targetNumber = bill.invoice_number || String(bill.id);
  if (paidOn === paymentDate) {
    return {
      targetId: uuid,
      targetNumber,
      via: 'adopted',
      message: `${billLabel(bill)} is already Paid in Procurify on ${paymentDate}, the Oracle payment date (marked by an earlier attempt or by hand): not marked again`,
      details: { procurifyStatus: bill.status ?? null, markedPaidBy: 'ml-connector', paymentDate },
    };
  }
  const on = paidOn ? ` (payment date ${paidOn})` : '';
  return {
    targetId: uuid,
    targetNumber,
    via: 'adopted',
    message: `${billLabel(bill)} is already Paid in Procurify${on}: not marked again`,
    reason: `Already paid in Procurify${on}; not marked again`,
    details: { procurifyStatus: bill.status ?? null, markedPaidBy: 'procurify', paymentDate: paidOn },
  };
}

/**
 * Mark-as-paid applies only to approved bills without a payment (procurify.md §7). Anything else
 * is left alone: Procurify would ignore it, and the operator should know why it was not marked.
 */
function assertPayable(bill: ProcurifyBill): void {
  if (bill.status !== approved) {
    throw new PermanentError(
      `${billLabel(bill)} is ${statusName(bill)} in Procurify, not Approved: mark-as-paid only applies to approved bills, so it was left alone although Oracle paid its invoice. Approve it in Procurify (or settle it by hand), then replay.`,
      { code: 'BILL_NOT_PAYABLE' },
    );
  }
  if (bill.bill_payment) {
    throw new PermanentError(
      `${billLabel(bill)} already has a Procurify payment (${bill.bill_payment.amount ?? 'amount unknown'}) in progress: mark-as-paid only applies to bills without one, so it was left alone although Oracle paid its invoice. Finish or remove that payment in Procurify, then replay.`,
      { code: 'BILL_HAS_PAYMENT' },
    );
  }
}

/**
 * Oracle paid the invoice → the Procurify bill is marked paid on Oracle's payment date, through
 * the process's batcher, then read back and confirmed Paid (status 4). Idempotent: the bill is
 * read first and a Paid bill is adopted, never posted again; a lost response is settled by the
 * look-up on the next attempt.
 */
export function createInvoicePaymentWriter(batcher: MarkPaidBatcher): TargetWriter<ProcurifyClient> {
  return {
    async lookUp({ client, record }) {
      const { uuid, paymentDate } = payloadOf(record.mappedPayload);
      const bill = await client.getBill(uuid);
      return bill.status === paid ? alreadyPaid(bill, uuid, paymentDate) : undefined;
    },

    async write({ client, record, settings }) {
      const { uuid, paymentDate } = payloadOf(record.mappedPayload);
      const before = await client.getBill(uuid);
      if (before.status === paid) return alreadyPaid(before, uuid, paymentDate);
      assertPayable(before);
      await batcher.markPaid(client, { connectionId: settings.id, paymentDate }, uuid);
      const after = await client.getBill(uuid);
      if (after.status === paid) {
        return {
          targetId: uuid,
          targetNumber: after.invoice_number || String(after.id),
          via: 'created',
          message: `marked paid in Procurify on ${paymentDate} and read back: ${billLabel(after)} is Paid`,
          details: { procurifyStatus: after.status, markedPaidBy: 'ml-connector', paymentDate },
        };
      }
      // Procurify answered but did not apply it. If the bill changed meanwhile, say how;
      // otherwise try again (the look-up runs first).
      assertPayable(after);
      throw new TransientError(
        `Procurify accepted mark-as-paid for ${billLabel(after)} but it still reads ${statusName(after)}`,
        { code: 'MARK_PAID_NOT_APPLIED', system: 'procurify' },
      );
    },
  };
}

/** The writer with a default batcher, for callers that do not configure one. */
export const invoicePaymentWriter = createInvoicePaymentWriter(new MarkPaidBatcher());
