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

/** The only reader of process.env in oracle-writer: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'oracle-writer',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    ...upstreamEnv,
    /** Port of the ops endpoints /healthz, /readyz and /metrics (0: any free port). */
    OPS_PORT: port.default(3012),
    /** Interface the ops endpoints listen on (containers set 0.0.0.0 for their probes). */
    OPS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Oracle writes in flight in this process (each connection's maxInFlightWrites applies on top). */
    ORACLE_WRITE_CONCURRENCY: positiveInt.default(8),
    /** A job that cannot get its connection's write slot waits this long before trying again. */
    WRITE_SLOT_RETRY_MS: positiveInt.default(250),
    /** A paused connection's jobs wait this long before they look again. */
    PAUSED_CONNECTION_DELAY_MS: positiveInt.default(60_000),
    /** Where token-service listens. */
    TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
    /** App-to-app token for token-service's internal API. Required. */
    INTERNAL_TOKEN: secretToken,
  },
  process.env,
);

export type Env = typeof env;
