import { ConnectionStore } from '@mlc/connections';
import { dashedUuid, expectedOutbound, startPipeline, type Pipeline } from '@mlc/e2e';
import { Money } from '@mlc/mapping';
import { SimulatorControl, type ScenarioBill } from '@mlc/simulators';
import { test, testSecrets } from '@mlc/testing';
import { TokenServiceClient } from '@mlc/token-client';
import { afterAll, describe, expect } from 'vitest';
import { reconcileToCsv } from './csv.ts';
import { reconcile, type ReconcileDeps } from './reconcile.ts';
import type { Discrepancy, ReconcileReport } from './types.ts';

let pipeline: Pipeline | undefined;
let deps: ReconcileDeps | undefined;
let period = { from: '', to: '' };
let baseline: ReconcileReport | undefined;
afterAll(async () => {
  await pipeline?.close();
});

const approved = new Set([2, 4, 6, 7, 8]);
const key = (d: Discrepancy) =>
  `${d.kind} bill=${d.procurify?.billId ?? '-'} invoice=${d.oracle?.invoiceNumber ?? '-'}`;

/** The scenario's bills dated in the period, by what a correct sync did with them. */
function scenarioBills(p: Pipeline) {
  const expected = expectedOutbound(p.sims.scenario);
  const inPeriod = [...expected.bills.values()].filter(
    ({ bill }) => bill.invoiceDate.slice(0, 10) >= period.from && bill.invoiceDate.slice(0, 10) <= period.to,
  );
  return {
    approved: inPeriod.filter(({ bill }) => approved.has(bill.status)),
    synced: inPeriod.filter(({ bill, status }) => approved.has(bill.status) && status === 'synced'),
    blocked: inPeriod.filter(({ bill, status }) => approved.has(bill.status) && status === 'blocked'),
  };
}

function totalsByCurrency(bills: readonly ScenarioBill[]): Record<string, string> {
  const sums = new Map<string, Money>();
  for (const bill of bills)
    sums.set(bill.currency, (sums.get(bill.currency) ?? new Money(0)).plus(bill.total));
  return Object.fromEntries([...sums].map(([currency, sum]) => [currency, sum.toFixed(2)]));
}

describe('reconciliation report: Procurify approved bills vs Oracle AP invoices', () => {
  test(
    'after a sync, every difference it reports is one the scenario explains; it only reads',
    { timeout: 240_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 7, purchaseOrders: 30, bills: 60 },
        // No scheduled poll may run between the plants and the report.
        connection: { schedule: { intervalMinutes: 60 } },
      });
      await pipeline.syncAndDrain();
      deps = {
        prisma: database.prisma,
        connections: new ConnectionStore(database.prisma, { allowInsecureUpstreams: true }),
        tokens: new TokenServiceClient({
          url: pipeline.tokenServiceUrl,
          internalToken: testSecrets.INTERNAL_TOKEN,
          logger: pipeline.logger,
        }),
        logger: pipeline.logger,
      };
      const dates = pipeline.sims.scenario.bills.map((bill) => bill.invoiceDate.slice(0, 10)).sort();
      period = { from: dates[0]!, to: dates.at(-1)! };

      pipeline.sims.procurify.core.counters.reset();
      pipeline.sims.oracle.core.counters.reset();
      baseline = await reconcile(deps, pipeline.connectionId, period);
      const writes = [
        ...Object.keys(pipeline.sims.procurify.core.counters.snapshot().routes),
        ...Object.keys(pipeline.sims.oracle.core.counters.snapshot().routes),
      ].filter((route) => !route.startsWith('GET ') && !route.endsWith('token'));
      expect(writes).toEqual([]);

      const bills = scenarioBills(pipeline);
      expect(bills.synced.length).toBeGreaterThan(20);
      expect(bills.blocked.length).toBeGreaterThan(0);
      const { summary } = baseline;
      expect(summary).toMatchObject({
        connectionId: pipeline.connectionId,
        period,
        procurify: {
          count: bills.approved.length,
          amount: totalsByCurrency(bills.approved.map((e) => e.bill)),
        },
        oracle: {
          count: bills.synced.length,
          amount: totalsByCurrency(bills.synced.map((e) => e.bill)),
          otherInvoices: 0,
        },
        matched: bills.synced.length,
      });
      // Per location and currency, the totals add up to each side's.
      const sum = (side: 'procurify' | 'oracle') => summary.totals.reduce((n, row) => n + row[side].count, 0);
      expect(sum('procurify')).toBe(summary.procurify.count);
      expect(sum('oracle')).toBe(summary.oracle.count);
      expect(summary.totals.reduce((n, row) => n + row.matched, 0)).toBe(summary.matched);
      const byLocation = new Map<string, number>();
      for (const { bill } of bills.approved) {
        const at = `${bill.locationId} ${bill.currency}`;
        byLocation.set(at, (byLocation.get(at) ?? 0) + 1);
      }
      expect(
        Object.fromEntries(
          summary.totals.map((row) => [`${row.locationId} ${row.currency}`, row.procurify.count]),
        ),
      ).toEqual(Object.fromEntries(byLocation));
      const names = new Map(
        pipeline.sims.scenario.locations.map((location) => [String(location.id), location.name]),
      );
      expect(summary.totals.every((row) => row.location === names.get(row.locationId ?? ''))).toBe(true);

      // Blocked bills are not in Oracle; bills Procurify shows Paid are not paid in Oracle yet.
      const expected = [
        ...bills.blocked.map(({ bill }) => `missing_in_oracle bill=${bill.id} invoice=-`),
        ...bills.synced
          .filter(({ bill }) => bill.status === 4)
          .map(
            ({ bill }) =>
              `paid_status_mismatch bill=${bill.id} invoice=${bill.invoiceNumber || `PRC-${bill.id}`}`,
          ),
      ].sort();
      expect(baseline.discrepancies.map(key).sort()).toEqual(expected);
      const blockedOne = baseline.discrepancies.find((d) => d.kind === 'missing_in_oracle')!;
      expect(blockedOne.message).toMatch(/has no invoice in Oracle; the ledger says blocked: \S/);
    },
  );

  test('finds each planted discrepancy (missing, extra, amount, paid status) and nothing else', async ({
    database,
  }) => {
    const p = pipeline!;
    const oracle = new SimulatorControl(p.sims.oracle.url);
    const procurify = new SimulatorControl(p.sims.procurify.url);
    // Four synced, approved, unpaid bills dated in the period, one per plant.
    const candidates = scenarioBills(p).synced.filter(({ bill }) => bill.status === 2);
    expect(candidates.length).toBeGreaterThanOrEqual(4);
    const ledgerOf = (bill: ScenarioBill) =>
      database.prisma.ledgerRecord.findFirstOrThrow({
        where: { connectionId: p.connectionId, entity: 'bill', sourceId: dashedUuid(bill.uuid) },
      });
    const [canceled, extraOf, changed, paid] = candidates.map((entry) => entry.bill);
    const canceledRecord = await ledgerOf(canceled!);
    const changedRecord = await ledgerOf(changed!);
    const paidRecord = await ledgerOf(paid!);
    const extraSource = await ledgerOf(extraOf!);

    // 1. Finance cancels an invoice in Oracle.
    await oracle.request('POST', `/oracle/invoices/${canceledRecord.targetId}/cancel`);
    // 2. Someone keys a second invoice for a bill by hand, copying our reference.
    const payload = extraSource.mappedPayload as Record<string, unknown>;
    const credentials = p.sims.oracle.credentials;
    const created = await fetch(`${p.sims.oracle.url}/fscmRestApi/resources/11.13.18.05/invoices`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
      },
      body: JSON.stringify({ ...payload, InvoiceNumber: `${String(payload['InvoiceNumber'])}-DUP` }),
    });
    expect(created.status).toBe(201);
    // 3. AP changes a bill's quantity in Procurify after it was invoiced.
    const item = changed!.items[0]!;
    await procurify.request('POST', `/procurify/bills/${changed!.id}/modify`, {
      items: [{ id: item.id, quantity: String(Number(item.quantity) + 1) }],
    });
    // 4. Oracle pays an invoice; Procurify has not heard yet.
    await oracle.request('POST', `/oracle/invoices/${paidRecord.targetId}/pay`, {});

    const report = await reconcile(deps!, p.connectionId, period);
    const before = new Set(baseline!.discrepancies.map(key));
    const added = report.discrepancies.filter((d) => !before.has(key(d)));
    expect(report.discrepancies.filter((d) => before.has(key(d))).length).toBe(before.size);
    const numberOf = (bill: ScenarioBill) => bill.invoiceNumber || `PRC-${bill.id}`;
    expect(added.map(key).sort()).toEqual(
      [
        `missing_in_oracle bill=${canceled!.id} invoice=${numberOf(canceled!)}`,
        `unexpected_in_oracle bill=- invoice=${numberOf(extraOf!)}-DUP`,
        `amount_mismatch bill=${changed!.id} invoice=${numberOf(changed!)}`,
        `paid_status_mismatch bill=${paid!.id} invoice=${numberOf(paid!)}`,
      ].sort(),
    );
    const byKind = Object.fromEntries(added.map((d) => [d.kind, d]));
    expect(byKind['missing_in_oracle']?.message).toMatch(/was canceled/);
    expect(byKind['unexpected_in_oracle']?.message).toContain(`[PRC-BILL-${extraOf!.id}]`);
    const mismatch = byKind['amount_mismatch']!;
    expect(mismatch.oracle?.amount).toBe(new Money(changed!.total).toFixed(2));
    expect(mismatch.procurify?.amount).not.toBe(mismatch.oracle?.amount);
    expect(new Money(mismatch.procurify!.amount!).greaterThan(mismatch.oracle!.amount!)).toBe(true);
    expect(byKind['paid_status_mismatch']).toMatchObject({
      procurify: { billId: paid!.id, paid: false, status: 'Approved' },
      oracle: { paidStatus: 'Paid', invoiceId: paidRecord.targetId },
    });
    expect(changedRecord.targetId).toBe(mismatch.oracle?.invoiceId);
    expect(report.summary.discrepancies).toEqual({
      missing_in_oracle: baseline!.summary.discrepancies.missing_in_oracle + 1,
      unexpected_in_oracle: 1,
      amount_mismatch: 1,
      paid_status_mismatch: baseline!.summary.discrepancies.paid_status_mismatch + 1,
    });
    expect(report.summary.matched).toBe(baseline!.summary.matched - 1);

    // CSV: a header and one row per discrepancy.
    const csv = reconcileToCsv(report);
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toMatch(/^kind,procurify_bill_id,/);
    expect(lines.length - 2).toBe(report.discrepancies.length);
  });

  test('refuses a period that is not two dates in order, and an unknown connection', async () => {
    await expect(
      reconcile(deps!, pipeline!.connectionId, { from: '2026-02-01', to: '2026-01-01' }),
    ).rejects.toThrow('Invalid period: to: `from` is after `to`');
    await expect(
      reconcile(deps!, pipeline!.connectionId, { from: 'last month', to: '2026-01-01' }),
    ).rejects.toThrow(/expected a date YYYY-MM-DD/);
    await expect(reconcile(deps!, 'nobody', period)).rejects.toMatchObject({ code: 'CONNECTION_NOT_FOUND' });
  });
});
