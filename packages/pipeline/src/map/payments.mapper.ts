import {
  evaluateInvoicePayment,
  mapProcurifyPayment,
  type PaymentInvoiceTarget,
  type UnsyncedBill,
} from '@mlc/mapping';
import { invoicePaymentSnapshotSchema, procurifyPaymentSnapshotSchema } from '../payment-snapshots.ts';
import type { EntityMapper, EntityMapResult } from './entity-mapper.ts';

function unreadable(entity: string, problem: string): EntityMapResult {
  return {
    outcome: {
      kind: 'failed',
      code: 'BAD_SNAPSHOT',
      reason: `The stored ${entity} snapshot cannot be read (${problem}); poll again to refresh it`,
    },
    details: {},
  };
}

/**
 * Oracle invoice payment state → mark-as-paid of its Procurify bill, or the reason it is not
 * (partially paid, voided, cancelled…). The record's target is the bill once marked (or found)
 * paid: then a later void is reported loudly, since Procurify cannot un-pay.
 */
export const invoicePaymentMapper: EntityMapper = async (_deps, _settings, record) => {
  const parsed = invoicePaymentSnapshotSchema.safeParse(record.sourceSnapshot);
  if (!parsed.success) return unreadable('invoice payment', parsed.error.issues[0]?.message ?? 'invalid');
  const evaluation = evaluateInvoicePayment(parsed.data, { markedPaid: record.targetId !== null });
  return {
    outcome: evaluation.outcome,
    details: { ...evaluation.details, billId: parsed.data.bill.id, billUuid: parsed.data.bill.uuid },
  };
};

/** The Oracle invoice a bill's ledger record says it became, from the payload that created it. */
function invoiceOf(bill: {
  targetId: string | null;
  targetNumber: string | null;
  mappedPayload: unknown;
}): PaymentInvoiceTarget | undefined {
  const payload = (bill.mappedPayload ?? {}) as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  const amount = text(payload['InvoiceAmount']);
  const currency = text(payload['InvoiceCurrency']);
  const supplierNumber = text(payload['SupplierNumber']);
  const supplierSite = text(payload['SupplierSite']);
  const businessUnit = text(payload['BusinessUnit']);
  if (
    !bill.targetId ||
    !bill.targetNumber ||
    !amount ||
    !currency ||
    !supplierNumber ||
    !supplierSite ||
    !businessUnit
  )
    return undefined;
  return {
    invoiceId: bill.targetId,
    invoiceNumber: bill.targetNumber,
    amount,
    currency,
    supplierNumber,
    supplierSite,
    businessUnit,
  };
}

/**
 * Procurify payment → Oracle Payables payment against the invoices its bills became. A bill
 * without an invoice yet blocks the payment on `bill:{uuid}`; the bill's sync re-queues it.
 */
export const procurifyPaymentMapper: EntityMapper = async (deps, settings, record) => {
  const parsed = procurifyPaymentSnapshotSchema.safeParse(record.sourceSnapshot);
  if (!parsed.success) return unreadable('Procurify payment', parsed.error.issues[0]?.message ?? 'invalid');
  const snapshot = parsed.data;
  const bills = await deps.prisma.ledgerRecord.findMany({
    where: {
      connectionId: settings.id,
      entity: 'bill',
      sourceId: { in: snapshot.bills.map((bill) => bill.uuid) },
    },
    select: {
      sourceId: true,
      status: true,
      reason: true,
      targetId: true,
      targetNumber: true,
      mappedPayload: true,
    },
  });
  const byUuid = new Map(bills.map((bill) => [bill.sourceId, bill]));
  const suppliers = await deps.cache.supplierIndex(settings.id);
  const result = mapProcurifyPayment(snapshot, {
    invoiceFor: (uuid): PaymentInvoiceTarget | UnsyncedBill => {
      const bill = byUuid.get(uuid);
      // A bill with an invoice counts even while a newer version of it is being looked at.
      const invoice = bill ? invoiceOf(bill) : undefined;
      return invoice ?? { status: bill?.status ?? 'unknown', reason: bill?.reason ?? null };
    },
    payeeName: (supplierNumber) => suppliers.byNumber(supplierNumber)?.name,
    options: settings.options.oraclePayments,
    recordedAs: record.targetId ? { targetId: record.targetId, targetNumber: record.targetNumber } : null,
  });
  if (result.kind === 'recorded') {
    return {
      outcome: { kind: 'skipped', reason: result.message },
      details: {},
      inSync: { targetId: record.targetId ?? '', targetNumber: record.targetNumber, message: result.message },
    };
  }
  return { outcome: result.outcome, details: result.details as EntityMapResult['details'] };
};
