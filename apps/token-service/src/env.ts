import {
  commonEnv,
  databaseEnv,
  masterKey,
  parseEnvOrExit,
  port,
  redisEnv,
  secretToken,
  upstreamEnv,
} from '@mlc/config';

/** The only reader of process.env in token-service: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'token-service',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    /** Port of the internal token API. */
    TOKEN_SERVICE_PORT: port.default(3001),
    /** base64 of 32 random bytes (`openssl rand -base64 32`). Required. */
    MLC_MASTER_KEY: masterKey,
    ...upstreamEnv,
    /** App-to-app token other apps present to this one. Required. */
    INTERNAL_TOKEN: secretToken,
  },
  process.env,
);

export type Env = typeof env;
