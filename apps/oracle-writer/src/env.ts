import {
  commonEnv,
  databaseEnv,
  httpUrl,
  parseEnvOrExit,
  positiveInt,
  redisEnv,
  secretToken,
  upstreamEnv,
} from '@mlc/config';

/** The only reader of process.env in oracle-writer: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'oracle-writer',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    /** Oracle writes in flight in this process (per-connection limits apply on top). */
    ORACLE_WRITE_CONCURRENCY: positiveInt.default(8),
    ...upstreamEnv,
    /** Where token-service listens. */
    TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
    /** App-to-app token for token-service's internal API. Required. */
    INTERNAL_TOKEN: secretToken,
  },
  process.env,
);

export type Env = typeof env;
