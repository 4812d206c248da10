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

/** The only reader of process.env in poller: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'poller',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    ...upstreamEnv,
    /** Port of the ops endpoints /healthz, /readyz and /metrics (0: any free port). */
    OPS_PORT: port.default(3010),
    /** Interface the ops endpoints listen on (containers set 0.0.0.0 for their probes). */
    OPS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Streams polled at once by this process. */
    POLL_CONCURRENCY: positiveInt.default(4),
    /** Document details (PO, bill) fetched at once within one stream. */
    DETAIL_FETCH_CONCURRENCY: positiveInt.default(8),
    /** How often job schedulers are reconciled with the connections in the database. */
    SCHEDULE_RECONCILE_SECONDS: positiveInt.default(60),
    /** How often the sweeper looks for records whose job Redis lost. */
    SWEEP_INTERVAL_SECONDS: positiveInt.default(60),
    /** A record untouched this long in a working state is checked by the sweeper. */
    STALE_RECORD_MINUTES: positiveInt.default(15),
    /** Where token-service listens. */
    TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
    /** App-to-app token for token-service's internal API. Required. */
    INTERNAL_TOKEN: secretToken,
  },
  process.env,
);

export type Env = typeof env;
