import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';

export interface DatabaseOptions {
  url: string;
  /** Connections this process may hold. Replicas × pool size must stay below Postgres' max_connections. */
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleTimeoutMs?: number;
  /** Shown in pg_stat_activity, so an operator can tell which app holds a connection. */
  applicationName: string;
  onPoolError?: (error: Error) => void;
}

export interface Database {
  prisma: PrismaClient;
  /** The same pool Prisma uses, for the few statements Prisma cannot express (COPY, advisory locks). */
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDatabase(options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    statement_timeout: options.statementTimeoutMs,
    application_name: options.applicationName,
  });
  const onPoolError = options.onPoolError ?? (() => undefined);
  // An idle client that loses its server emits 'error' on the pool; unhandled, it would crash the process.
  pool.on('error', onPoolError);
  const adapter = new PrismaPg(pool, { onPoolError });
  const prisma = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: options.connectTimeoutMs, timeout: options.statementTimeoutMs },
  });
  let closing: Promise<void> | undefined;
  return {
    prisma,
    pool,
    close() {
      closing ??= (async () => {
        await prisma.$disconnect();
        await pool.end();
      })();
      return closing;
    },
  };
}
