import {
  commonEnv,
  databaseEnv,
  httpUrl,
  parseEnvOrExit,
  port,
  redisEnv,
  secretToken,
  upstreamEnv,
} from '@mlc/config';

/** The only reader of process.env in admin: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'admin',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    /** Port of the admin API and Bull Board. */
    ADMIN_PORT: port.default(3000),
    /** Bearer token of operators (full access). Required. */
    ADMIN_TOKEN: secretToken,
    /** Bearer token with read-only access. Optional. */
    ADMIN_VIEWER_TOKEN: secretToken.optional(),
    ...upstreamEnv,
    TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
    INTERNAL_TOKEN: secretToken,
  },
  process.env,
);

export type Env = typeof env;
