import { createDatabase, type Database } from '@mlc/db';

/** A small pool for one CLI command; closed by the caller. */
export function openDatabase(url: string): Database {
  return createDatabase({
    url,
    poolSize: 2,
    connectTimeoutMs: 5_000,
    statementTimeoutMs: 60_000,
    applicationName: 'mlc-cli',
  });
}

export async function withDatabase<T>(url: string, run: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(url);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}
