import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@mlc/demo/processes';
import pg from 'pg';

export interface BenchPostgres {
  /** Server URL (database `postgres`); the benchmark creates its own database on it. */
  url: string;
  /**
   * True when the benchmarks started this server: nobody else's connections or statements,
   * and pg_stat_statements loaded (`shared_preload_libraries`).
   */
  isPrivate: boolean;
  hasStatementStats: boolean;
  pid: number | undefined;
  /** Server version, e.g. "15.20". */
  version: string;
  close(): Promise<void>;
}

/** The directory of `initdb`: on PATH, else the newest /usr/lib/postgresql/<version>/bin (Debian). */
function findPostgresBin(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter))
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian)
    .filter((version) => existsSync(join(debian, version, 'bin', 'initdb')))
    .toSorted((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(debian, versions[0], 'bin');
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL of the benchmark's own, when the machine has the server binaries: a throw-away
 * cluster (initdb, default settings, fsync on) on a free loopback port, with pg_stat_statements
 * preloaded and room for every app's pool. The shared server is used as it is otherwise
 * (`sharedUrl`, or when `mode` is "shared"): then other clients share its connections.
 */
export async function startBenchPostgres(
  sharedUrl: string,
  mode: 'private' | 'shared',
): Promise<BenchPostgres> {
  const bin = mode === 'private' ? findPostgresBin() : undefined;
  if (!bin) {
    return {
      url: sharedUrl,
      isPrivate: false,
      hasStatementStats: false,
      pid: undefined,
      version: await serverVersion(sharedUrl),
      close: async () => {},
    };
  }
  // The server refuses to run as root: then run it as the `postgres` user (setpriv execs in
  // place, so the child's pid is the server's).
  const asRoot = userInfo().uid === 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'mlc-bench-pg-'));
  let run = (command: string, args: string[]): [string, string[]] => [command, args];
  if (asRoot) {
    const uid = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dataDir, Number(uid), Number(gid));
    run = (command, args) => [
      'setpriv',
      ['--reuid', uid, '--regid', gid, '--clear-groups', '--reset-env', command, ...args],
    ];
  }
  const [initCommand, initArgs] = run(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initCommand, initArgs, { stdio: 'ignore', cwd: dataDir });
  const port = await freePort();
  const [command, args] = run(join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dataDir}`,
    '-c',
    'max_connections=300',
    '-c',
    'shared_preload_libraries=pg_stat_statements',
    '-c',
    'pg_stat_statements.track=top',
    '-c',
    'pg_stat_statements.max=10000',
  ]);
  const child: ChildProcess = spawn(command, args, { stdio: 'ignore', cwd: dataDir });
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let version: string | undefined;
  for (let attempt = 0; version === undefined; attempt += 1) {
    try {
      version = await serverVersion(url);
    } catch (error) {
      if (child.exitCode !== null || attempt > 100)
        throw new Error(`the benchmark's PostgreSQL did not start (data in ${dataDir})`, { cause: error });
      await delay(100);
    }
  }
  return {
    url,
    isPrivate: true,
    hasStatementStats: true,
    pid: child.pid,
    version,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGINT'); // fast shutdown

        await Promise.race([once(child, 'exit'), delay(15_000)]);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
