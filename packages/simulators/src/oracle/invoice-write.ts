import { BodyReader } from './body-reader.ts';
import { addDays, formatAmount, fromCents, termDays, toCents } from './format.ts';
import {
  requireBusinessUnit,
  requireCurrency,
  requireEnabledAccount,
  requireSupplier,
  requireSupplierSite,
} from './master-data.ts';
import type { InvoiceDistributionRow, InvoiceLineRecord, InvoiceRecord, SupplierRecord } from './records.ts';
import { badRequest, invalidValue, notFound, requiredAttribute } from './request-error.ts';
import type { OracleStore } from './store.ts';

const lineTypes = new Set(['Item', 'Freight', 'Miscellaneous']);
const invoiceTypes = new Set(['Standard', 'Debit Memo', 'Prepayment']);
export const paymentMethods: Readonly<Record<string, string>> = {
  CHECK: 'Check',
  EFT: 'Electronic',
  WIRE: 'Wire',
};

/** Distributions of a PO-matched line: the schedule's charge accounts, split by quantity. */
function matchedDistributions(
  store: OracleStore,
  line: BodyReader,
  supplier: SupplierRecord,
  currency: string,
  lineCents: number,
): {
  distributions: { cents: number; account: string }[];
  orderNumber: string;
  lineNumber: number;
  scheduleNumber: number;
} {
  const orderNumber = line.requiredString('PurchaseOrderNumber');
  const lineNumber = line.requiredNumber('PurchaseOrderLineNumber');
  const scheduleNumber = line.requiredNumber('PurchaseOrderScheduleLineNumber');
  const order = store.purchaseOrderByOrderNumber(orderNumber);
  if (!order) throw invalidValue('PurchaseOrderNumber', orderNumber);
  if (order.row.SupplierId !== supplier.row.SupplierId)
    throw invalidValue(
      'PurchaseOrderNumber',
      orderNumber,
      `The purchase order is not for supplier ${supplier.row.Supplier}.`,
    );
  if (order.row.CurrencyCode !== currency)
    throw invalidValue(
      'InvoiceCurrency',
      currency,
      `The purchase order ${orderNumber} is in ${order.row.CurrencyCode}.`,
    );
  const orderLine = order.lines.find((candidate) => candidate.row.LineNumber === lineNumber);
  if (!orderLine) throw invalidValue('PurchaseOrderLineNumber', lineNumber);
  const schedule = orderLine.schedules.find((candidate) => candidate.row.ScheduleNumber === scheduleNumber);
  if (!schedule) throw invalidValue('PurchaseOrderScheduleLineNumber', scheduleNumber);
  const totalQuantity = schedule.distributions.reduce((sum, distribution) => sum + distribution.Quantity, 0);
  let remaining = lineCents;
  const distributions = schedule.distributions.map((distribution, index) => {
    const isLast = index === schedule.distributions.length - 1;
    const cents = isLast ? remaining : Math.round((lineCents * distribution.Quantity) / totalQuantity);
    remaining -= cents;
    return { cents, account: distribution.POChargeAccount };
  });
  return { distributions, orderNumber, lineNumber, scheduleNumber };
}

/**
 * POST invoices: header with `invoiceLines` (each coded by `DistributionCombination`, by nested
 * `invoiceDistributions`, or matched to a PO schedule; freight lines may be uncoded). Rejects what
 * the brief's Payables rules reject, with Oracle's plain-text 400s.
 */
export function createInvoice(store: OracleStore, body: unknown): InvoiceRecord {
  const header = new BodyReader(body);
  const invoiceNumber = header.requiredString('InvoiceNumber');
  // AP_INVOICES_ALL.INVOICE_NUM is 50 characters; Payables refuses a longer number.
  if (invoiceNumber.length > 50)
    throw badRequest('The value of the attribute InvoiceNumber exceeds the maximum length of 50.');
  const businessUnit = requireBusinessUnit(store, 'BusinessUnit', header.requiredString('BusinessUnit'));
  const supplier = requireSupplier(store, header.string('Supplier'), header.string('SupplierNumber'));
  const site = requireSupplierSite(
    store,
    supplier,
    header.requiredString('SupplierSite'),
    businessUnit.row.BusinessUnitName,
    'pay',
  );
  const currency = requireCurrency(store, 'InvoiceCurrency', header.requiredString('InvoiceCurrency'));
  const paymentCurrency = requireCurrency(
    store,
    'PaymentCurrency',
    header.string('PaymentCurrency') ?? currency,
  );
  const amountCents = toCents(header.positiveNumber('InvoiceAmount'));
  const invoiceType = header.string('InvoiceType') ?? 'Standard';
  if (!invoiceTypes.has(invoiceType)) throw invalidValue('InvoiceType', invoiceType);
  const paymentTerms = header.string('PaymentTerms') ?? 'Net 30';
  if (!store.paymentTerms.has(paymentTerms)) throw invalidValue('PaymentTerms', paymentTerms);
  const methodCode = header.string('PaymentMethodCode') ?? 'CHECK';
  const method = paymentMethods[methodCode];
  if (!method) throw invalidValue('PaymentMethodCode', methodCode);
  const invoiceDate = header.date('InvoiceDate') ?? store.today();
  const accountingDate = header.date('AccountingDate') ?? invoiceDate;
  const termsDate = header.date('TermsDate') ?? invoiceDate;

  if (store.invoiceBySupplier(supplier.row.SupplierId, invoiceNumber))
    throw badRequest(
      `An invoice with number ${invoiceNumber} already exists for supplier ${supplier.row.Supplier}.`,
    );

  const now = store.now();
  const lineNumbers = new Set<number>();
  let linesCents = 0;
  let firstOrderNumber: string | null = null;
  const lines = header
    .children('invoiceLines', (index) => `invoice line ${index + 1}`)
    .map((line, index): InvoiceLineRecord => {
      const lineNumber = line.number('LineNumber') ?? index + 1;
      if (!Number.isInteger(lineNumber) || lineNumber < 1 || lineNumbers.has(lineNumber))
        throw invalidValue('LineNumber', lineNumber);
      lineNumbers.add(lineNumber);
      const where = `invoice line ${lineNumber}`;
      const lineType = line.string('LineType') ?? 'Item';
      if (!lineTypes.has(lineType)) throw invalidValue('LineType', lineType);
      const lineCents = toCents(line.requiredNumber('LineAmount'));
      linesCents += lineCents;
      const lineCombination = line.string('DistributionCombination');
      const explicit = line.children('invoiceDistributions', (n) => `distribution ${n + 1} of ${where}`);
      const isMatched = [
        'PurchaseOrderNumber',
        'PurchaseOrderLineNumber',
        'PurchaseOrderScheduleLineNumber',
      ].some((attribute) => line.has(attribute));

      let coding: { cents: number; account: string; number?: number }[] = [];
      let match: ReturnType<typeof matchedDistributions> | undefined;
      if (explicit.length > 0) {
        coding = explicit.map((distribution, n) => ({
          cents: toCents(distribution.requiredNumber('DistributionAmount')),
          account: distribution.requiredString('DistributionCombination'),
          number: distribution.number('DistributionLineNumber') ?? n + 1,
        }));
        const codedCents = coding.reduce((sum, entry) => sum + entry.cents, 0);
        if (codedCents !== lineCents)
          throw badRequest(
            `The sum of the distribution amounts (${formatAmount(codedCents)}) of ${where} does not equal the line amount (${formatAmount(lineCents)}).`,
          );
      } else if (lineCombination !== undefined) {
        coding = [{ cents: lineCents, account: lineCombination }];
      } else if (isMatched) {
        match = matchedDistributions(store, line, supplier, currency, lineCents);
        coding = match.distributions;
      } else if (lineType !== 'Freight') {
        throw requiredAttribute('DistributionCombination', where);
      }
      if (isMatched && !match) match = matchedDistributions(store, line, supplier, currency, lineCents);
      firstOrderNumber ??= match?.orderNumber ?? null;

      const distributions = coding.map((entry, n): InvoiceDistributionRow => ({
        InvoiceDistributionId: store.nextId(),
        DistributionLineNumber: entry.number ?? n + 1,
        DistributionLineType: lineType,
        DistributionAmount: fromCents(entry.cents),
        DistributionCombination: requireEnabledAccount(store, 'DistributionCombination', entry.account)
          .ConcatenatedSegments,
        AccountingDate: accountingDate,
        Description: line.string('Description') ?? null,
        CreationDate: now,
        LastUpdateDate: now,
      }));
      return {
        row: {
          LineNumber: lineNumber,
          LineType: lineType,
          LineAmount: fromCents(lineCents),
          Description: line.string('Description') ?? null,
          Quantity: line.number('Quantity') ?? null,
          UnitPrice: line.number('UnitPrice') ?? null,
          UOM: line.string('UOM') ?? null,
          DistributionCombination: lineCombination ?? null,
          PurchaseOrderNumber: match?.orderNumber ?? null,
          PurchaseOrderLineNumber: match?.lineNumber ?? null,
          PurchaseOrderScheduleLineNumber: match?.scheduleNumber ?? null,
          AccountingDate: accountingDate,
          CanceledFlag: false,
          CreationDate: now,
          LastUpdateDate: now,
        },
        distributions,
      };
    });
  if (linesCents !== amountCents)
    throw badRequest(
      `The sum of the invoice line amounts (${formatAmount(linesCents)}) does not equal the invoice amount (${formatAmount(amountCents)}).`,
    );

  const record: InvoiceRecord = {
    row: {
      InvoiceId: store.nextId(),
      InvoiceNumber: invoiceNumber,
      InvoiceCurrency: currency,
      PaymentCurrency: paymentCurrency,
      InvoiceAmount: fromCents(amountCents),
      InvoiceDate: invoiceDate,
      InvoiceType: invoiceType,
      InvoiceSource: header.string('InvoiceSource') ?? 'External',
      InvoiceGroup: header.string('InvoiceGroup') ?? null,
      BusinessUnit: businessUnit.row.BusinessUnitName,
      Supplier: supplier.row.Supplier,
      SupplierNumber: supplier.row.SupplierNumber,
      SupplierSite: site.SupplierSite,
      Description: header.string('Description') ?? null,
      PurchaseOrderNumber: header.string('PurchaseOrderNumber') ?? firstOrderNumber,
      PaymentTerms: paymentTerms,
      TermsDate: termsDate,
      PaymentMethod: method,
      PaymentMethodCode: methodCode,
      AccountingDate: accountingDate,
      ValidationStatus: 'Not Validated',
      ApprovalStatus: 'Required',
      AccountingStatus: 'Unaccounted',
      PaidStatus: 'Unpaid',
      AmountPaid: 0,
      CanceledFlag: false,
      CanceledDate: null,
      CanceledBy: null,
      CreatedBy: 'INTEGRATION.USER',
      CreationDate: now,
      LastUpdatedBy: 'INTEGRATION.USER',
      LastUpdateDate: now,
    },
    supplierId: supplier.row.SupplierId,
    amountCents,
    paidCents: 0,
    lines,
    installments: [
      {
        InstallmentNumber: 1,
        DueDate: addDays(termsDate, termDays(paymentTerms)),
        GrossAmount: fromCents(amountCents),
        UnpaidAmount: fromCents(amountCents),
        PaymentMethod: method,
        PaymentPriority: 99,
        HeldFlag: false,
        CreationDate: now,
        LastUpdateDate: now,
      },
    ],
  };
  store.addInvoice(record);
  return record;
}

/** Recomputes AmountPaid, PaidStatus and the installment's UnpaidAmount after a payment or a void. */
export function refreshPaidStatus(store: OracleStore, invoice: InvoiceRecord): void {
  const now = store.now();
  const { row } = invoice;
  row.AmountPaid = fromCents(invoice.paidCents);
  row.PaidStatus =
    invoice.paidCents <= 0 ? 'Unpaid' : invoice.paidCents >= invoice.amountCents ? 'Paid' : 'Partially paid';
  row.LastUpdateDate = now;
  for (const installment of invoice.installments) {
    installment.UnpaidAmount = row.CanceledFlag ? 0 : fromCents(invoice.amountCents - invoice.paidCents);
    installment.LastUpdateDate = now;
  }
}

export function requireInvoice(store: OracleStore, invoiceId: number): InvoiceRecord {
  const invoice = store.invoices.get(invoiceId);
  if (!invoice) throw notFound('invoices', String(invoiceId));
  return invoice;
}

/** Cancels an unpaid invoice, as the Payables "Cancel Invoice" action does. */
export function cancelInvoice(store: OracleStore, invoiceId: number): InvoiceRecord {
  const invoice = requireInvoice(store, invoiceId);
  const { row } = invoice;
  if (row.CanceledFlag) throw badRequest(`The invoice ${row.InvoiceNumber} is already canceled.`);
  if (invoice.paidCents > 0)
    throw badRequest(`The invoice ${row.InvoiceNumber} has payments; void them before canceling it.`);
  const now = store.now();
  Object.assign(row, {
    CanceledFlag: true,
    CanceledDate: store.today(),
    CanceledBy: 'AP.MANAGER',
    ValidationStatus: 'Canceled',
    LastUpdatedBy: 'AP.MANAGER',
  });
  for (const line of invoice.lines) Object.assign(line.row, { CanceledFlag: true, LastUpdateDate: now });
  refreshPaidStatus(store, invoice);
  return invoice;
}

/** What the Validate Payables Invoices process and approval would do to a clean invoice. */
export function validateInvoice(store: OracleStore, invoiceId: number): InvoiceRecord {
  const invoice = requireInvoice(store, invoiceId);
  if (invoice.row.CanceledFlag) throw badRequest(`The invoice ${invoice.row.InvoiceNumber} is canceled.`);
  Object.assign(invoice.row, {
    ValidationStatus: 'Validated',
    ApprovalStatus: 'Workflow approved',
    LastUpdateDate: store.now(),
  });
  return invoice;
}
