import {
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

/** The only reader of process.env in procurify-writer: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'procurify-writer',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    /** Procurify writes in flight in this process. */
    PROCURIFY_WRITE_CONCURRENCY: positiveInt.default(4),
    /** A paused connection's jobs wait this long before they look again. */
    PAUSED_CONNECTION_DELAY_MS: positiveInt.default(60_000),
    ...upstreamEnv,
    /** Port of the ops endpoints /healthz, /readyz and /metrics (0: any free port). */
    OPS_PORT: port.default(3013),
    /** Interface the ops endpoints listen on (containers set 0.0.0.0 for their probes). */
    OPS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Where token-service listens. */
    TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
    /** App-to-app token for token-service's internal API. Required. */
    INTERNAL_TOKEN: secretToken,
  },
  process.env,
);

export type Env = typeof env;
