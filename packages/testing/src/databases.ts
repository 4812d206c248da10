import { createHash, randomBytes } from 'node:crypto';
import { readMigrations, migrate } from '@mlc/db';
import pg from 'pg';

/** Per-file test databases are named `mlc_t_<unix seconds>_<random>` so stale ones can be found. */
const testDatabasePattern = /^mlc_t_(\d+)_[0-9a-f]+$/;
const staleAfterSeconds = 6 * 3600;

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'mlc-tests' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A database migrated once per migrations checksum, cloned for every test file (CREATE DATABASE
 * … TEMPLATE is far faster than migrating each time). Concurrent test runs serialise on an
 * advisory lock; templates of older migration sets and stale per-file databases are dropped.
 */
export async function ensureTemplateDatabase(serverUrl: string): Promise<string> {
  const migrations = await readMigrations();
  const checksum = createHash('sha256')
    .update(migrations.map((migration) => `${migration.name}:${migration.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const template = `mlc_template_${checksum}`;
  await withClient(serverUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['mlc-test-template']);
    try {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'mlc\\_template\\_%' OR datname LIKE 'mlc\\_t\\_%'",
      );
      const now = Date.now() / 1000;
      for (const { datname } of rows) {
        const stamp = testDatabasePattern.exec(datname)?.[1];
        const isStaleTestDb = stamp !== undefined && now - Number(stamp) > staleAfterSeconds;
        const isOldTemplate = datname.startsWith('mlc_template_') && datname !== template;
        if (isStaleTestDb || isOldTemplate) {
          await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)} WITH (FORCE)`);
        }
      }
      if (!rows.some((row) => row.datname === template)) {
        const building = `${template}_building`;
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${quoteIdentifier(building)}`);
        await migrate({ url: databaseUrlFor(serverUrl, building) });
        await client.query(
          `ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(template)}`,
        );
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['mlc-test-template']);
    }
  });
  return template;
}

export async function createTestDatabase(serverUrl: string, template: string): Promise<string> {
  const name = `mlc_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`),
  );
  return name;
}

/** An empty database (no migrations), for tests of the migrator itself. */
export async function createEmptyDatabase(serverUrl: string): Promise<string> {
  const name = `mlc_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  return name;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}
