import { streamCatalog } from '@mlc/connections';
import { contentHash, type ProcurifyPaymentSnapshot } from '@mlc/mapping';
import type { ProcurifyBillSummary, ProcurifyPayment } from '@mlc/procurify-client';
import { addResults, emptyRecordResult, windowStart, type Stream } from './stream.ts';

function isPaid(payment: ProcurifyPayment): boolean {
  return (payment.status ?? '').trim().toLowerCase() === 'paid';
}

function snapshotOf(
  payment: ProcurifyPayment,
  bills: readonly ProcurifyBillSummary[],
): ProcurifyPaymentSnapshot {
  const groups = [...new Set(payment.bill_groups ?? [])].sort((a, b) => a - b);
  return {
    payment: {
      id: payment.id,
      uuid: payment.uuid ?? null,
      amount: payment.amount,
      currency: payment.currency.name,
      status: payment.status ?? null,
      processingDate: payment.processing_date ?? null,
      postedDate: payment.posted_date ?? null,
      sourceType: payment.payment_source_type ?? null,
      vendorName: payment.vendor_name ?? null,
      billGroups: groups,
    },
    bills: bills
      .filter((bill) => bill.group !== null && bill.group !== undefined && groups.includes(bill.group))
      .map((bill) => ({
        id: bill.id,
        uuid: bill.uuid,
        group: bill.group ?? null,
        invoiceNumber: bill.invoice_number ?? null,
        total: bill.total_cost_with_tax === undefined ? null : String(bill.total_cost_with_tax),
        currency: bill.currency?.name ?? null,
      }))
      .sort((a, b) => a.id - b.id),
  };
}

/**
 * Payments made in Procurify (`/api/public/v1/payments/`, `updated_at_after` = cursor minus the
 * overlap, oldest first), each with the bills of its bill groups, as `procurify_payment` versions
 * for the mapper to match to Oracle invoices. Active when `options.paymentsSource` is
 * "procurify". Payments that are not paid are recorded only once the ledger knows them (a paid
 * payment that was later reversed must be seen). The group → bills join asks Procurify (bills list
 * `include_bill_group_ids`, one request per page of payments): the ledger keeps bills by uuid,
 * not by group, and may not hold bills older than the first poll's lookback; the mapper then
 * finds each bill's Oracle invoice on the ledger by uuid.
 */
export const procurifyPaymentsStream: Stream = {
  ...streamCatalog.procurifyPayments,
  async run(context) {
    const { clients, ledger, settings } = context;
    const since = windowStart(context, settings.schedule.overlapMinutes * 60_000);
    let recorded = emptyRecordResult();
    let read = 0;
    for await (const page of clients.procurify.listPayments({ updatedAfter: since })) {
      read += page.length;
      const known = await ledger.knownVersions(
        settings.id,
        'procurify_payment',
        page.map((payment) => String(payment.id)),
      );
      const relevant = page.filter((payment) => isPaid(payment) || known.has(String(payment.id)));
      const groups = [...new Set(relevant.flatMap((payment) => payment.bill_groups ?? []))];
      const bills: ProcurifyBillSummary[] = [];
      if (groups.length > 0) {
        for await (const billPage of clients.procurify.listBills({ groups })) bills.push(...billPage);
      }
      const versions = relevant.map((payment) => {
        const snapshot = snapshotOf(payment, bills);
        return {
          sourceId: String(payment.id),
          sourceNumber: String(payment.id),
          sourceVersion: payment.updated_at,
          sourceUpdatedAt: new Date(payment.updated_at),
          contentHash: contentHash(snapshot),
          snapshot,
        };
      });
      recorded = addResults(
        recorded,
        await ledger.recordSourceVersions(settings.id, 'procurify_payment', versions),
      );
    }
    return { watermark: context.startedAt, read, recorded };
  },
};
