import type { ConnectionSettings } from '@mlc/connections';
import type { LedgerRecord } from '@mlc/db';
import { PermanentError, TransientError } from '@mlc/errors';
import { createLogger } from '@mlc/logger';
import { createSpecValidator } from '@mlc/procurify-api/validator';
import { createProcurifyClient, requestProcurifyToken, type ProcurifyClient } from '@mlc/procurify-client';
import { startSimulators, type RunningSimulators } from '@mlc/simulators';
import { tokenFingerprint, type AccessToken, type UpstreamRequestEvent } from '@mlc/upstream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WriterContext } from '../target-writer.ts';
import { createInvoicePaymentWriter } from './invoice-payment.writer.ts';
import { MarkPaidBatcher } from './mark-paid-batcher.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
let sims: RunningSimulators;
let client: ProcurifyClient;
let events: UpstreamRequestEvent[] = [];

beforeAll(async () => {
  sims = await startSimulators({ seed: 5, purchaseOrders: 10, bills: 60 });
  let token: AccessToken | undefined;
  client = createProcurifyClient({
    baseUrl: sims.procurify.url,
    logger,
    observer: (event) => events.push(event),
    auth: {
      async getToken() {
        if (!token) {
          const issued = await requestProcurifyToken({
            baseUrl: sims.procurify.url,
            ...sims.procurify.credentials,
            logger,
          });
          token = {
            authorization: `Bearer ${issued.accessToken}`,
            fingerprint: tokenFingerprint(issued.accessToken),
          };
        }
        return token;
      },
      async invalidate() {
        token = undefined;
      },
    },
  });
});
afterAll(async () => {
  await sims.close();
});
beforeEach(() => {
  events = [];
  sims.procurify.core.faults.clear();
});

/** Approved bills without a payment that no test has used yet. */
const used = new Set<number>();
function payableBills(count: number) {
  const bills = [...sims.procurify.store.bills.values()]
    .filter((bill) => bill.status === 2 && bill.payment === null && !used.has(bill.id))
    .slice(0, count);
  if (bills.length < count) throw new Error(`only ${bills.length} payable bills left`);
  for (const bill of bills) used.add(bill.id);
  return bills;
}

/** What writeRecord hands a writer; the invoice-payment writer reads the payload and connection id. */
function context(uuid: string, paymentDate: string): WriterContext<ProcurifyClient> {
  return {
    client,
    settings: { id: 'cascade-fab' } as ConnectionSettings,
    record: { mappedPayload: { bill_uuids: [uuid], payment_date: paymentDate } } as unknown as LedgerRecord,
  } as WriterContext<ProcurifyClient>;
}

const markAsPaid = (event: UpstreamRequestEvent) => event.route === 'POST ap/bills/mark-as-paid';

describe('invoice-payment writer and its mark-as-paid batcher, against the Procurify simulator', () => {
  it('bills written together share one request that the official spec accepts; each bill is read back Paid', async () => {
    // A full batch goes at once: with exactly maxBills in flight the linger never matters.
    const writer = createInvoicePaymentWriter(new MarkPaidBatcher({ maxBills: 5, lingerMs: 30_000 }));
    const bills = payableBills(5);
    const targets = await Promise.all(bills.map((bill) => writer.write(context(bill.uuid, '2026-11-24'))));

    expect(targets.map((target) => target.via)).toEqual(Array(5).fill('created'));
    for (const bill of bills) {
      expect(bill.status).toBe(4);
      expect(bill.paymentDate).toBe('2026-11-24');
    }
    const posts = events.filter(markAsPaid);
    expect(posts).toHaveLength(1);
    expect((posts[0]!.body as { bill_uuids: string[] }).bill_uuids).toHaveLength(5);
    // One GET before and one after per bill: every bill verified on its own.
    expect(events.filter((event) => event.route === 'GET ap/bills/:uuid')).toHaveLength(10);

    const validator = await createSpecValidator();
    const problems = posts.flatMap((event) =>
      validator
        .validateRequest({
          method: event.method,
          path: new URL(event.url).pathname,
          headers: event.headers,
          body: event.body,
        })
        .errors.map((error) => `${event.url}: ${error}`),
    );
    expect(problems).toEqual([]);
  });

  it('bounds a batch at maxBills and keeps payment dates apart', async () => {
    const writer = createInvoicePaymentWriter(new MarkPaidBatcher({ maxBills: 3, lingerMs: 1_000 }));
    const bills = payableBills(9);
    await Promise.all([
      ...bills.slice(0, 7).map((bill) => writer.write(context(bill.uuid, '2026-11-25'))),
      ...bills.slice(7).map((bill) => writer.write(context(bill.uuid, '2026-11-26'))),
    ]);
    const sizes = events
      .filter(markAsPaid)
      .map((event) => {
        const body = event.body as { bill_uuids: string[]; payment_date: string };
        return `${body.payment_date}:${body.bill_uuids.length}`;
      })
      .sort();
    expect(sizes).toEqual(['2026-11-25:1', '2026-11-25:3', '2026-11-25:3', '2026-11-26:2']);
    expect(bills.every((bill) => bill.status === 4)).toBe(true);
  });

  it('when Procurify refuses a batch outright, each bill is sent alone so one bad bill cannot fail the others', async () => {
    sims.procurify.core.faults.configure([
      {
        match: 'POST /api/v3/ap/bills/mark-as-paid/',
        serverErrorRate: 1,
        serverErrorStatuses: [400],
        times: 1,
      },
    ]);
    const writer = createInvoicePaymentWriter(new MarkPaidBatcher({ maxBills: 3, lingerMs: 30_000 }));
    const bills = payableBills(3);
    const targets = await Promise.all(bills.map((bill) => writer.write(context(bill.uuid, '2026-11-27'))));
    expect(targets.map((target) => target.via)).toEqual(['created', 'created', 'created']);
    expect(
      events.filter(markAsPaid).map((event) => (event.body as { bill_uuids: string[] }).bill_uuids.length),
    ).toEqual([3, 1, 1, 1]);
  });

  it('a lost response fails the attempt; the retry’s look-up finds the bill Paid and posts nothing again', async () => {
    sims.procurify.core.faults.configure([
      { match: 'POST /api/v3/ap/bills/mark-as-paid/', lostResponseRate: 1, times: 1 },
    ]);
    const writer = createInvoicePaymentWriter(new MarkPaidBatcher({ maxBills: 50, lingerMs: 10 }));
    const [bill] = payableBills(1);
    await expect(writer.write(context(bill!.uuid, '2026-11-28'))).rejects.toBeInstanceOf(TransientError);
    expect(bill!.status).toBe(4);

    const found = await writer.lookUp(context(bill!.uuid, '2026-11-28'));
    // Paid on our payment date: our own earlier call, not a payment made in Procurify.
    expect(found).toMatchObject({ via: 'adopted', details: { markedPaidBy: 'ml-connector' } });
    expect(found?.reason).toBeUndefined();
    expect(events.filter(markAsPaid)).toHaveLength(1);
    // Exactly one Procurify payment for the bill: the lost call's.
    expect(
      [...sims.procurify.store.payments.values()].filter((payment) =>
        payment.billGroupIds.includes(bill!.group),
      ),
    ).toHaveLength(1);
  });

  it('leaves bills alone that are already paid, not approved, or in a Procurify payment, saying why', async () => {
    const writer = createInvoicePaymentWriter(new MarkPaidBatcher({ maxBills: 50, lingerMs: 10 }));
    const all = [...sims.procurify.store.bills.values()];
    const paid = all.find((bill) => bill.status === 4)!;
    const denied = all.find((bill) => bill.status === 3 || bill.status === 0)!;
    // An approved bill with a Procurify payment still processing.
    const [inPayment] = payableBills(1);
    const created = await fetch(`${sims.procurify.url}/_sim/procurify/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ billGroupIds: [inPayment!.group], status: 'processing' }),
    });
    expect(created.status).toBe(201);
    expect(inPayment!.payment).not.toBeNull();

    await expect(writer.write(context(paid.uuid, '2026-11-29'))).resolves.toMatchObject({
      via: 'adopted',
      reason: `Already paid in Procurify (payment date ${paid.paymentDate}); not marked again`,
      details: { markedPaidBy: 'procurify' },
    });
    const notApproved = writer.write(context(denied.uuid, '2026-11-29'));
    await expect(notApproved).rejects.toBeInstanceOf(PermanentError);
    await expect(notApproved).rejects.toMatchObject({
      code: 'BILL_NOT_PAYABLE',
      message: expect.stringMatching(/is (Denied|Draft) in Procurify, not Approved/),
    });
    await expect(writer.write(context(inPayment!.uuid, '2026-11-29'))).rejects.toMatchObject({
      code: 'BILL_HAS_PAYMENT',
    });
    expect(events.filter(markAsPaid)).toHaveLength(0);
    expect(denied.status === 3 || denied.status === 0).toBe(true);
  });
});
