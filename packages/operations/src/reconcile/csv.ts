import type { ReconcileReport } from './types.ts';

const columns = [
  'kind',
  'procurify_bill_id',
  'procurify_bill_uuid',
  'procurify_invoice_number',
  'procurify_invoice_date',
  'procurify_amount',
  'procurify_currency',
  'procurify_paid',
  'oracle_invoice_id',
  'oracle_invoice_number',
  'oracle_invoice_date',
  'oracle_supplier_number',
  'oracle_amount',
  'oracle_currency',
  'oracle_paid_status',
  'message',
] as const;

/**
 * RFC 4180: a field with a comma, quote, CR or LF is quoted, its quotes doubled. Text that a
 * spreadsheet would run as a formula (an invoice number typed as "=HYPERLINK(…)") gets a leading
 * apostrophe; numbers, negative amounts included, are left alone.
 */
function field(value: string | number | boolean | null): string {
  const raw = value === null ? '' : String(value);
  const text = /^[=+\-@\t\r]/.test(raw) && !/^-?\d+(\.\d+)?$/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The report's discrepancies as CSV (RFC 4180: CRLF line ends, a header row, one row per
 * discrepancy), for a spreadsheet. Amounts stay decimal strings, exactly as in the JSON.
 */
export function reconcileToCsv(report: ReconcileReport): string {
  const rows = report.discrepancies.map((discrepancy) => {
    const { procurify: p, oracle: o } = discrepancy;
    return [
      discrepancy.kind,
      p?.billId ?? null,
      p?.billUuid ?? null,
      p?.invoiceNumber ?? null,
      p?.invoiceDate ?? null,
      p?.amount ?? null,
      p?.currency ?? null,
      p ? p.paid : null,
      o?.invoiceId ?? null,
      o?.invoiceNumber ?? null,
      o?.invoiceDate ?? null,
      o?.supplierNumber ?? null,
      o?.amount ?? null,
      o?.currency ?? null,
      o?.paidStatus ?? null,
      discrepancy.message,
    ];
  });
  return [columns, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
