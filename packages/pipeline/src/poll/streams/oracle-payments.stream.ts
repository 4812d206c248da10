import { streamCatalog } from '@mlc/connections';
import { mapWithConcurrency } from '../../concurrency.ts';
import { invoiceStatusFields, paymentStatusFields, recordInvoicePayments } from './invoice-payments.ts';
import { addResults, emptyRecordResult, windowStart, type Stream } from './stream.ts';

/**
 * Oracle payments changed since the cursor minus the overlap (`LastUpdateDate`): new payments and
 * voids, which Oracle may not reflect in the invoice's own LastUpdateDate. The invoices they
 * paid that came from Procurify bills are read again and recorded like the invoice-status stream
 * does, so a void always reaches the ledger.
 */
export const oraclePaymentsStream: Stream = {
  ...streamCatalog.oraclePayments,
  async run(context) {
    const { clients, settings, ledger } = context;
    const since = windowStart(context, settings.schedule.overlapMinutes * 60_000);
    let recorded = emptyRecordResult();
    let read = 0;
    for await (const page of clients.oracle.listChangedPayments({ since, fields: paymentStatusFields })) {
      read += page.length;
      const invoiceIds = [
        ...new Set(page.flatMap((payment) => (payment.relatedInvoices ?? []).map((row) => row.InvoiceId))),
      ];
      const bills = await ledger.byTarget(settings.id, 'bill', invoiceIds);
      const invoices = await mapWithConcurrency(
        invoiceIds.filter((id) => bills.has(id)),
        context.detailConcurrency,
        (id) => clients.oracle.getInvoice(id, { fields: invoiceStatusFields }),
      );
      recorded = addResults(recorded, await recordInvoicePayments(context, invoices, { always: true }));
    }
    return { watermark: context.startedAt, read, recorded };
  },
};
