import type { PrismaClient } from '@mlc/db';
import { dashedUuid } from '@mlc/e2e/verify';
import type { RunningSimulators, ScenarioBill } from '@mlc/simulators';
import { SimulatorControl } from '@mlc/simulators';

/** How Oracle's Payables pays the invoice of one bill during the run. */
export type PaymentPlan = 'full' | 'partial' | 'none';

/** Procurify BillStatusEnum values that matter here. */
const approved = 2;
const paid = 4;

/**
 * Which invoices Payables pays, and how, decided from the bill alone (repeatable): of the
 * approved bills, one in twenty is paid partially and one in twenty not at all; every other
 * invoice is paid in full — including those of bills already Paid in Procurify, or in a payment
 * there (status 6, 7, 8), which must not be marked paid again.
 */
export function planPayment(bill: Pick<ScenarioBill, 'id' | 'status'>): PaymentPlan {
  if (bill.status !== approved) return 'full';
  if (bill.id % 20 === 0) return 'partial';
  if (bill.id % 20 === 1) return 'none';
  return 'full';
}

export interface PaymentExpectation {
  /** The `invoice_payment` ledger record's end state; undefined: no record (nothing to say). */
  status: 'synced' | 'skipped' | 'failed' | undefined;
  reason?: RegExp;
  errorCode?: string;
  /** The bill's Procurify status at the end. */
  billStatus: number;
  /** Procurify payments the pipeline adds to the bill's group: exactly one when it marks it paid. */
  newPayments: 0 | 1;
}

/**
 * What a correct pipeline ends with for one bill whose invoice reached Oracle, from the bill's
 * Procurify status and payment before the run and the plan (README "Payments", not the
 * connector's code).
 */
export function expectedPayment(
  bill: {
    status: number;
    hasPayment: boolean;
    /** The payment date of the Procurify payment that paid it before the run, if any. */
    paidOn?: string | undefined;
    /** The date Oracle paid its invoice in the run. */
    oraclePaidOn?: string | undefined;
  },
  plan: PaymentPlan,
): PaymentExpectation {
  const billStatus = bill.status;
  if (plan === 'none') return { status: undefined, billStatus, newPayments: 0 };
  if (plan === 'partial')
    return { status: 'skipped', reason: /^Partially paid in Oracle/, billStatus, newPayments: 0 };
  if (billStatus === approved && bill.hasPayment)
    return {
      status: 'failed',
      errorCode: 'BILL_HAS_PAYMENT',
      reason: /already has a Procurify payment .* in progress/,
      billStatus,
      newPayments: 0,
    };
  if (billStatus === approved) return { status: 'synced', billStatus: paid, newPayments: 1 };
  // Paid in Procurify on the very date Oracle paid it: a bill our own mark-as-paid settled (its
  // response lost) reads the same, so the writer adopts it without a reason. Either way: no payment.
  if (billStatus === paid && bill.paidOn !== undefined && bill.paidOn === bill.oraclePaidOn)
    return { status: 'synced', billStatus, newPayments: 0 };
  if (billStatus === paid)
    return { status: 'synced', reason: /^Already paid in Procurify/, billStatus, newPayments: 0 };
  return {
    status: 'failed',
    errorCode: 'BILL_NOT_PAYABLE',
    reason: /not Approved: mark-as-paid only applies to approved bills/,
    billStatus,
    newPayments: 0,
  };
}

export interface PaidInvoice {
  invoiceId: string;
  billId: number;
  billUuid: string;
  billStatus: number;
  /** The bill had a Procurify payment (in progress, or the one that paid it) before the run. */
  billHadPayment: boolean;
  /** That payment's date, if it had one. */
  billPaidOn: string | undefined;
  plan: PaymentPlan;
  checkId: string | undefined;
  paymentDate: string | undefined;
}

interface OraclePaymentDoc {
  CheckId: number;
  PaymentDate: string;
}

/**
 * Plays Oracle Payables during the run: every invoice the pipeline created from a bill (once the
 * bill's ledger record is synced, as AP pays invoices that are in the books) is paid as
 * `planPayment` says, once, through the simulator's control API.
 */
export class Payer {
  readonly invoices = new Map<string, PaidInvoice>();
  private readonly control: SimulatorControl;
  private readonly prisma: PrismaClient;
  private readonly sims: RunningSimulators;
  private readonly connectionId: string;
  /** By the bill ledger record's source id (the uuid as Procurify renders it). */
  private readonly bills: Map<string, ScenarioBill>;
  /**
   * Bills with a Procurify payment when the run started (read before the pipeline marks any), and
   * its payment date.
   */
  private readonly hadPayment: Map<string, string | undefined>;

  constructor(deps: { prisma: PrismaClient; sims: RunningSimulators; connectionId: string }) {
    this.prisma = deps.prisma;
    this.sims = deps.sims;
    this.connectionId = deps.connectionId;
    this.control = new SimulatorControl(deps.sims.oracle.url);
    this.bills = new Map(deps.sims.scenario.bills.map((bill) => [dashedUuid(bill.uuid), bill]));
    this.hadPayment = new Map();
    for (const bill of deps.sims.scenario.bills) {
      const payment = deps.sims.procurify.store.findBillByUuid(bill.uuid)?.payment;
      if (payment) this.hadPayment.set(dashedUuid(bill.uuid), payment.paymentDate);
    }
  }

  /** Pays the invoices of bills synced since the last call; returns how many it paid. */
  async payNewInvoices(): Promise<number> {
    const synced = await this.prisma.ledgerRecord.findMany({
      where: { connectionId: this.connectionId, entity: 'bill', status: 'synced', targetId: { not: null } },
      select: { sourceId: true, targetId: true },
    });
    let count = 0;
    for (const record of synced) {
      const invoiceId = record.targetId as string;
      if (this.invoices.has(invoiceId)) continue;
      const bill = this.bills.get(record.sourceId);
      if (!bill) continue;
      const plan = planPayment(bill);
      const entry: PaidInvoice = {
        invoiceId,
        billId: bill.id,
        billUuid: record.sourceId,
        billStatus: bill.status,
        billHadPayment: this.hadPayment.has(record.sourceId),
        billPaidOn: this.hadPayment.get(record.sourceId),
        plan,
        checkId: undefined,
        paymentDate: undefined,
      };
      // Recorded before the call: an invoice is never paid twice, even if the call fails.
      this.invoices.set(invoiceId, entry);
      if (plan === 'none') continue;
      const invoice = this.sims.oracle.store.invoices.get(Number(invoiceId));
      const amount =
        plan === 'partial' && invoice ? Math.round(invoice.row.InvoiceAmount * 40) / 100 : undefined;
      const payment = await this.control.request<OraclePaymentDoc>(
        'POST',
        `/oracle/invoices/${invoiceId}/pay`,
        amount === undefined ? {} : { amount },
      );
      entry.checkId = String(payment.CheckId);
      entry.paymentDate = payment.PaymentDate.slice(0, 10);
      count += 1;
    }
    return count;
  }

  byPlan(): Record<PaymentPlan, number> {
    const counts: Record<PaymentPlan, number> = { full: 0, partial: 0, none: 0 };
    for (const entry of this.invoices.values()) counts[entry.plan] += 1;
    return counts;
  }
}
