import { PermanentError } from '@mlc/errors';
import type { OracleClient } from '@mlc/oracle-client';
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

/** Procurify bill → Oracle Payables invoice. Natural key: invoice number + supplier number. */
export const invoiceWriter: TargetWriter<OracleClient> = {
  async lookUp({ client, record }) {
    const invoice = await client.findInvoice(invoiceKey(record.mappedPayload));
    return invoice
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
        const existing = await client.findInvoice(invoiceKey(payload));
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
