import { BodyReader } from './body-reader.ts';
import { formatAmount, fromCents, toCents } from './format.ts';
import { paymentMethods, refreshPaidStatus, requireInvoice, validateInvoice } from './invoice-write.ts';
import { requireBusinessUnit, requireCurrency, requireSupplier, requireSupplierSite } from './master-data.ts';
import type { InvoiceRecord, PaymentRecord, SupplierRecord, SupplierSiteRow } from './records.ts';
import { badRequest, invalidValue, notFound, readOnlyAttribute, requiredAttribute } from './request-error.ts';
import type { OracleStore } from './store.ts';

interface PaymentDraft {
  supplier: SupplierRecord;
  site: SupplierSiteRow;
  businessUnit: string;
  currency: string;
  paymentDate: string;
  methodCode: string;
  description: string | null;
  paymentType: string;
  allocations: { invoice: InvoiceRecord; cents: number }[];
}

function unpaidCents(invoice: InvoiceRecord): number {
  return invoice.row.CanceledFlag ? 0 : invoice.amountCents - invoice.paidCents;
}

function recordPayment(store: OracleStore, draft: PaymentDraft): PaymentRecord {
  const now = store.now();
  const checkId = store.nextId();
  const totalCents = draft.allocations.reduce((sum, allocation) => sum + allocation.cents, 0);
  const record: PaymentRecord = {
    row: {
      CheckId: checkId,
      PaymentId: store.nextId(),
      PaymentNumber: store.nextPaymentNumber(),
      PaymentAmount: fromCents(totalCents),
      PaymentDate: draft.paymentDate,
      PaymentCurrency: draft.currency,
      PaymentStatus: 'Negotiable',
      PaymentType: draft.paymentType,
      PaymentMethod: paymentMethods[draft.methodCode] ?? draft.methodCode,
      PaymentMethodCode: draft.methodCode,
      PaymentDescription: draft.description,
      AccountingDate: draft.paymentDate,
      VoidDate: null,
      VoidAccountingDate: null,
      Payee: draft.supplier.row.Supplier,
      PayeeSite: draft.site.SupplierSite,
      SupplierNumber: draft.supplier.row.SupplierNumber,
      BusinessUnit: draft.businessUnit,
      DisbursementBankAccountName: 'BofA Operating Account',
      CreationDate: now,
      LastUpdateDate: now,
    },
    related: draft.allocations.map(({ invoice, cents }) => ({
      cents,
      row: {
        InvoicePaymentId: store.nextId(),
        CheckId: checkId,
        InvoiceId: invoice.row.InvoiceId,
        InvoiceNumber: invoice.row.InvoiceNumber,
        InvoiceBusinessUnit: invoice.row.BusinessUnit,
        InstallmentNumber: 1,
        AmountPaidPaymentCurrency: fromCents(cents),
        // The simulator pays in the invoice's payment currency only, so no conversion applies.
        AmountPaidInvoiceCurrency: fromCents(cents),
        DiscountTaken: 0,
        InvoiceCurrency: invoice.row.InvoiceCurrency,
        PaymentCurrency: draft.currency,
        CreationDate: now,
        LastUpdateDate: now,
      },
    })),
  };
  for (const { invoice, cents } of draft.allocations) {
    invoice.paidCents += cents;
    refreshPaidStatus(store, invoice);
  }
  store.payments.set(checkId, record);
  return record;
}

/**
 * POST payablesPayments: a manual payment of one or more invoices of one supplier. Each related
 * invoice is named by InvoiceId or InvoiceNumber; amounts may not exceed what is unpaid and must add
 * up to PaymentAmount; the invoices' payment currency must be the payment's.
 */
export function createPayment(store: OracleStore, body: unknown): PaymentRecord {
  const payment = new BodyReader(body);
  const paymentCents = toCents(payment.positiveNumber('PaymentAmount'));
  const currency = requireCurrency(store, 'PaymentCurrency', payment.requiredString('PaymentCurrency'));
  const businessUnit = requireBusinessUnit(store, 'BusinessUnit', payment.requiredString('BusinessUnit'));
  const supplierName = payment.string('Supplier') ?? payment.string('Payee');
  const supplier = requireSupplier(store, supplierName, payment.string('SupplierNumber'));
  const siteCode = payment.string('SupplierSite') ?? payment.string('PayeeSite');
  if (siteCode === undefined) throw requiredAttribute('SupplierSite');
  const site = requireSupplierSite(store, supplier, siteCode, businessUnit.row.BusinessUnitName, 'pay');
  const methodCode = payment.string('PaymentMethodCode') ?? 'CHECK';
  if (!paymentMethods[methodCode]) throw invalidValue('PaymentMethodCode', methodCode);

  const relatedReaders = payment.children('relatedInvoices', (index) => `related invoice ${index + 1}`);
  if (relatedReaders.length === 0) throw requiredAttribute('relatedInvoices', 'the payment');
  const pendingCents = new Map<InvoiceRecord, number>();
  const allocations = relatedReaders.map((related) => {
    const invoiceId = related.number('InvoiceId');
    const invoiceNumber = related.string('InvoiceNumber');
    let invoice: InvoiceRecord | undefined;
    if (invoiceId !== undefined) {
      invoice = store.invoices.get(invoiceId);
      if (!invoice || invoice.supplierId !== supplier.row.SupplierId)
        throw invalidValue('InvoiceId', invoiceId);
    } else if (invoiceNumber !== undefined) {
      invoice = store.invoiceBySupplier(supplier.row.SupplierId, invoiceNumber);
      if (!invoice) throw invalidValue('InvoiceNumber', invoiceNumber);
    } else {
      throw requiredAttribute('InvoiceNumber', related.where);
    }
    const { row } = invoice;
    if (row.BusinessUnit !== businessUnit.row.BusinessUnitName)
      throw invalidValue('InvoiceNumber', row.InvoiceNumber, `The invoice belongs to ${row.BusinessUnit}.`);
    if (row.CanceledFlag) throw invalidValue('InvoiceNumber', row.InvoiceNumber, 'The invoice is canceled.');
    if (row.PaymentCurrency !== currency)
      throw invalidValue(
        'PaymentCurrency',
        currency,
        `The invoice ${row.InvoiceNumber} is paid in ${row.PaymentCurrency}.`,
      );
    const cents = toCents(related.positiveNumber('AmountPaidPaymentCurrency'));
    const available = unpaidCents(invoice) - (pendingCents.get(invoice) ?? 0);
    if (cents > available)
      throw invalidValue(
        'AmountPaidPaymentCurrency',
        formatAmount(cents),
        `The unpaid amount of invoice ${row.InvoiceNumber} is ${formatAmount(available)}.`,
      );
    pendingCents.set(invoice, (pendingCents.get(invoice) ?? 0) + cents);
    return { invoice, cents };
  });
  const allocatedCents = allocations.reduce((sum, allocation) => sum + allocation.cents, 0);
  if (allocatedCents !== paymentCents)
    throw badRequest(
      `The payment amount (${formatAmount(paymentCents)}) does not equal the sum of the amounts paid on the related invoices (${formatAmount(allocatedCents)}).`,
    );
  return recordPayment(store, {
    supplier,
    site,
    businessUnit: businessUnit.row.BusinessUnitName,
    currency,
    paymentDate: payment.date('PaymentDate') ?? store.today(),
    methodCode,
    description: payment.string('PaymentDescription') ?? null,
    paymentType: 'Manual',
    allocations,
  });
}

/**
 * The control API's "Payables paid this invoice": a payment of `amount` (default: what is unpaid),
 * as a payment process request would make it. An unvalidated invoice is validated first, as Payables
 * only pays validated invoices.
 */
export function payInvoice(
  store: OracleStore,
  invoiceId: number,
  options: { amount?: number; date?: string },
): PaymentRecord {
  const invoice = requireInvoice(store, invoiceId);
  const { row } = invoice;
  if (row.CanceledFlag) throw badRequest(`The invoice ${row.InvoiceNumber} is canceled.`);
  const unpaid = unpaidCents(invoice);
  const cents = options.amount === undefined ? unpaid : toCents(options.amount);
  if (cents <= 0 || cents > unpaid)
    throw badRequest(
      `The amount ${formatAmount(cents)} is not between 0 and the unpaid ${formatAmount(unpaid)}.`,
    );
  const supplier = store.suppliers.get(invoice.supplierId);
  const site = supplier?.sites.find(
    (candidate) =>
      candidate.SupplierSite === row.SupplierSite && candidate.ProcurementBU === row.BusinessUnit,
  );
  if (!supplier || !site)
    throw badRequest(`The supplier site of invoice ${row.InvoiceNumber} no longer exists.`);
  if (row.ValidationStatus === 'Not Validated') validateInvoice(store, invoiceId);
  return recordPayment(store, {
    supplier,
    site,
    businessUnit: row.BusinessUnit,
    currency: row.PaymentCurrency,
    paymentDate: options.date ?? store.today(),
    methodCode: row.PaymentMethodCode,
    description: null,
    paymentType: 'Payment Process Request',
    allocations: [{ invoice, cents }],
  });
}

/** Voids a payment: its amounts come off the invoices again and it shows as Voided. */
export function voidPayment(store: OracleStore, checkId: number, voidDate?: string): PaymentRecord {
  const payment = store.payments.get(checkId);
  if (!payment) throw notFound('payablesPayments', String(checkId));
  if (payment.row.PaymentStatus === 'Voided')
    throw badRequest(`The payment ${payment.row.PaymentNumber} is already voided.`);
  const date = voidDate ?? store.today();
  Object.assign(payment.row, {
    PaymentStatus: 'Voided',
    VoidDate: date,
    VoidAccountingDate: date,
    LastUpdateDate: store.now(),
  });
  for (const related of payment.related) {
    const invoice = store.invoices.get(related.row.InvoiceId);
    if (!invoice) continue;
    invoice.paidCents -= related.cents;
    refreshPaidStatus(store, invoice);
  }
  return payment;
}

/** PATCH payablesPayments/{CheckId}: `VoidDate` voids it; `PaymentDescription` may change. */
export function patchPayment(store: OracleStore, checkId: number, body: unknown): PaymentRecord {
  const patch = new BodyReader(body);
  const unknown = patch.unknownAttributes([
    'VoidDate',
    'VoidAccountingDate',
    'PaymentDescription',
    'CheckId',
  ]);
  if (unknown[0] !== undefined) throw readOnlyAttribute(unknown[0], 'payablesPayments');
  const payment = store.payments.get(checkId);
  if (!payment) throw notFound('payablesPayments', String(checkId));
  const voidDate = patch.date('VoidDate');
  const description = patch.string('PaymentDescription');
  if (voidDate !== undefined) voidPayment(store, checkId, voidDate);
  if (patch.has('PaymentDescription')) {
    payment.row.PaymentDescription = description ?? null;
    payment.row.LastUpdateDate = store.now();
  }
  return payment;
}
