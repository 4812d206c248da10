import {
  booleanFlag,
  commonEnv,
  databaseEnv,
  httpUrl,
  parseEnvOrExit,
  port,
  positiveInt,
  redisEnv,
  secretToken,
  upstreamEnv,
} from '@mlc/config';
import { z } from 'zod';

/** The only reader of process.env in admin: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'admin',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    ...upstreamEnv,
    /** Interface the admin API and Bull Board listen on (0.0.0.0 in a container). */
    ADMIN_HOST: z.string().default('127.0.0.1'),
    /** Port of the admin API and Bull Board. */
    ADMIN_PORT: port.default(3000),
    /** Bearer token of operators (full access). Required. */
    ADMIN_TOKEN: secretToken,
    /** Bearer token with read-only access (GET only, Bull Board without actions). Optional. */
    ADMIN_VIEWER_TOKEN: secretToken.optional(),
    /** Failed authentications one client IP may make per window before it gets 429. */
    ADMIN_AUTH_FAILURE_LIMIT: positiveInt.default(10),
    ADMIN_AUTH_FAILURE_WINDOW_SECONDS: positiveInt.default(300),
    /** Behind a reverse proxy: take the client IP from X-Forwarded-For (for the failure limit). */
    ADMIN_TRUST_PROXY: booleanFlag.default(false),
    /** Where token-service listens. */
    TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
    /** App-to-app token for token-service's internal API. Required. */
    INTERNAL_TOKEN: secretToken,
  },
  process.env,
);

export type Env = typeof env;
