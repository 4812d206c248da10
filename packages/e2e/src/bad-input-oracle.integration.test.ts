import type { PrismaClient } from '@mlc/db';
import { SimulatorControl, type FaultRule } from '@mlc/simulators';
import { test, until } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import { dashedUuid, expectedOutbound } from './expectations.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';
import { verifyOutbound } from './verify-outbound.ts';

const rest = '/fscmRestApi/resources/11.13.18.05';

let pipeline: Pipeline | undefined;
/** Bills not approved yet that sync once approved: held back for the outage of the second test. */
let heldBack: { id: number; uuid: string }[] = [];
afterAll(async () => {
  await pipeline?.close();
});

/** The records whose history has an event saying `message`, with their end state and history. */
async function recordsWithEvent(prisma: PrismaClient, connectionId: string, message: RegExp) {
  const records = await prisma.ledgerRecord.findMany({
    where: { connectionId, entity: { in: ['purchase_order', 'bill'] } },
    include: { events: { orderBy: { at: 'asc' } } },
  });
  return records.filter((record) => record.events.some((event) => message.test(event.message ?? '')));
}

describe('bad input: malformed Oracle responses', () => {
  test(
    'HTML error pages, cut-off JSON, empty bodies, a 201 without its id and an unknown PO status: every record ends synced exactly once',
    { timeout: 240_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 7, purchaseOrders: 12, bills: 24 },
      });
      const { sims, connectionId } = pipeline;
      // Bills not approved yet whose vendor would sync: approved in the next test, during an outage.
      const notApproved = (status: number) => status === 0 || status === 1;
      const approved = structuredClone(sims.scenario);
      for (const bill of approved.bills) if (notApproved(bill.status)) bill.status = 2;
      const wouldSync = expectedOutbound(approved).bills;
      heldBack = sims.scenario.bills
        .filter(
          (bill) => notApproved(bill.status) && wouldSync.get(dashedUuid(bill.uuid))?.status === 'synced',
        )
        .slice(0, 2);
      expect(heldBack).toHaveLength(2);

      const once = (rule: Omit<FaultRule, 'times'>): FaultRule => ({ ...rule, times: 1 });
      sims.oracle.core.faults.configure([
        // A load balancer's HTML page instead of the create: nothing was created, it is retried.
        once({ match: `POST ${rest}/invoices`, serverErrorRate: 1, serverErrorStatuses: [502] }),
        // The create happened; its 201 arrives cut off, or without the id.
        once({ match: `POST ${rest}/invoices`, corruptRate: 1, corruption: { kind: 'truncate' } }),
        once({
          match: `POST ${rest}/invoices`,
          corruptRate: 1,
          corruption: { kind: 'omit', fields: ['InvoiceId'] },
        }),
        once({ match: `POST ${rest}/draftPurchaseOrders`, corruptRate: 1, corruption: { kind: 'empty' } }),
        // The submit happened; its answer is cut off.
        once({
          match: `POST ${rest}/draftPurchaseOrders/*`,
          corruptRate: 1,
          corruption: { kind: 'truncate' },
        }),
        // Reading the submitted PO back: a status nobody documented, then a 200 with no body.
        once({
          match: `GET ${rest}/purchaseOrders/*`,
          corruptRate: 1,
          corruption: { kind: 'set', fields: { Status: 'Bogus Status' } },
        }),
        once({ match: `GET ${rest}/purchaseOrders/*`, corruptRate: 1, corruption: { kind: 'empty' } }),
      ]);
      await pipeline.syncAndDrain();

      expect(sims.oracle.core.faults.injected).toMatchObject({ server_error: 1, corrupt_response: 6 });
      // Exactly once each, with the right content; nothing failed or left uncertain.
      expect(await verifyOutbound(database.prisma, sims, connectionId)).toEqual([]);
      expect(
        await database.prisma.ledgerRecord.count({
          where: { connectionId, status: { in: ['failed', 'uncertain', 'writing', 'mapped'] } },
        }),
      ).toBe(0);

      const find = (message: RegExp) => recordsWithEvent(database.prisma, connectionId, message);
      const htmlPage = await find(/oracle failed with 502: HTML error page: 502 Bad Gateway/);
      expect(htmlPage.map((record) => [record.entity, record.status])).toEqual([['bill', 'synced']]);

      // Cut-off 201s (invoice create, PO submit) and a 201 without its id: the write was
      // uncertain, the retry looked it up and adopted what the first attempt created.
      const cutOff = await find(/answered POST \S+ \(\d+\) with malformed JSON/);
      expect(cutOff.map((record) => record.entity).sort()).toEqual(['bill', 'purchase_order']);
      const withoutId = await find(/unexpected shape: InvoiceId/);
      const emptyCreate = await find(/answered POST draftPurchaseOrders \(201\) with an empty body/);
      expect(withoutId).toHaveLength(1);
      expect(emptyCreate).toHaveLength(1);
      for (const record of [...cutOff, ...withoutId, ...emptyCreate]) {
        expect(record.status).toBe('synced');
        expect(record.events.map((event) => event.action)).toContain('write.adopted');
      }

      // The unknown status: synced (the PO exists), with a reason a person can act on.
      const bogus = await database.prisma.ledgerRecord.findMany({
        where: {
          connectionId,
          entity: 'purchase_order',
          details: { path: ['oracleStatus'], equals: 'Bogus Status' },
        },
      });
      expect(bogus).toHaveLength(1);
      expect(bogus[0]).toMatchObject({
        status: 'synced',
        reason: expect.stringMatching(/as "Bogus Status" after it was submitted .*check it in Oracle/),
      });
      // Every other synced PO reads back as Open, with no reason.
      expect(
        await database.prisma.ledgerRecord.count({
          where: { connectionId, entity: 'purchase_order', status: 'synced', reason: { not: null } },
        }),
      ).toBe(1);
    },
  );

  test(
    'while the load balancer answers every invoice create with an HTML 503, those bills wait with the reason and the polls go on; then they sync',
    { timeout: 120_000 },
    async ({ database }) => {
      const p = pipeline!;
      const control = new SimulatorControl(p.sims.procurify.url);
      p.sims.oracle.core.faults.configure([
        { match: `POST ${rest}/invoices`, serverErrorRate: 1, serverErrorStatuses: [503] },
      ]);
      for (const bill of heldBack) await control.request('POST', `/procurify/bills/${bill.id}/approve`);
      const before = new Date();
      const run = p.syncAndDrain(100_000);
      run.catch(() => undefined); // awaited below; handled here if the test fails first

      const waiting = () =>
        database.prisma.ledgerRecord.findMany({
          where: {
            connectionId: p.connectionId,
            entity: 'bill',
            sourceId: { in: heldBack.map((bill) => dashedUuid(bill.uuid)) },
          },
        });
      await until(
        'both approved bills wait for Oracle, saying why',
        async () =>
          (await waiting()).filter(
            (record) =>
              record.status === 'writing' &&
              (record.reason ?? '').startsWith(
                'Retrying: oracle failed with 503: HTML error page: 503 Service Unavailable',
              ),
          ).length === 2,
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      // The outage holds up neither the polls nor their cursors.
      const cursors = await database.prisma.pollCursor.findMany({ where: { connectionId: p.connectionId } });
      expect(
        cursors.filter((cursor) => cursor.lastResult !== 'ok' || (cursor.lastRunAt ?? before) < before),
      ).toEqual([]);

      p.sims.oracle.core.faults.clear();
      await run;
      const records = await waiting();
      expect(records.map((record) => record.status)).toEqual(['synced', 'synced']);
      for (const bill of heldBack) {
        const invoices = [...p.sims.oracle.store.invoices.values()].filter((invoice) =>
          invoice.row.Description?.includes(`[PRC-BILL-${bill.id}]`),
        );
        expect(invoices).toHaveLength(1);
      }
    },
  );

  test(
    'an unknown PaidStatus on a paid invoice: the bill is not marked paid and the ledger quotes the status; once Oracle answers a known one, it is',
    { timeout: 120_000 },
    async ({ database }) => {
      const p = pipeline!;
      const billRecord = await database.prisma.ledgerRecord.findFirstOrThrow({
        where: { connectionId: p.connectionId, entity: 'bill', status: 'synced', targetId: { not: null } },
        orderBy: { sourceNumber: 'asc' },
      });
      const invoiceId = billRecord.targetId!;
      await new SimulatorControl(p.sims.oracle.url).request('POST', `/oracle/invoices/${invoiceId}/pay`, {});
      p.sims.oracle.core.faults.configure([
        {
          // Every invoice read: the changed-invoices list and the reads by id after a payment.
          match: `GET ${rest}/invoices*`,
          corruptRate: 1,
          corruption: { kind: 'set', fields: { PaidStatus: 'Awaiting Karma' } },
        },
      ]);
      await p.syncAndDrain();

      const payment = await database.prisma.ledgerRecord.findFirstOrThrow({
        where: { connectionId: p.connectionId, entity: 'invoice_payment', sourceId: invoiceId },
      });
      expect(payment).toMatchObject({ status: 'failed', errorCode: 'PAYMENT_STATUS_INCONSISTENT' });
      expect(payment.reason).toMatch(/"Awaiting Karma"/);
      const bill = p.sims.procurify.store.findBillByUuid(billRecord.sourceId)!;
      expect(bill.payment).toBeNull();
      const cursors = await database.prisma.pollCursor.findMany({ where: { connectionId: p.connectionId } });
      expect(cursors.filter((cursor) => cursor.lastResult !== 'ok')).toEqual([]);

      // Once Oracle answers with a status it knows, the next poll (its overlap re-reads the
      // invoice) marks the bill paid.
      p.sims.oracle.core.faults.clear();
      await p.syncAndDrain();
      expect(
        await database.prisma.ledgerRecord.findUniqueOrThrow({ where: { id: payment.id } }),
      ).toMatchObject({ status: 'synced' });
      expect(p.sims.procurify.store.findBillByUuid(billRecord.sourceId)!.payment).not.toBeNull();
    },
  );
});
