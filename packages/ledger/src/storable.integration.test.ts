import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { Ledger } from './ledger.ts';
import { MasterData } from './master-data.ts';

const connectionId = 'acme-mfg';

describe('what upstreams send that Postgres cannot store', () => {
  test('a NUL, an unpaired surrogate and an invalid date do not fail the batch they arrive in', async ({
    database,
  }) => {
    const { prisma } = database;
    await prisma.connection.create({
      data: {
        id: connectionId,
        name: 'Acme',
        procurifySubdomain: 'acme',
        oraclePodUrl: 'https://a.fa.us2.oraclecloud.com',
        oracleSettings: {},
        accounting: {},
        options: {},
      },
    });
    const ledger = new Ledger(prisma);
    const recorded = await ledger.recordSourceVersions(connectionId, 'bill', [
      {
        sourceId: 'b1',
        sourceNumber: 'NUL\u0000-1',
        sourceVersion: 'v\u0000',
        sourceUpdatedAt: new Date('sometime last week'),
        contentHash: 'hash-b1-aaaa',
        snapshot: { note: 'a\u0000b', description: 'broken \ud800 surrogate', 'key\u0000': 1 },
      },
      { sourceId: 'b2', contentHash: 'hash-b2-aaaa', snapshot: { note: 'فاتورة 👩‍👩‍👧‍👦 \u202eRTL' } },
    ]);
    expect(recorded).toEqual({ inserted: 2, changed: 0, unchanged: 0 });
    const [b1, b2] = await prisma.ledgerRecord.findMany({ orderBy: { sourceId: 'asc' } });
    expect(b1).toMatchObject({
      sourceNumber: 'NUL-1',
      sourceVersion: 'v',
      sourceUpdatedAt: null,
      sourceSnapshot: { note: 'ab', description: 'broken \ufffd surrogate', key: 1 },
    });
    expect(b2?.sourceSnapshot).toEqual({ note: 'فاتورة 👩‍👩‍👧‍👦 \u202eRTL' });

    const masterData = new MasterData(prisma);
    expect(
      await masterData.upsert(connectionId, 'procurify', 'vendor', [
        {
          externalId: '7',
          name: 'Vendor\u0000 Inc.',
          active: true,
          data: { name: 'Vendor\u0000 Inc. \udfff' },
          contentHash: 'hash-v7',
        },
      ]),
    ).toBe(1);
    expect(await prisma.masterRecord.findFirst({ where: { externalId: '7' } })).toMatchObject({
      name: 'Vendor Inc.',
      data: { name: 'Vendor Inc. \ufffd' },
    });
  });
});
