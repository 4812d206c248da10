import { dashedUuid, expectedOutbound, runCli, startPipeline, type Pipeline } from '@mlc/e2e';
import { SimulatorControl } from '@mlc/simulators';
import { test, testSecrets } from '@mlc/testing';
import { afterAll, describe, expect } from 'vitest';

// `mlc sync --wait`, `mlc dry-run` and `mlc reconcile` as an operator runs them, against a
// pipeline (token-service, poller, mapper, writers) running on the simulators.
let pipeline: Pipeline | undefined;
let env: Record<string, string> = {};
afterAll(async () => {
  await pipeline?.close();
});

function routesOf(p: Pipeline) {
  return [
    ...Object.keys(p.sims.procurify.core.counters.snapshot().routes),
    ...Object.keys(p.sims.oracle.core.counters.snapshot().routes),
  ];
}

describe('mlc sync --wait', () => {
  test(
    'shows a progress line each time the counts change, then a summary; --json prints only the summary',
    { timeout: 240_000 },
    async ({ database, redis }) => {
      pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 5, purchaseOrders: 30, bills: 40 },
        connection: { schedule: { intervalMinutes: 60 } },
      });
      env = {
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        MLC_REDIS_PREFIX: redis.prefix,
        TOKEN_SERVICE_URL: pipeline.tokenServiceUrl,
        INTERNAL_TOKEN: testSecrets.INTERNAL_TOKEN,
        MLC_ALLOW_INSECURE_UPSTREAMS: '1',
      };
      const id = pipeline.connectionId;
      const first = await runCli(['sync', id, '--wait', '--timeout-seconds', '180'], env);
      expect(first.code).toBe(0);
      const progress = first.stderr.trim().split('\n');
      expect(progress[0]).toMatch(new RegExp(`^sync \\w+: polling \\d+ streams of ${id}$`));
      const lines = progress.slice(1);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(line).toMatch(/^polls \d+\/\d+ · /);
      // One line per change: never the same line twice in a row.
      expect(lines.every((line, index) => index === 0 || line !== lines[index - 1])).toBe(true);
      expect(lines.at(-1)).toMatch(/^polls (\d+)\/\1 · .*\d+ synced/);
      expect(lines.at(-1)).not.toMatch(/pending|mapped|writing|queued/);
      expect(first.stdout).toMatch(new RegExp(`^Drained ${id} in [\\d.]+ s\\.\\nentity +status +count\\n`));
      const synced = await database.prisma.ledgerRecord.count({
        where: { connectionId: id, status: 'synced' },
      });
      expect(synced).toBeGreaterThan(20);
      expect(first.stdout).toMatch(/bill +synced +\d+/);

      const second = await runCli(['sync', id, '--wait', '--json'], env);
      expect(second).toMatchObject({ code: 0, stderr: '' });
      const summary = JSON.parse(second.stdout) as {
        drained: boolean;
        streams: { state: string }[];
        records: { status: string; count: number }[];
      };
      expect(summary.drained).toBe(true);
      expect(summary.streams.every((stream) => stream.state === 'completed')).toBe(true);
      expect(summary.records.filter((r) => r.status === 'synced').reduce((n, r) => n + r.count, 0)).toBe(
        synced,
      );
    },
  );

  test('a connection that does not exist is one line on stderr and exit code 1', async () => {
    const result = await runCli(['sync', 'nobody', '--wait'], env);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'mlc: No connection "nobody"\n' });
  });
});

describe('mlc dry-run', () => {
  test('prints the invoice a sync would create for a newly approved bill, and writes nothing', async ({
    database,
  }) => {
    const p = pipeline!;
    const id = p.connectionId;
    // A draft bill of a vendor and location that sync, approved in Procurify after the sync.
    const expected = expectedOutbound(p.sims.scenario);
    const synced = [...expected.bills.values()].filter((entry) => entry.status === 'synced');
    const draft = [...expected.bills.values()].find(
      ({ bill }) =>
        bill.status === 0 &&
        synced.some(
          (entry) => entry.bill.vendorKey === bill.vendorKey && entry.bill.locationId === bill.locationId,
        ),
    )!.bill;
    await new SimulatorControl(p.sims.procurify.url).request(
      'POST',
      `/procurify/bills/${draft.id}/approve`,
      {},
    );

    const ledgerBefore = await database.prisma.ledgerRecord.findMany({ orderBy: { id: 'asc' } });
    const eventsBefore = await database.prisma.ledgerEvent.count();
    const cursorsBefore = await database.prisma.pollCursor.findMany({ orderBy: { stream: 'asc' } });
    const invoicesBefore = p.sims.oracle.store.invoices.size;
    p.sims.procurify.core.counters.reset();
    p.sims.oracle.core.counters.reset();

    const json = await runCli(['dry-run', id, '--json'], env);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const items = JSON.parse(json.stdout) as {
      entity: string;
      sourceId: string;
      target: string;
      operation: string;
      payload: Record<string, unknown> | null;
    }[];
    const item = items.find((candidate) => candidate.sourceId === dashedUuid(draft.uuid));
    expect(item).toMatchObject({
      entity: 'bill',
      target: 'oracle',
      operation: 'create',
      payload: {
        InvoiceNumber: draft.invoiceNumber || `PRC-${draft.id}`,
        Description: expect.stringContaining(`[PRC-BILL-${draft.id}]`),
        InvoiceAmount: Number(draft.total),
      },
    });

    const text = await runCli(['dry-run', id], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`CREATE oracle bill ${dashedUuid(draft.uuid)} [mapped, changed]`);
    expect(text.stdout).toContain(`"InvoiceNumber": "${draft.invoiceNumber || `PRC-${draft.id}`}"`);
    expect(text.stdout).toMatch(
      /Dry run of \S+: [1-9]\d* document\(s\) would be written \(.*\)\. Nothing was written\.\n$/,
    );

    // Nothing was written anywhere: the upstreams saw reads only; ledger and cursors are as they were.
    expect(routesOf(p).filter((route) => !route.startsWith('GET ') && !route.endsWith('token'))).toEqual([]);
    expect(routesOf(p).length).toBeGreaterThan(0);
    expect(p.sims.oracle.store.invoices.size).toBe(invoicesBefore);
    expect(await database.prisma.ledgerRecord.findMany({ orderBy: { id: 'asc' } })).toEqual(ledgerBefore);
    expect(await database.prisma.ledgerEvent.count()).toBe(eventsBefore);
    expect(await database.prisma.pollCursor.findMany({ orderBy: { stream: 'asc' } })).toEqual(cursorsBefore);
  });
});

describe('mlc reconcile', () => {
  test('--json, --csv and text report the same discrepancies, including a planted one', async ({
    database,
  }) => {
    const p = pipeline!;
    const id = p.connectionId;
    const dates = p.sims.scenario.bills.map((bill) => bill.invoiceDate.slice(0, 10)).sort();
    const period = ['--from', dates[0]!, '--to', dates.at(-1)!];
    // Oracle pays an invoice whose bill is merely approved in Procurify.
    const [sourceId, { bill }] = [...expectedOutbound(p.sims.scenario).bills].find(
      ([, entry]) => entry.status === 'synced' && entry.bill.status === 2,
    )!;
    const record = await database.prisma.ledgerRecord.findFirstOrThrow({
      where: { connectionId: id, entity: 'bill', sourceId },
    });
    await new SimulatorControl(p.sims.oracle.url).request(
      'POST',
      `/oracle/invoices/${record.targetId}/pay`,
      {},
    );

    const json = await runCli(['reconcile', id, ...period, '--json'], env);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(json.stdout) as {
      summary: { matched: number; procurify: { count: number }; discrepancies: Record<string, number> };
      discrepancies: {
        kind: string;
        procurify: { billId: number } | null;
        oracle: { paidStatus: string } | null;
      }[];
    };
    expect(report.summary.matched).toBeGreaterThan(20);
    expect(report.discrepancies).toContainEqual(
      expect.objectContaining({
        kind: 'paid_status_mismatch',
        procurify: expect.objectContaining({ billId: bill.id, paid: false }),
        oracle: expect.objectContaining({ paidStatus: 'Paid', invoiceId: record.targetId }),
      }),
    );

    const csv = await runCli(['reconcile', id, ...period, '--csv'], env);
    expect(csv).toMatchObject({ code: 0, stderr: '' });
    const rows = csv.stdout.split('\r\n');
    expect(rows[0]).toMatch(/^kind,procurify_bill_id,procurify_bill_uuid,/);
    expect(rows.at(-1)).toBe('');
    expect(rows.length - 2).toBe(report.discrepancies.length);
    expect(rows.filter((row) => row.startsWith(`paid_status_mismatch,${bill.id},`))).toHaveLength(1);

    const text = await runCli(['reconcile', id, ...period], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Reconciliation of ${id}, ${dates[0]} to ${dates.at(-1)}`);
    expect(text.stdout).toContain(`${report.discrepancies.length} discrepancies:`);
    expect(text.stdout).toMatch(new RegExp(`paid_status_mismatch +bill ${bill.id} `));
  });

  test('a bad period or both --json and --csv is one line on stderr and exit code 1', async () => {
    const id = pipeline!.connectionId;
    expect(await runCli(['reconcile', id, '--from', '2026-02-01', '--to', '2026-01-01'], env)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'mlc: Invalid period: to: `from` is after `to`\n',
    });
    expect(
      await runCli(['reconcile', id, '--from', '2026-01-01', '--to', '2026-01-31', '--json', '--csv'], env),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr: 'mlc: choose one of --json and --csv\n',
    });
  });
});
