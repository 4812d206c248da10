import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '@mlc/db';
import { Redis } from 'ioredis';
import { inject, test as base } from 'vitest';
import { createTestDatabase, databaseUrlFor, dropDatabase } from './databases.ts';
import './provided.ts';

export interface TestDatabase extends Database {
  /** URL of this file's own database, migrated and empty. */
  url: string;
  /** URL of the server's maintenance database, for tests that create databases themselves. */
  serverUrl: string;
}

export interface TestRedis {
  url: string;
  /** Key prefix unique to this test file; pass it to every queue, cache and lock. */
  prefix: string;
  /** A client for assertions (and cleanup); closed after the file. */
  client: Redis;
}

/**
 * `test` with two file-scoped fixtures: a fresh migrated Postgres database and an isolated Redis
 * key prefix. Both are created on first use in a file and removed after its last test.
 */
// Fixture functions must destructure their first argument, even when empty: vitest reads the
// dependencies from that pattern (hence no-empty-pattern is off for this file).
export const test = base
  .extend('database', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestDatabase> => {
    const serverUrl = inject('mlcDatabaseServerUrl');
    const name = await createTestDatabase(serverUrl, inject('mlcTemplateDatabase'));
    const url = databaseUrlFor(serverUrl, name);
    const database = createDatabase({
      url,
      poolSize: 5,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
      applicationName: 'mlc-tests',
    });
    onCleanup(async () => {
      await database.close();
      await dropDatabase(serverUrl, name);
    });
    return { ...database, url, serverUrl };
  })
  .extend('redis', { scope: 'file' }, async ({}, { onCleanup }): Promise<TestRedis> => {
    const url = inject('mlcRedisUrl');
    const prefix = `mlct-${randomBytes(5).toString('hex')}`;
    const client = new Redis(url, { maxRetriesPerRequest: 3 });
    onCleanup(async () => {
      await deleteKeys(client, `${prefix}*`);
      client.disconnect();
    });
    return { url, prefix, client };
  });

export async function deleteKeys(client: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
