import {
  booleanFlag,
  commonEnv,
  databaseEnv,
  httpUrl,
  masterKey,
  parseEnv,
  redisEnv,
  secretToken,
  type EnvSource,
} from '@mlc/config';
import { z } from 'zod';

/** The CLI's settings; each command parses only the part it needs, so `mlc --help` needs none. */
export function loadDatabaseEnv(source: EnvSource = process.env) {
  return parseEnv('mlc', { DATABASE_URL: databaseEnv.DATABASE_URL }, source);
}

/** Commands that encrypt or re-encrypt credentials hold the master key(s). */
export function loadVaultEnv(source: EnvSource = process.env) {
  return parseEnv(
    'mlc',
    {
      DATABASE_URL: databaseEnv.DATABASE_URL,
      MLC_MASTER_KEY: masterKey,
      MLC_MASTER_KEY_PREVIOUS: z.string().optional(),
      MLC_ALLOW_INSECURE_UPSTREAMS: booleanFlag.default(false),
    },
    source,
  );
}

/** Commands that ask token-service (which alone decrypts credentials) to act. */
export function loadTokenServiceEnv(source: EnvSource = process.env) {
  return parseEnv(
    'mlc',
    {
      TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
      INTERNAL_TOKEN: secretToken,
    },
    source,
  );
}

/** Commands that read the ledger and enqueue jobs (sync, replay, mapping). */
export function loadPipelineEnv(source: EnvSource = process.env) {
  return parseEnv(
    'mlc',
    {
      DATABASE_URL: databaseEnv.DATABASE_URL,
      REDIS_URL: redisEnv.REDIS_URL,
      MLC_REDIS_PREFIX: redisEnv.MLC_REDIS_PREFIX,
      MLC_ALLOW_INSECURE_UPSTREAMS: booleanFlag.default(false),
    },
    source,
  );
}

export function loadListEnv(source: EnvSource = process.env) {
  return parseEnv(
    'mlc',
    { DATABASE_URL: databaseEnv.DATABASE_URL, MLC_ALLOW_INSECURE_UPSTREAMS: booleanFlag.default(false) },
    source,
  );
}

/** Commands that read both upstreams through token-service (reconcile, dry-run). */
export function loadUpstreamReadEnv(source: EnvSource = process.env) {
  return parseEnv(
    'mlc',
    {
      DATABASE_URL: databaseEnv.DATABASE_URL,
      TOKEN_SERVICE_URL: httpUrl.default('http://127.0.0.1:3001'),
      INTERNAL_TOKEN: secretToken,
      MLC_ALLOW_INSECURE_UPSTREAMS: booleanFlag.default(false),
    },
    source,
  );
}

/** `mlc start`: its own logging and shutdown deadline; each app parses the rest of its settings. */
export function loadStartEnv(source: EnvSource = process.env) {
  return parseEnv(
    'mlc',
    {
      LOG_LEVEL: commonEnv.LOG_LEVEL,
      SHUTDOWN_TIMEOUT_MS: commonEnv.SHUTDOWN_TIMEOUT_MS,
      OPS_PORT: z.string().optional(),
    },
    source,
  );
}
