import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { MasterData, type MasterRecordInput } from './master-data.ts';

const connectionId = 'acme-mfg';

const vendor = (name: string, stamp: string | null, hash = name): MasterRecordInput => ({
  externalId: '57',
  key: '1253',
  name,
  active: true,
  data: { id: 57, name },
  contentHash: `hash-${hash}`,
  sourceUpdatedAt: stamp === null ? null : new Date(stamp),
});

describe('MasterData', () => {
  test('upserts only changed rows, says which, and never goes back to an older version', async ({
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
    const masterData = new MasterData(prisma);
    const name = async () =>
      (
        await prisma.masterRecord.findUniqueOrThrow({
          where: {
            connectionId_system_kind_externalId: {
              connectionId,
              system: 'procurify',
              kind: 'vendor',
              externalId: '57',
            },
          },
        })
      ).name;

    expect(
      await masterData.upsertChanged(connectionId, 'procurify', 'vendor', [
        vendor('Acme', '2026-11-21T10:00:00Z'),
      ]),
    ).toEqual(['57']);
    expect(
      await masterData.upsert(connectionId, 'procurify', 'vendor', [vendor('Acme', '2026-11-21T10:00:00Z')]),
    ).toBe(0);
    // A writer wrote a rename through (newer stamp)…
    expect(
      await masterData.upsert(connectionId, 'procurify', 'vendor', [
        vendor('Acme Inc', '2026-11-21T11:00:00Z'),
      ]),
    ).toBe(1);
    // …and a scan that read the vendor before the rename arrives late: the older version is ignored.
    expect(
      await masterData.upsertChanged(connectionId, 'procurify', 'vendor', [
        vendor('Acme', '2026-11-21T10:00:00Z'),
      ]),
    ).toEqual([]);
    expect(await name()).toBe('Acme Inc');
    // Rows without a stamp (most master data) are simply diffed by hash.
    expect(await masterData.upsert(connectionId, 'procurify', 'vendor', [vendor('Acme Supply', null)])).toBe(
      1,
    );
    expect(await name()).toBe('Acme Supply');
  });
});
