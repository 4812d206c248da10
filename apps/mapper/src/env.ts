import { commonEnv, databaseEnv, parseEnvOrExit, positiveInt, redisEnv, upstreamEnv } from '@mlc/config';

/** The only reader of process.env in mapper: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'mapper',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    ...upstreamEnv,
    /** Map jobs processed at once by this process. */
    MAP_CONCURRENCY: positiveInt.default(8),
    /** How long connection settings are reused before they are read again. */
    SETTINGS_CACHE_MS: positiveInt.default(5_000),
  },
  process.env,
);

export type Env = typeof env;
