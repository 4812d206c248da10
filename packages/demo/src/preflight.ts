import { migrate, readMigrations } from '@mlc/db';
import { Redis } from 'ioredis';
import pg from 'pg';

/** A problem the operator can fix: one line, with the fix. */
export class DemoError extends Error {
  override name = 'DemoError';
}

export interface Services {
  /** The demo's own database (recreated every run) on the DATABASE_URL server. */
  databaseUrl: string;
  databaseName: string;
  redisUrl: string;
  migrations: number;
}

function describe(url: URL): string {
  return `${url.hostname}:${url.port || '5432'}`;
}

/**
 * Checks that PostgreSQL and Redis answer, then gives the demo a fresh, migrated database of its
 * own (`mlc_demo`, or MLC_DEMO_DATABASE, on the DATABASE_URL server: it never touches another).
 * The benchmarks (@mlc/bench) pass their own `database` name.
 */
export async function prepareServices(
  env: NodeJS.ProcessEnv,
  options: { database?: string } = {},
): Promise<Services> {
  const serverUrl = new URL(env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = '/postgres';
  const redisUrl = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const demoDatabase = options.database ?? env['MLC_DEMO_DATABASE'] ?? 'mlc_demo';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(demoDatabase))
    throw new DemoError(`MLC_DEMO_DATABASE must be a plain lower-case database name, got "${demoDatabase}"`);

  const admin = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new DemoError(
      `PostgreSQL does not answer at ${describe(serverUrl)} (${(error as Error).message}). ` +
        'Start it with `scripts/services.sh ensure` (or point DATABASE_URL at a server you can use).',
    );
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${demoDatabase} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${demoDatabase}`);
  } finally {
    await admin.end();
  }

  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DemoError(
      `Redis does not answer at ${redisUrl} (${(error as Error).message}). ` +
        'Start it with `scripts/services.sh ensure` (or set REDIS_URL).',
    );
  } finally {
    redis.disconnect();
  }

  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${demoDatabase}`;
  await migrate({ url: databaseUrl.toString() });
  return {
    databaseUrl: databaseUrl.toString(),
    databaseName: demoDatabase,
    redisUrl,
    migrations: (await readMigrations()).length,
  };
}

/** Removes every Redis key of the demo's prefix. */
export async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
