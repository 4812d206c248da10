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

/** The only reader of process.env in procurify-writer: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'procurify-writer',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    /** Procurify writes in flight in this process. */
    PROCURIFY_WRITE_CONCURRENCY: positiveInt.default(4),
    ...upstreamEnv,
    /** Where token-service listens. */
    TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
    /** App-to-app token for token-service's internal API. Required. */
    INTERNAL_TOKEN: secretToken,
  },
  process.env,
);

export type Env = typeof env;
