import { streamCatalog } from '@mlc/connections';
import { invoiceStatusFields, recordInvoicePayments } from './invoice-payments.ts';
import { addResults, emptyRecordResult, windowStart, type Stream } from './stream.ts';

/**
 * Oracle invoices changed since the cursor minus the overlap (`LastUpdateDate`, only the status
 * fields), kept when the ledger knows them as invoices of Procurify bills: their payment state
 * becomes `invoice_payment` versions, which the mapper turns into mark-as-paid or a ledger reason.
 * Active when `options.paymentsSource` is "oracle" (the default).
 */
export const oracleInvoiceStatusStream: Stream = {
  ...streamCatalog.invoiceStatus,
  async run(context) {
    const { clients, settings } = context;
    const since = windowStart(context, settings.schedule.overlapMinutes * 60_000);
    let recorded = emptyRecordResult();
    let read = 0;
    for await (const page of clients.oracle.listChangedInvoices({ since, fields: invoiceStatusFields })) {
      read += page.length;
      recorded = addResults(recorded, await recordInvoicePayments(context, page));
    }
    return { watermark: context.startedAt, read, recorded };
  },
};
