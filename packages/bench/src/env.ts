import { logLevel, parseEnvOrExit, postgresUrl, redisUrl } from '@mlc/config';
import { z } from 'zod';

/** The only reader of process.env in the benchmarks: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'bench',
  {
    /** The PostgreSQL server; the benchmarks create (and re-create) their own database on it. */
    DATABASE_URL: postgresUrl.default('postgresql://postgres@127.0.0.1:5432/postgres'),
    /** Database the benchmarks own: dropped and re-created before every run. */
    BENCH_DATABASE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('mlc_bench'),
    /**
     * A Redis to use instead of the private `redis-server` the benchmarks start. Its
     * INFO commandstats then also counts other clients' commands (the report says so).
     */
    BENCH_REDIS_URL: redisUrl.optional(),
    /**
     * private: a throw-away PostgreSQL of the benchmark's own (initdb, pg_stat_statements
     * preloaded) when the server binaries are installed; shared: the DATABASE_URL server.
     */
    BENCH_POSTGRES: z.enum(['private', 'shared']).default('private'),
    /** 1: every app writes a V8 CPU profile to .bench/profiles/<run>/ when it stops (see README). */
    BENCH_CPU_PROFILE: z.enum(['0', '1']).default('0'),
    /** Extra Node options for every app (e.g. "--max-semi-space-size=8"), to measure their effect. */
    BENCH_APP_NODE_OPTIONS: z.string().default(''),
    /** Log level of the apps under test (their logs go to .bench/logs/). */
    BENCH_APP_LOG_LEVEL: logLevel.default('info'),
    PATH: z.string().default(''),
  },
  process.env,
);
