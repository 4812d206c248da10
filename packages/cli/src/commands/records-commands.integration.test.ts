import { runCli } from '@mlc/e2e';
import { Ledger } from '@mlc/ledger';
import type { LedgerEntity, LedgerStatus, PrismaClient } from '@mlc/db';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';

// `mlc ledger`, `mlc replay` and `mlc mapping` as an operator runs them (a child process), on
// records planted through the ledger: these commands need only Postgres.

async function plant(
  prisma: PrismaClient,
  records: { entity: LedgerEntity; sourceId: string; status: LedgerStatus; blockedOn?: string[] }[],
): Promise<Map<string, string>> {
  await prisma.connection.create({
    data: {
      id: 'acme',
      name: 'Acme',
      procurifySubdomain: 'acme',
      oraclePodUrl: 'https://acme-test.fa.us2.oraclecloud.com',
      oracleSettings: { authType: 'client_credentials', businessUnit: 'US1 Business Unit' },
      accounting: { delimiter: '-', segments: [{ name: 'company', value: '100' }] },
      options: {},
    },
  });
  const ledger = new Ledger(prisma);
  const ids = new Map<string, string>();
  for (const record of records) {
    await ledger.recordSourceVersions('acme', record.entity, [
      {
        sourceId: record.sourceId,
        sourceNumber: `N${record.sourceId}`,
        contentHash: `hash-${record.sourceId}-00`,
        snapshot: {},
      },
    ]);
    const row = await prisma.ledgerRecord.findFirstOrThrow({ where: { sourceId: record.sourceId } });
    await ledger.transition(row.id, {
      to: record.status,
      action: 'test.planted',
      outcome: 'info',
      fields: {
        reason: `planted ${record.status}`,
        ...(record.blockedOn ? { blockedOn: record.blockedOn } : {}),
      },
    });
    ids.set(record.sourceId, row.id);
  }
  return ids;
}

describe('mlc ledger, replay and mapping', () => {
  // Each command is its own Node process (a few seconds apiece on a busy machine).
  test(
    'list records, replay the right ones, link a vendor; errors are one line and exit 1',
    { timeout: 240_000 },
    async ({ database }) => {
      const ids = await plant(database.prisma, [
        { entity: 'bill', sourceId: 'b1', status: 'failed' },
        { entity: 'purchase_order', sourceId: 'p1', status: 'synced' },
        { entity: 'bill', sourceId: 'b2', status: 'blocked', blockedOn: ['vendor:57'] },
      ]);
      const env = { DATABASE_URL: database.url };

      const ledger = await runCli(['ledger', 'acme', '--json'], env);
      expect(ledger.code).toBe(0);
      const rows = JSON.parse(ledger.stdout) as Record<string, unknown>[];
      // Grouped by entity in the ledger's order: purchase orders before bills.
      expect(rows.map((row) => row['sourceId'])).toEqual(['p1', expect.any(String), expect.any(String)]);
      expect(Object.keys(rows[0]!).sort()).toEqual(
        [
          'attempts',
          'entity',
          'id',
          'reason',
          'sourceId',
          'sourceNumber',
          'status',
          'targetId',
          'targetNumber',
          'updatedAt',
        ].sort(),
      );
      const failedOnly = await runCli(['ledger', 'acme', '--status', 'failed'], env);
      expect(failedOnly.stdout).toMatch(/^bill\s+Nb1\s+failed\s+planted failed\n$/);
      const bad = await runCli(['ledger', 'acme', '--status', 'done'], env);
      expect(bad).toMatchObject({ code: 1, stdout: '' });
      expect(bad.stderr).toMatch(/^mlc: --status must be one of pending, mapped, .*\n$/);
      expect((await runCli(['ledger', 'nobody'], env)).stderr).toBe('mlc: No connection "nobody"\n');

      const replay = await runCli(
        ['replay', 'acme', '--status', 'failed', '--record', ids.get('b1')!, ids.get('p1')!, '--json'],
        env,
      );
      expect(replay.code).toBe(0);
      expect(JSON.parse(replay.stdout)).toMatchObject({
        requeued: 1,
        requeuedIds: [ids.get('b1')],
        notRequeued: [{ id: ids.get('p1'), status: 'synced', code: 'NOT_REPLAYABLE' }],
      });
      const human = await runCli(['replay', 'acme', '--record', ids.get('p1')!], env);
      expect(human.stdout).toBe(
        `Re-queued 0 record(s) of acme.\n  not re-queued: ${ids.get('p1')} is synced: only failed/blocked/uncertain records are replayed\n`,
      );

      const set = await runCli(['mapping', 'set', 'acme', 'vendor', '57', '1253', '--site', 'MAIN'], env);
      expect(set).toMatchObject({ code: 0, stderr: '' });
      expect(set.stdout).toBe('Mapped vendor 57 → 1253; re-queued 1 blocked record(s).\n');
      const list = await runCli(['mapping', 'list', 'acme', 'vendor', '--json'], env);
      expect(JSON.parse(list.stdout)).toMatchObject({
        vendors: [{ procurifyVendorId: '57', oracleSupplierNumber: '1253', oracleSupplierSite: 'MAIN' }],
        dimensions: [],
      });
      const misplaced = await runCli(
        ['mapping', 'set', 'acme', 'department', '5', '510', '--site', 'MAIN'],
        env,
      );
      expect(misplaced).toMatchObject({
        code: 1,
        stderr: 'mlc: site does not apply to department mappings\n',
      });
      const kind = await runCli(['mapping', 'list', 'acme', 'colour'], env);
      expect(kind.stderr).toMatch(
        /^mlc: KIND must be one of vendor, gl-account, department, cost-center, location/,
      );
      expect((await runCli(['mapping', 'remove', 'acme', 'vendor', '57'], env)).stdout).toBe(
        'Removed the vendor mapping of 57.\n',
      );
      expect((await runCli(['mapping', 'remove', 'acme', 'vendor', '57'], env)).stdout).toBe(
        'No vendor mapping for 57.\n',
      );
    },
  );
});
