// Shared by this package's *.integration.test.ts files: a connection row and ledger records in
// chosen states, planted straight through the ledger (no upstream needed).
import type { LedgerEntity, LedgerStatus, Prisma, PrismaClient } from '@mlc/db';
import { Ledger } from '@mlc/ledger';

export async function createTestConnection(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.connection.create({
    data: {
      id,
      name: `Test ${id}`,
      procurifySubdomain: 'acme',
      oraclePodUrl: 'https://acme-test.fa.us2.oraclecloud.com',
      oracleSettings: { authType: 'client_credentials', businessUnit: 'US1 Business Unit' },
      accounting: { delimiter: '-', segments: [{ name: 'company', value: '100' }] },
      options: {},
    },
  });
}

export interface PlantedRecord {
  entity?: LedgerEntity;
  sourceId: string;
  sourceNumber?: string;
  status: LedgerStatus;
  reason?: string;
  blockedOn?: string[];
  details?: Prisma.InputJsonValue;
}

/** Records the versions (as a poll would) and moves each to its status; returns their ids by source id. */
export async function plantRecords(
  prisma: PrismaClient,
  connectionId: string,
  records: readonly PlantedRecord[],
): Promise<Map<string, string>> {
  const ledger = new Ledger(prisma);
  const ids = new Map<string, string>();
  for (const record of records) {
    const entity = record.entity ?? 'bill';
    await ledger.recordSourceVersions(connectionId, entity, [
      {
        sourceId: record.sourceId,
        sourceNumber: record.sourceNumber ?? `N-${record.sourceId}`,
        contentHash: `hash-${record.sourceId}-0000`,
        snapshot: { id: record.sourceId },
      },
    ]);
    const row = await prisma.ledgerRecord.findUniqueOrThrow({
      where: { connectionId_entity_sourceId: { connectionId, entity, sourceId: record.sourceId } },
    });
    if (record.status !== 'pending') {
      await ledger.transition(row.id, {
        to: record.status,
        action: 'test.planted',
        outcome: 'info',
        fields: {
          reason: record.reason ?? null,
          ...(record.blockedOn ? { blockedOn: record.blockedOn } : {}),
          ...(record.details === undefined ? {} : { details: record.details }),
        },
      });
    }
    ids.set(record.sourceId, row.id);
  }
  return ids;
}
