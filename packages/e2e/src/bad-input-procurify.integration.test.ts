import { test } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';
import {
  billCases,
  ledgerRecordOf,
  purchaseOrderCases,
  rawDocuments,
  syncableRecords,
  unicodeInvoiceNumber,
  type BadInputCase,
  type RawKind,
} from './bad-input.ts';
import { dashedUuid } from './expectations.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';
import { verifyOutbound } from './verify-outbound.ts';

let pipeline: Pipeline | undefined;
afterAll(async () => {
  await pipeline?.close();
});

interface Planted {
  kind: RawKind;
  testCase: BadInputCase;
  record: { id: number; uuid: string; vendorKey: string };
}

const planted: Planted[] = [];
/** Two bills of different vendors and two of the same vendor, all with one invoice number per pair. */
const duplicates = { otherVendor: [] as Planted['record'][], sameVendor: [] as Planted['record'][] };

describe('bad input: malformed Procurify records', () => {
  test(
    'each malformed record ends blocked, failed, skipped or synced with a clear reason; every other record syncs; cursors move on',
    { timeout: 240_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 7, purchaseOrders: 40, bills: 60 },
      });
      const { sims, connectionId } = pipeline;
      const raw = rawDocuments(sims);
      const pool = syncableRecords(sims);

      const bills = [...pool.bills];
      for (const testCase of billCases) {
        const bill = bills.shift()!;
        await raw.plant('bills', bill.id, testCase.plant(await raw.document('bills', bill.id)));
        planted.push({ kind: 'bills', testCase, record: bill });
      }
      const pos = [...pool.purchaseOrders];
      for (const testCase of purchaseOrderCases) {
        const po = pos.shift()!;
        await raw.plant(
          'purchase-orders',
          po.id,
          testCase.plant(await raw.document('purchase-orders', po.id)),
        );
        planted.push({ kind: 'purchase-orders', testCase, record: po });
      }
      // The same invoice number for two vendors (Oracle keys invoices by number + supplier), and
      // for two bills of one vendor (the second is a different bill, not a retry of the first).
      const first = bills.shift()!;
      const otherVendor = bills.find((bill) => bill.vendorKey !== first.vendorKey)!;
      const sameVendorPair = (() => {
        for (const [index, bill] of bills.entries()) {
          const twin = bills.slice(index + 1).find((other) => other.vendorKey === bill.vendorKey);
          if (twin && bill !== otherVendor) return [bill, twin] as const;
        }
        throw new Error('the scenario has no two syncable bills of one vendor');
      })();
      duplicates.otherVendor.push(first, otherVendor);
      duplicates.sameVendor.push(...sameVendorPair);
      for (const [number, pair] of [
        ['DUP-2026-001', duplicates.otherVendor],
        ['DUP-2026-002', duplicates.sameVendor],
      ] as const) {
        for (const bill of pair) {
          const set = { invoice_number: number };
          await raw.plant('bills', bill.id, { list: { set }, detail: { set } });
        }
      }

      await pipeline.syncAndDrain();

      // Each planted record: its ledger state and reason.
      const outcomes: string[] = [];
      for (const { kind, testCase, record } of planted) {
        const row = await ledgerRecordOf(database.prisma, connectionId, kind, record);
        const label = `${kind} ${record.id} (${testCase.name})`;
        if (!row) {
          outcomes.push(`${label}: not in the ledger`);
          continue;
        }
        const reasonOk = testCase.expect.reason.test(row.reason ?? '');
        const codeOk = testCase.expect.code === undefined || row.errorCode === testCase.expect.code;
        if (row.status !== testCase.expect.status || !reasonOk || !codeOk)
          outcomes.push(
            `${label}: ${row.status} ${row.errorCode ?? ''} "${(row.reason ?? '').slice(0, 300)}", expected ${testCase.expect.status} ${testCase.expect.code ?? ''} ${String(testCase.expect.reason)}`,
          );
        // Reasons are for people: bounded, whatever the record held.
        if ((row.reason ?? '').length > 2_000)
          outcomes.push(`${label}: reason of ${row.reason?.length} characters`);
      }
      expect(outcomes).toEqual([]);

      // Same number, two vendors: both invoices exist. Same number, one vendor: one invoice, and
      // the other bill fails saying which bill holds the number.
      const invoices = [...sims.oracle.store.invoices.values()].map((invoice) => invoice.row);
      const numbered = (number: string) => invoices.filter((row) => row.InvoiceNumber === number);
      expect(new Set(numbered('DUP-2026-001').map((row) => row.SupplierNumber)).size).toBe(2);
      for (const bill of duplicates.otherVendor) {
        expect(await ledgerRecordOf(database.prisma, connectionId, 'bills', bill)).toMatchObject({
          status: 'synced',
        });
      }
      expect(numbered('DUP-2026-002')).toHaveLength(1);
      const sameVendorRows = await Promise.all(
        duplicates.sameVendor.map((bill) => ledgerRecordOf(database.prisma, connectionId, 'bills', bill)),
      );
      expect(
        sameVendorRows.map((row) => row?.status ?? 'missing').sort((a, b) => a.localeCompare(b)),
      ).toEqual(['failed', 'synced']);
      const loser = sameVendorRows.find((row) => row?.status === 'failed')!;
      const winner = sameVendorRows.find((row) => row?.status === 'synced')!;
      expect(loser.reason).toMatch(/DUP-2026-002.*already.*Procurify bill/);
      expect(loser.targetId).toBeNull();
      expect(winner.targetId).toBe(String(numbered('DUP-2026-002')[0]!.InvoiceId));

      // What reached Oracle is clean: no NUL, descriptions within 240, invoice numbers within 50.
      for (const row of invoices) {
        expect(row.InvoiceNumber.length).toBeLessThanOrEqual(50);
        expect(row.InvoiceNumber).not.toContain('\u0000');
        expect((row.Description ?? '').length).toBeLessThanOrEqual(240);
      }
      expect(numbered(unicodeInvoiceNumber)).toHaveLength(1);
      expect(numbered('NUL-1')).toHaveLength(1);

      // Every other record, and every planted one that syncs, is in Oracle exactly once with the
      // right supplier, lines, amounts and accounts. The only differences: the records that did
      // not sync, and the invoice numbers the corpus rewrote.
      const label = (kind: RawKind, id: number) => `${kind === 'bills' ? 'bill' : 'PO'} ${id}`;
      const loserBill = duplicates.sameVendor.find((bill) => dashedUuid(bill.uuid) === loser.sourceId)!;
      const notSynced = new Set([
        ...planted
          .filter(({ testCase }) => testCase.expect.status !== 'synced')
          .map(({ kind, record }) => label(kind, record.id)),
        label('bills', loserBill.id),
      ]);
      const renumbered = [
        ...planted
          .filter(({ testCase }) => /invoice number/.test(testCase.name))
          .map(({ record }) => record.id),
        ...duplicates.otherVendor.map((bill) => bill.id),
        ...duplicates.sameVendor.map((bill) => bill.id),
      ].map((id) => `bill ${id}: invoice number `);
      const problems = await verifyOutbound(database.prisma, sims, connectionId);
      expect(
        problems.filter(
          (problem) =>
            !notSynced.has(/^(bill|PO) \d+/.exec(problem)?.[0] ?? '') &&
            !renumbered.some((prefix) => problem.startsWith(prefix)),
        ),
      ).toEqual([]);

      // No stream is stuck behind a bad record: every cursor moved on without an error.
      const cursors = await database.prisma.pollCursor.findMany({ where: { connectionId } });
      expect(cursors.length).toBeGreaterThan(2);
      expect(cursors.filter((cursor) => cursor.lastResult !== 'ok')).toEqual([]);
    },
  );

  test(
    'the apps keep working: records fixed in Procurify sync on the next poll',
    { timeout: 120_000 },
    async ({ database }) => {
      const p = pipeline!;
      const raw = rawDocuments(p.sims);
      const fixable = planted.filter(({ testCase }) =>
        /404|id as a string|amount as an object|null amount|missing vendor/.test(testCase.name),
      );
      expect(fixable.length).toBeGreaterThanOrEqual(6);
      for (const { kind, record } of fixable) await raw.remove(kind, record.id);
      await p.syncAndDrain();
      for (const { kind, record, testCase } of fixable) {
        const row = await ledgerRecordOf(database.prisma, p.connectionId, kind, record);
        expect(row, `${kind} ${record.id} (${testCase.name})`).toMatchObject({
          status: 'synced',
          reason: null,
        });
      }
      // Exactly one Oracle document each.
      for (const { kind, record } of fixable) {
        const reference = kind === 'bills' ? `[PRC-BILL-${record.id}]` : `[PRC-PO-${record.id}]`;
        const documents =
          kind === 'bills'
            ? [...p.sims.oracle.store.invoices.values()]
            : [...p.sims.oracle.store.purchaseOrders.values()];
        expect(documents.filter((doc) => doc.row.Description?.includes(reference))).toHaveLength(1);
      }
    },
  );
});
