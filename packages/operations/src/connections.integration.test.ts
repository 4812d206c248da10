import {
  activeStreams,
  ConnectionStore,
  raiseConnectionIssue,
  resolveConnectionIssue,
} from '@mlc/connections';
import { MasterData } from '@mlc/ledger';
import { createRedis, openQueue, pollQueue, waitForRedis } from '@mlc/queues';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { getConnection, pauseConnection, resumeConnection } from './connections.ts';
import { ConflictError, InvalidRequestError } from './errors.ts';
import { listConnectionIssues } from './issues.ts';
import { listBlockedVendors, listMappings, setMapping, vendorSuggestions } from './mappings.ts';
import { syncNow } from './sync.ts';
import { createTestConnection, plantRecords } from './test-support.ts';

describe('connection and mapping operations', () => {
  test('pause and resume; sync now only for an active connection; auth_failed needs new credentials', async ({
    database,
    redis,
  }) => {
    const { prisma } = database;
    await createTestConnection(prisma, 'acme');
    const connection = createRedis(redis.url, 'producer', 'operations-test');
    await waitForRedis(connection);
    const queue = openQueue(pollQueue, { connection, prefix: redis.prefix });
    try {
      const run = await syncNow({ prisma, pollQueue: queue }, 'acme');
      const settings = await new ConnectionStore(prisma, { allowInsecureUpstreams: true }).settings('acme');
      expect(run.polls.map((poll) => poll.stream)).toEqual(
        activeStreams(settings).map((stream) => stream.name),
      );
      expect(run.polls.map((poll) => poll.stream)).toContain('procurify.bills');
      for (const poll of run.polls)
        expect((await queue.getJob(poll.jobId))?.data).toEqual({
          connectionId: 'acme',
          stream: poll.stream,
          trigger: 'manual',
          runId: run.runId,
        });

      expect(await pauseConnection({ prisma }, 'acme', 'month-end freeze')).toMatchObject({
        status: 'paused',
        statusReason: 'paused by an operator: month-end freeze',
      });
      await expect(syncNow({ prisma, pollQueue: queue }, 'acme')).rejects.toMatchObject({
        code: 'CONNECTION_PAUSED',
      });
      expect((await resumeConnection({ prisma }, 'acme')).status).toBe('active');
      expect((await resumeConnection({ prisma }, 'acme')).status).toBe('active');

      await prisma.connection.update({ where: { id: 'acme' }, data: { status: 'auth_failed' } });
      await expect(resumeConnection({ prisma }, 'acme')).rejects.toThrow(ConflictError);
      await expect(pauseConnection({ prisma }, 'acme')).rejects.toMatchObject({
        code: 'CONNECTION_AUTH_FAILED',
      });
      expect((await getConnection({ prisma }, 'acme')).status).toBe('auth_failed');
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  test('a connection’s detail counts its records by state and its open issues', async ({ database }) => {
    const { prisma } = database;
    await createTestConnection(prisma, 'counts');
    await plantRecords(prisma, 'counts', [
      { sourceId: 'a', status: 'synced' },
      { sourceId: 'b', status: 'synced' },
      { sourceId: 'c', status: 'blocked' },
    ]);
    await raiseConnectionIssue(prisma, {
      connectionId: 'counts',
      kind: 'auth_failed',
      system: 'oracle',
      message: 'refused',
    });
    await raiseConnectionIssue(prisma, {
      connectionId: 'counts',
      kind: 'rate_limited',
      system: 'procurify',
      message: 'wait',
    });
    await resolveConnectionIssue(prisma, {
      connectionId: 'counts',
      kind: 'rate_limited',
      system: 'procurify',
    });
    expect(await getConnection({ prisma }, 'counts')).toMatchObject({
      records: { total: 3, byStatus: { blocked: 1, synced: 2 } },
      openIssues: 1,
    });
    const open = await listConnectionIssues({ prisma }, 'counts', { state: 'open' });
    expect(open.map((issue) => [issue.kind, issue.open])).toEqual([['auth_failed', true]]);
    const resolved = await listConnectionIssues({ prisma }, 'counts', { state: 'resolved' });
    expect(resolved).toEqual([
      expect.objectContaining({ kind: 'rate_limited', open: false, resolvedAt: expect.any(String) }),
    ]);
  });

  test('vendor suggestions are scored against Oracle’s suppliers; a link re-queues what it unblocks', async ({
    database,
  }) => {
    const { prisma } = database;
    await createTestConnection(prisma, 'vendors');
    await new MasterData(prisma).upsert(
      'vendors',
      'oracle',
      'supplier',
      [
        ['300', '1253', 'Acme Supply Co'],
        ['301', '1254', 'Acme Logistics'],
        ['302', '2000', 'Northwind Traders'],
      ].map(([externalId, key, name]) => ({
        externalId: externalId!,
        key: key!,
        name: name!,
        active: true,
        data: {
          SupplierId: externalId,
          SupplierNumber: key,
          Supplier: name,
          sites: [{ SupplierSite: 'MAIN' }],
        },
        contentHash: `h-${externalId}`,
      })),
    );
    const blockedOn57 = {
      status: 'blocked' as const,
      blockedOn: ['vendor:57'],
      details: {
        missing: [{ kind: 'vendor', key: '57', label: 'Acme Suply' }],
        suggestions: [{ supplierId: '302', supplierNumber: '2000', name: 'Northwind Traders', score: 0.31 }],
      },
    };
    const ids = await plantRecords(prisma, 'vendors', [
      { sourceId: 'v1', ...blockedOn57 },
      { sourceId: 'v2', ...blockedOn57 },
      {
        sourceId: 'v3',
        status: 'blocked',
        blockedOn: ['vendor:58'],
        details: { missing: [{ kind: 'vendor', key: '58' }] },
      },
    ]);

    const blocked = await listBlockedVendors({ prisma }, 'vendors');
    expect(
      blocked.map((vendor) => [vendor.procurifyVendorId, vendor.vendorName, vendor.blockedRecords]),
    ).toEqual([
      ['57', 'Acme Suply', 2],
      ['58', null, 1],
    ]);
    const ranked = await vendorSuggestions({ prisma }, 'vendors', '57');
    expect(ranked.blockedRecords.total).toBe(2);
    expect(ranked.suggestions[0]).toMatchObject({ supplierNumber: '1253', name: 'Acme Supply Co' });
    expect(ranked.suggestions.map((suggestion) => suggestion.score)).toEqual(
      ranked.suggestions.map((suggestion) => suggestion.score).toSorted((a, b) => b - a),
    );
    await expect(vendorSuggestions({ prisma }, 'vendors', '99')).rejects.toMatchObject({
      code: 'VENDOR_NOT_FOUND',
    });

    await expect(
      setMapping({ prisma }, 'vendors', 'department', {
        procurifyKey: '5',
        oracleValue: '510',
        site: 'MAIN',
      }),
    ).rejects.toThrow(InvalidRequestError);
    const linked = await setMapping({ prisma }, 'vendors', 'vendor', {
      procurifyKey: '57',
      oracleValue: '1253',
      site: 'ELSEWHERE',
    });
    expect(linked.requeued).toBe(2);
    expect(linked.warnings).toEqual([expect.stringContaining('has no site "ELSEWHERE"')]);
    const requeued = await prisma.ledgerRecord.findMany({
      where: { id: { in: [ids.get('v1')!, ids.get('v2')!] } },
    });
    expect(requeued.map((record) => record.status)).toEqual(['pending', 'pending']);
    const { vendors } = await listMappings({ prisma }, 'vendors', 'vendor');
    expect(vendors).toEqual([
      expect.objectContaining({
        procurifyVendorId: '57',
        procurifyVendorName: 'Acme Suply',
        oracleSupplierId: '300',
        oracleSupplierName: 'Acme Supply Co',
        matchedBy: 'explicit',
      }),
    ]);
    const unknown = await setMapping({ prisma }, 'vendors', 'vendor', {
      procurifyKey: '58',
      oracleValue: '9999',
    });
    expect(unknown).toEqual({
      requeued: 1,
      warnings: [expect.stringContaining('not among the 3 suppliers')],
    });
  });
});
