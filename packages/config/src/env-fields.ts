import { z } from 'zod';

/** Building blocks for each app's env.ts. Names carry their unit (`_MS`, `_MINUTES`). */

export const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    message: 'expected 1/0, true/false, yes/no or on/off',
  })
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

export const positiveInt = z.coerce.number().int().positive();
export const nonNegativeInt = z.coerce.number().int().nonnegative();
export const port = z.coerce.number().int().min(0).max(65535);

const urlWithProtocols = (protocols: string[], what: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a ${what} URL (${protocols.map((p) => `${p}//`).join(' or ')})` },
  );

export const postgresUrl = urlWithProtocols(['postgres:', 'postgresql:'], 'PostgreSQL');
export const redisUrl = urlWithProtocols(['redis:', 'rediss:'], 'Redis');
export const httpUrl = urlWithProtocols(['http:', 'https:'], 'HTTP');

/** base64 of exactly 32 random bytes (AES-256). `openssl rand -base64 32` makes one. */
export const masterKey = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
  message: 'expected base64 of 32 bytes (generate one with `openssl rand -base64 32`)',
});

export const secretToken = z.string().min(16, { message: 'expected at least 16 characters' });

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const commonEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: logLevel.default('info'),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
};

export const databaseEnv = {
  DATABASE_URL: postgresUrl.default('postgresql://postgres@127.0.0.1:5432/postgres'),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(30_000),
};

export const redisEnv = {
  REDIS_URL: redisUrl.default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key (BullMQ queues, token cache, locks): several installs can share a Redis. */
  MLC_REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, { message: 'letters, digits, "_" and "-" only' })
    .default('mlc'),
};

/** The Postgres and Redis settings every app's config takes from its parsed environment. */
export function storeSettings(env: {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  DATABASE_CONNECT_TIMEOUT_MS: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
  REDIS_URL: string;
  MLC_REDIS_PREFIX: string;
}) {
  return {
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    databaseStatementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.MLC_REDIS_PREFIX,
  };
}

export const upstreamEnv = {
  /** Development only: permits http:// and loopback upstream URLs (the simulators). */
  MLC_ALLOW_INSECURE_UPSTREAMS: booleanFlag.default(false),
};
