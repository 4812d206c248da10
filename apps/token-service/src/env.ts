import {
  commonEnv,
  databaseEnv,
  masterKey,
  parseEnvOrExit,
  port,
  positiveInt,
  redisEnv,
  secretToken,
  upstreamEnv,
} from '@mlc/config';
import { z } from 'zod';

/** The only reader of process.env in token-service: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'token-service',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    ...upstreamEnv,
    /** Interface and port of the internal token API. */
    TOKEN_SERVICE_HOST: z.string().default('127.0.0.1'),
    TOKEN_SERVICE_PORT: port.default(3001),
    /** base64 of 32 random bytes (`openssl rand -base64 32`): encrypts credentials and the token cache. Required. */
    MLC_MASTER_KEY: masterKey,
    /** Older master keys, comma-separated, still accepted for decryption during a key rotation. */
    MLC_MASTER_KEY_PREVIOUS: z.string().optional(),
    /** App-to-app token other apps present to this one. Required. */
    INTERNAL_TOKEN: secretToken,
    /** Procurify tokens are refreshed this long before they expire (capped at a tenth of their lifetime). */
    TOKEN_REFRESH_AHEAD_SECONDS: positiveInt.default(3600),
    /** A cached token is not handed out when it has less than this left. */
    TOKEN_EXPIRY_MARGIN_SECONDS: positiveInt.default(60),
    /** Consecutive credential rejections before a connection is marked auth_failed and paused. */
    AUTH_FAILURE_THRESHOLD: positiveInt.default(2),
    /** How long one process may hold a connection's refresh lock. */
    TOKEN_LOCK_TTL_MS: positiveInt.default(15_000),
    TOKEN_REQUEST_TIMEOUT_MS: positiveInt.default(15_000),
  },
  process.env,
);

export type Env = typeof env;
