import { createEmptyDatabase, databaseUrlFor, dropDatabase, test } from '@mlc/testing';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect } from 'vitest';
import { migrate, readMigrations } from './migrate.ts';

async function appliedRows(url: string) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name');
    return rows;
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  test('applies every migration to an empty database and re-applies as a no-op', async ({ database }) => {
    const name = await createEmptyDatabase(database.serverUrl);
    const url = databaseUrlFor(database.serverUrl, name);
    try {
      const migrations = await readMigrations();
      const first = await migrate({ url });
      expect(first.applied).toEqual(migrations.map((migration) => migration.name));
      expect(first.alreadyApplied).toEqual([]);

      const second = await migrate({ url });
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(first.applied);

      const rows = await appliedRows(url);
      expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(
        migrations.map((migration) => [migration.name, migration.checksum]),
      );
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);
    } finally {
      await dropDatabase(database.serverUrl, name);
    }
  });

  test('two concurrent runs do not conflict: one applies, the other finds nothing to do', async ({
    database,
  }) => {
    const name = await createEmptyDatabase(database.serverUrl);
    const url = databaseUrlFor(database.serverUrl, name);
    try {
      const results = await Promise.all([migrate({ url }), migrate({ url }), migrate({ url })]);
      const appliedCounts = results.map((result) => result.applied.length).sort((a, b) => a - b);
      const total = (await readMigrations()).length;
      expect(appliedCounts).toEqual([0, 0, total]);
      expect(await appliedRows(url)).toHaveLength(total);
    } finally {
      await dropDatabase(database.serverUrl, name);
    }
  });

  test('a failing migration is rolled back and leaves no bookkeeping row', async ({ database }) => {
    const dir = await mkdtemp(join(tmpdir(), 'mlc-migrations-'));
    await mkdir(join(dir, '20260101000000_ok'));
    await writeFile(join(dir, '20260101000000_ok', 'migration.sql'), 'CREATE TABLE "a" ("id" INTEGER);');
    await mkdir(join(dir, '20260102000000_broken'));
    await writeFile(
      join(dir, '20260102000000_broken', 'migration.sql'),
      'CREATE TABLE "b" ("id" INTEGER); SELECT * FROM "does_not_exist";',
    );
    const name = await createEmptyDatabase(database.serverUrl);
    const url = databaseUrlFor(database.serverUrl, name);
    try {
      await expect(migrate({ url, dir })).rejects.toThrow(/20260102000000_broken failed and was rolled back/);
      expect((await appliedRows(url)).map((row) => row.migration_name)).toEqual(['20260101000000_ok']);
      const client = new pg.Client(url);
      await client.connect();
      const { rows } = await client.query("SELECT to_regclass('b') AS b");
      await client.end();
      expect(rows[0]).toEqual({ b: null });
    } finally {
      await dropDatabase(database.serverUrl, name);
    }
  });
});
