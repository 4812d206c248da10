import { databaseEnv, parseEnv, type EnvSource } from '@mlc/config';

/** The CLI's settings; each command parses only the part it needs, so `mlc --help` needs none. */
export function loadDatabaseEnv(source: EnvSource = process.env) {
  return parseEnv('mlc', { DATABASE_URL: databaseEnv.DATABASE_URL }, source);
}
