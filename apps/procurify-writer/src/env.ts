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
    /**
     * Procurify writes in flight in this process. Also bounds a mark-as-paid batch: only jobs in
     * flight together can share a request.
     */
    PROCURIFY_WRITE_CONCURRENCY: positiveInt.default(16),
    /** Bills per mark-as-paid request at most (Procurify takes a list; keep requests modest). */
    MARK_PAID_BATCH_MAX_BILLS: positiveInt.max(500).default(50),
    /** How long the first bill of a mark-as-paid batch waits for others to join it. */
    MARK_PAID_BATCH_LINGER_MS: positiveInt.max(10_000).default(200),
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
