import { describe, expect, it } from 'vitest';
import { reconcileToCsv } from './csv.ts';
import type { ReconcileReport } from './types.ts';

const summary = {} as ReconcileReport['summary'];

describe('reconcileToCsv', () => {
  it('writes a header, then one CRLF-terminated row per discrepancy, quoting per RFC 4180', () => {
    const csv = reconcileToCsv({
      summary,
      discrepancies: [
        {
          kind: 'amount_mismatch',
          procurify: {
            billId: 624,
            billUuid: '847aae0d-dda0-43e3-be0b-8a0203e4920b',
            invoiceNumber: 'INV "7781", rev\n2',
            invoiceDate: '2025-03-01',
            amount: '1250.00',
            currency: 'USD',
            paid: false,
            status: 'Approved',
          },
          oracle: {
            invoiceId: '300100',
            invoiceNumber: '=HYPERLINK("http://x")',
            invoiceDate: '2025-03-01',
            supplierNumber: '5001',
            amount: '-12.50',
            currency: 'USD',
            paidStatus: 'Unpaid',
          },
          message: 'Bill 624 totals 1250.00 USD but Oracle invoice … is -12.50 USD',
        },
        { kind: 'unexpected_in_oracle', procurify: null, oracle: null, message: 'plain' },
      ],
    });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'kind,procurify_bill_id,procurify_bill_uuid,procurify_invoice_number,procurify_invoice_date,procurify_amount,procurify_currency,procurify_paid,oracle_invoice_id,oracle_invoice_number,oracle_invoice_date,oracle_supplier_number,oracle_amount,oracle_currency,oracle_paid_status,message',
    );
    expect(csv).toContain(
      'amount_mismatch,624,847aae0d-dda0-43e3-be0b-8a0203e4920b,"INV ""7781"", rev\n2",2025-03-01,1250.00,USD,false,300100,',
    );
    // A formula is neutralised; a negative amount is not.
    expect(csv).toContain(`,"'=HYPERLINK(""http://x"")",2025-03-01,5001,-12.50,USD,Unpaid,`);
    expect(lines.at(-2)).toBe('unexpected_in_oracle,,,,,,,,,,,,,,,plain');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('is only the header when nothing differs', () => {
    expect(reconcileToCsv({ summary, discrepancies: [] }).split('\r\n')).toHaveLength(2);
  });
});
