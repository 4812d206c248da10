import type { Redis } from 'ioredis';
import type { Pool } from 'pg';

// Everything a test can search for planted secrets: every Redis key under a prefix with its whole
// value, every row of every table. Used by the secret-leak tests (token-service, e2e security).

/** Every key under `prefix` with its whole value, whatever the type (BullMQ uses them all). */
export async function dumpRedis(client: Redis, prefix: string): Promise<string[]> {
  const dump: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await client.type(key);
      const value =
        type === 'string'
          ? await client.get(key)
          : type === 'hash'
            ? await client.hgetall(key)
            : type === 'list'
              ? await client.lrange(key, 0, -1)
              : type === 'set'
                ? await client.smembers(key)
                : type === 'zset'
                  ? await client.zrange(key, 0, -1, 'WITHSCORES')
                  : type === 'stream'
                    ? await client.xrange(key, '-', '+')
                    : // Expired between SCAN and TYPE.
                      type === 'none'
                      ? null
                      : `(unexpected type ${type})`;
      dump.push(`${key} ${type} ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return dump;
}

/**
 * Every row of every table outside Postgres' own schemas, as JSON (bytea columns come out as
 * `\x…` hex), keyed `schema.table`. `omit` leaves columns out (`{ 'public.credentials':
 * ['ciphertext'] }`): the one place a secret may be, sealed.
 */
export async function dumpPostgres(
  pool: Pick<Pool, 'query'>,
  omit: Record<string, readonly string[]> = {},
): Promise<Record<string, string[]>> {
  const { rows: tables } = await pool.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1, 2`,
  );
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const dump: Record<string, string[]> = {};
  for (const { table_schema: schema, table_name: table } of tables) {
    const name = `${schema}.${table}`;
    const omitted = omit[name] ?? [];
    const { rows } = await pool.query<{ row: string }>(
      `SELECT (to_jsonb(t) - $1::text[])::text AS row FROM ${quote(schema)}.${quote(table)} t`,
      [omitted],
    );
    dump[name] = rows.map((row) => row.row);
  }
  return dump;
}
