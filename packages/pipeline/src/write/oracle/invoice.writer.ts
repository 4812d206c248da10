import { PermanentError } from '@mlc/errors';
import type { OracleClient, OracleInvoice } from '@mlc/oracle-client';
import type { TargetWriter } from '../target-writer.ts';

function invoiceKey(payload: unknown): { invoiceNumber: string; supplierNumber: string } {
  const body = payload as { InvoiceNumber?: unknown; SupplierNumber?: unknown };
  if (typeof body.InvoiceNumber !== 'string' || typeof body.SupplierNumber !== 'string') {
    throw new PermanentError('The mapped invoice has no InvoiceNumber/SupplierNumber: map it again', {
      code: 'BAD_PAYLOAD',
    });
  }
  return { invoiceNumber: body.InvoiceNumber, supplierNumber: body.SupplierNumber };
}

/** The Procurify bill id in an invoice description's `[PRC-BILL-{id}]` reference, if it has one. */
function billReferenceIn(description: unknown): string | undefined {
  return typeof description === 'string' ? /\[PRC-BILL-([^\]]+)\]/.exec(description)?.[1] : undefined;
}

/**
 * Whether `invoice` was written for another Procurify bill: two bills of one vendor with the same
 * invoice number are two bills, not one written twice, so the second must not adopt the first's
 * invoice. (An invoice without a reference was keyed in by hand: it may be this bill's.)
 */
function belongsToAnotherBill(invoice: OracleInvoice, payload: unknown): string | undefined {
  const theirs = billReferenceIn(invoice.Description);
  const ours = billReferenceIn((payload as { Description?: unknown }).Description);
  return theirs !== undefined && ours !== undefined && theirs !== ours ? theirs : undefined;
}

/** Procurify bill → Oracle Payables invoice. Natural key: invoice number + supplier number. */
export const invoiceWriter: TargetWriter<OracleClient> = {
  async lookUp({ client, record }) {
    const invoice = await client.findInvoice(invoiceKey(record.mappedPayload));
    return invoice && !belongsToAnotherBill(invoice, record.mappedPayload)
      ? { targetId: invoice.InvoiceId, targetNumber: invoice.InvoiceNumber, via: 'adopted' }
      : undefined;
  },
  async write({ client, record }) {
    const payload = record.mappedPayload as Record<string, unknown>;
    try {
      const invoice = await client.createInvoice(payload);
      return { targetId: invoice.InvoiceId, targetNumber: invoice.InvoiceNumber, via: 'created' };
    } catch (error) {
      // Payables refuses a second invoice number for a supplier: if that invoice is ours (or was
      // keyed in by hand for the same bill), adopt it instead of failing.
      if (
        error instanceof PermanentError &&
        /already exists|duplicate/i.test(`${error.message} ${error.upstreamMessage ?? ''}`)
      ) {
        const key = invoiceKey(payload);
        const existing = await client.findInvoice(key);
        const otherBill = existing ? belongsToAnotherBill(existing, payload) : undefined;
        if (existing && otherBill !== undefined) {
          throw new PermanentError(
            `invoice number ${key.invoiceNumber} is already taken for supplier ${key.supplierNumber} by Oracle invoice ${existing.InvoiceId}, created for Procurify bill ${otherBill}. Oracle keys invoices by number and supplier: correct the invoice number of one of the two bills in Procurify`,
            { code: 'DUPLICATE_INVOICE_NUMBER', system: 'oracle', httpStatus: error.httpStatus ?? 400 },
          );
        }
        if (existing)
          return {
            targetId: existing.InvoiceId,
            targetNumber: existing.InvoiceNumber,
            via: 'adopted',
            details: { adoptedAfter: 'duplicate invoice number' },
          };
      }
      throw error;
    }
  },
};
