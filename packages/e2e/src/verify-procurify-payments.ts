import type { PrismaClient } from '@mlc/db';
import { Money, paymentReference, type ProcurifyPaymentSnapshot } from '@mlc/mapping';
import type { Pipeline } from './pipeline.ts';

/**
 * Every way the Procurify → Oracle payment end state can be wrong, one line each (empty =
 * right): each paid, non-external Procurify payment whose bills all reached Oracle is recorded
 * there exactly once (our reference in PaymentDescription), against exactly the invoices of its
 * bills, for its amount, unless its amount or currency disagrees (then failed with both figures);
 * external payments are never sent; nothing in Oracle carries a reference the ledger does not know.
 */
export async function verifyProcurifyPayments(prisma: PrismaClient, pipeline: Pipeline): Promise<string[]> {
  const problems: string[] = [];
  const records = await prisma.ledgerRecord.findMany({
    where: { connectionId: pipeline.connectionId, entity: 'procurify_payment' },
  });
  const bills = await prisma.ledgerRecord.findMany({
    where: { connectionId: pipeline.connectionId, entity: 'bill' },
    select: { sourceId: true, targetId: true, mappedPayload: true },
  });
  const oraclePayments = [...pipeline.sims.oracle.store.payments.values()];
  const withReference = (id: string) =>
    oraclePayments.filter((payment) => (payment.row.PaymentDescription ?? '').includes(paymentReference(id)));

  for (const record of records) {
    const { payment, bills: paid } = record.sourceSnapshot as unknown as ProcurifyPaymentSnapshot;
    const label = `Procurify payment ${payment.id}`;
    const inOracle = withReference(record.sourceId);
    const invoices = paid.map((bill) => bills.find((candidate) => candidate.sourceId === bill.uuid));
    const external = payment.sourceType === 'external';
    const allInvoiced = invoices.every((bill) => bill?.targetId);
    const invoiceTotal = invoices.reduce(
      (sum, bill) =>
        sum.plus(String((bill?.mappedPayload as { InvoiceAmount?: number } | null)?.InvoiceAmount ?? 0)),
      new Money(0),
    );
    const agrees = invoiceTotal.equals(new Money(payment.amount));
    const expected =
      external || payment.status !== 'paid'
        ? 'skipped'
        : !allInvoiced
          ? 'blocked'
          : agrees
            ? 'synced'
            : 'failed';
    if (record.status !== expected)
      problems.push(`${label}: ${record.status} (${record.reason ?? ''}), expected ${expected}`);
    if (expected === 'failed') {
      // Both figures, on the record and in words.
      const figures = record.details as { paymentAmount?: string; invoicesAmount?: string } | null;
      if (
        record.errorCode !== 'PAYMENT_AMOUNT_MISMATCH' ||
        !figures?.paymentAmount ||
        !new Money(figures.paymentAmount).equals(new Money(payment.amount)) ||
        !figures.invoicesAmount ||
        !new Money(figures.invoicesAmount).equals(invoiceTotal) ||
        !/ is [\d,.]+ [A-Z]{3} but the Oracle invoice\(s\) it pays \(.+\) total [\d,.]+ [A-Z]{3}/.test(
          record.reason ?? '',
        )
      )
        problems.push(`${label}: a mismatch without both figures: ${record.errorCode} ${record.reason}`);
    }
    if (expected !== 'synced') {
      if (inOracle.length > 0)
        problems.push(`${label}: ${inOracle.length} Oracle payment(s) for a ${expected} record`);
      continue;
    }
    if (inOracle.length !== 1) {
      problems.push(`${label}: ${inOracle.length} Oracle payments, expected exactly 1`);
      continue;
    }
    const [oracle] = inOracle as [(typeof inOracle)[number]];
    if (record.targetId !== String(oracle.row.CheckId))
      problems.push(`${label}: ledger target ${record.targetId}, Oracle CheckId ${oracle.row.CheckId}`);
    if (!new Money(oracle.row.PaymentAmount).equals(new Money(payment.amount)))
      problems.push(`${label}: Oracle amount ${oracle.row.PaymentAmount}, expected ${payment.amount}`);
    const related = oracle.related.map((row) => String(row.row.InvoiceId)).sort();
    const wanted = invoices.map((bill) => String(bill?.targetId)).sort();
    if (JSON.stringify(related) !== JSON.stringify(wanted))
      problems.push(`${label}: pays invoices ${related.join(',')}, expected ${wanted.join(',')}`);
    if (oracle.row.PaymentStatus === 'Voided') problems.push(`${label}: its Oracle payment is voided`);
  }
  for (const payment of oraclePayments) {
    const reference = /\[PRC-PAY-(\d+)\]/.exec(payment.row.PaymentDescription ?? '')?.[1];
    if (reference && !records.some((record) => record.sourceId === reference))
      problems.push(`Oracle payment ${payment.row.CheckId}: ${reference} is not on the ledger`);
  }
  return problems;
}
