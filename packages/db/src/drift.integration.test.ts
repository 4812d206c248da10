import { readFile } from 'node:fs/promises';
import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { checkDrift } from './drift.ts';
import { schemaPath } from './index.ts';

const schema = await readFile(schemaPath, 'utf8');

function withLineAfter(text: string, anchor: string, line: string): string {
  expect(text).toContain(anchor);
  return text.replace(anchor, `${anchor}\n  ${line}`);
}

describe('drift between schema.prisma and the migrated database', () => {
  test('there is none', async ({ database }) => {
    expect(await checkDrift(schema, database.pool)).toEqual([]);
  });

  test('a column added to schema.prisma without SQL is reported', async ({ database }) => {
    const changed = withLineAfter(schema, 'model LedgerRecord {', 'priority Int @default(0)');
    expect(await checkDrift(changed, database.pool)).toEqual([
      'column sync_ledger.priority: missing in the database',
    ]);
  });

  test('type, nullability, index, enum and foreign-key changes are reported', async ({ database }) => {
    const changed = schema
      .replace(
        'contentHash      String       @map("content_hash")',
        'contentHash      String?      @map("content_hash")',
      )
      .replace('attempts         Int          @default(0)', 'attempts         BigInt       @default(0)')
      .replace('  @@index([status, updatedAt])\n', '')
      .replace('  superseded\n', '  superseded\n  archived\n')
      .replace(
        'record LedgerRecord @relation(fields: [ledgerId], references: [id], onDelete: Cascade)',
        'record LedgerRecord @relation(fields: [ledgerId], references: [id], onDelete: Restrict)',
      );
    expect((await checkDrift(changed, database.pool)).sort()).toEqual(
      [
        'column sync_ledger.content_hash: nullable in schema, NOT NULL in the database',
        'column sync_ledger.attempts: schema type bigint, database type integer',
        'sync_ledger INDEX (status, updated_at): in the database but not in schema.prisma',
        'enum ledger_status: schema has (pending, mapped, writing, synced, blocked, failed, uncertain, skipped, superseded, archived), database has (pending, mapped, writing, synced, blocked, failed, uncertain, skipped, superseded)',
        'foreign key sync_ledger_events (ledger_id) -> sync_ledger (id) ON DELETE RESTRICT: missing in the database',
        'foreign key sync_ledger_events (ledger_id) -> sync_ledger (id) ON DELETE CASCADE: in the database but not in schema.prisma',
      ].sort(),
    );
  });

  test('a table only in SQL is reported', async ({ database }) => {
    await database.pool.query('CREATE TABLE "stray" ("id" INTEGER PRIMARY KEY)');
    try {
      expect(await checkDrift(schema, database.pool)).toEqual([
        'table stray: in the database but not in schema.prisma',
        'stray PRIMARY KEY (id): in the database but not in schema.prisma',
      ]);
    } finally {
      await database.pool.query('DROP TABLE "stray"');
    }
  });
});
