import {
  commonEnv,
  databaseEnv,
  parseEnvOrExit,
  port,
  positiveInt,
  redisEnv,
  upstreamEnv,
} from '@mlc/config';
import { z } from 'zod';

/** The only reader of process.env in mapper: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'mapper',
  {
    ...commonEnv,
    ...databaseEnv,
    ...redisEnv,
    ...upstreamEnv,
    /** Port of the ops endpoints /healthz, /readyz and /metrics (0: any free port). */
    OPS_PORT: port.default(3011),
    /** Interface the ops endpoints listen on (containers set 0.0.0.0 for their probes). */
    OPS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Map jobs processed at once by this process. */
    MAP_CONCURRENCY: positiveInt.default(8),
    /** How long connection settings are reused before they are read again. */
    SETTINGS_CACHE_MS: positiveInt.default(5_000),
  },
  process.env,
);

export type Env = typeof env;
