import { parseEnvOrExit, postgresUrl } from '@mlc/config';
import { z } from 'zod';

/** The only reader of process.env in the chaos run: every setting, its unit and its default. */
export const env = parseEnvOrExit(
  'chaos',
  {
    /** The PostgreSQL server; the run creates (and re-creates) its own database on it. */
    DATABASE_URL: postgresUrl.default('postgresql://postgres@127.0.0.1:5432/postgres'),
    /** Database the chaos run owns: dropped and re-created before every run. */
    CHAOS_DATABASE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/)
      .default('mlc_chaos'),
    /**
     * A command that really restarts the PostgreSQL server behind DATABASE_URL (e.g.
     * `pg_ctlcluster --skip-systemctl-redirect 15 main restart`). Only for a machine that is
     * yours alone: every other client of that server loses its connections too. Unset (default),
     * the restart is simulated by the run's TCP proxy in front of Postgres.
     */
    CHAOS_POSTGRES_RESTART_COMMAND: z.string().min(1).optional(),
    /**
     * Log level of the apps under test (their logs go to .chaos/logs/). At least info: the run
     * waits for each app's "started" line.
     */
    CHAOS_APP_LOG_LEVEL: z.enum(['info', 'debug', 'trace']).default('info'),
    PATH: z.string().default(''),
  },
  process.env,
);
