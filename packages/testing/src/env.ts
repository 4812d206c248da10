import { parseEnv, postgresUrl, redisUrl } from '@mlc/config';

/** The only reader of process.env in this package. Both URLs are optional: see global-setup.ts. */
export const testEnv = parseEnv(
  'tests',
  { DATABASE_URL: postgresUrl.optional(), REDIS_URL: redisUrl.optional() },
  process.env,
);

export const localDefaults = {
  databaseUrl: 'postgresql://postgres@127.0.0.1:5432/postgres',
  redisUrl: 'redis://127.0.0.1:6379',
};

/** The environment a spawned app inherits (PATH and friends), before a test's own settings. */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
