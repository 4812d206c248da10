import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** Where this package keeps its migrations (Prisma's layout: `<timestamp>_<name>/migration.sql`). */
export const migrationsDir = join(import.meta.dirname, '..', 'prisma', 'migrations');

/**
 * The advisory lock `prisma migrate deploy` takes, so that this runner and Prisma's never
 * migrate the same database at the same time.
 */
const prismaAdvisoryLockKey = 72707369;

/** Prisma's own bookkeeping table, created exactly as Prisma creates it. */
const createBookkeepingTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export interface MigrateOptions {
  url: string;
  dir?: string;
  /** Called once per migration applied, for progress output. */
  onApplied?: (name: string, durationMs: number) => void;
  /** Called when an applied migration's file no longer matches what was applied. */
  onChecksumMismatch?: (name: string) => void;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export async function readMigrations(dir = migrationsDir): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      // Prisma's checksum: SHA-256 of the file's bytes, hex.
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies pending migrations. Idempotent; safe when several containers run it at once (they
 * queue on Prisma's advisory lock and find nothing left to do). Each migration runs in its own
 * transaction, so a failing one leaves no trace and can be fixed and re-run.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const migrations = await readMigrations(options.dir);
  const client = new pg.Client({ connectionString: options.url, application_name: 'mlc-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [prismaAdvisoryLockKey]);
    await client.query(createBookkeepingTable);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const records = rows.filter(
        (row) => row.migration_name === migration.name && row.rolled_back_at === null,
      );
      if (records.some((row) => row.finished_at === null)) {
        throw new MigrationError(
          `Migration ${migration.name} is recorded as started but not finished. Fix the database, then mark it ` +
            `with \`prisma migrate resolve\` or delete its row from "_prisma_migrations".`,
        );
      }
      const done = records.find((row) => row.finished_at !== null);
      if (done) {
        if (done.checksum !== migration.checksum) options.onChecksumMismatch?.(migration.name);
        result.alreadyApplied.push(migration.name);
        continue;
      }
      const started = performance.now();
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`, {
          cause: error,
        });
      }
      result.applied.push(migration.name);
      options.onApplied?.(migration.name, performance.now() - started);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [prismaAdvisoryLockKey]).catch(() => undefined);
    await client.end();
  }
}
