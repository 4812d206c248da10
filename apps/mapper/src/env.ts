import { commonEnv, databaseEnv, parseEnvOrExit, positiveInt, redisEnv } from '@mlc/config';

/** The only reader of process.env in mapper: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'mapper',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    /** Map jobs processed at once by this process. */
    MAP_CONCURRENCY: positiveInt.default(8),
  },
  process.env,
);

export type Env = typeof env;
