// Shared by this app's *.integration.test.ts files: token-service started in the test's process
// against the file's own database and Redis prefix, with every log line captured.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ConnectionStore } from '@mlc/connections';
import type { Database } from '@mlc/db';
import { createLogger, type Logger } from '@mlc/logger';
import { testSecrets } from '@mlc/testing';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { startTokenService, type RunningTokenService, type TokenServiceConfig } from './app.ts';

export interface CapturedLogs {
  lines: string[];
  logger: Logger;
}

/** A root logger whose every line (debug and up) lands in `lines`. */
export function captureLogs(name: string): CapturedLogs {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, logger: createLogger({ name, level: 'debug', destination }) };
}

export function startTestTokenService(
  services: { database: { url: string }; redis: { url: string; prefix: string } },
  logger: Logger,
  overrides: Partial<TokenServiceConfig> = {},
): Promise<RunningTokenService> {
  return startTokenService(
    {
      databaseUrl: services.database.url,
      databasePoolSize: 5,
      databaseConnectTimeoutMs: 5_000,
      databaseStatementTimeoutMs: 30_000,
      redisUrl: services.redis.url,
      redisPrefix: services.redis.prefix,
      host: '127.0.0.1',
      port: 0,
      masterKey: testSecrets.MLC_MASTER_KEY,
      previousMasterKeys: undefined,
      internalToken: testSecrets.INTERNAL_TOKEN,
      allowInsecureUpstreams: true,
      refreshAheadSeconds: 3600,
      expiryMarginSeconds: 1,
      authFailureThreshold: 2,
      lockTtlMs: 10_000,
      tokenRequestTimeoutMs: 10_000,
      ...overrides,
    },
    logger,
  );
}

/** The connection store and vault the admin API and the CLI would use (simulators allowed). */
export function connectionStore(database: Database, masterKey: string = testSecrets.MLC_MASTER_KEY) {
  return {
    store: new ConnectionStore(database.prisma, { allowInsecureUpstreams: true }),
    vault: new CredentialVault(database.prisma, new KeyRing(masterKey)),
  };
}

/** Requests the simulator has seen on a route, e.g. 'POST /oauth2/v1/token'. */
export function routeCount(
  simulator: { core: { counters: { snapshot(): { routes: Record<string, { count: number }> } } } },
  route: string,
): number {
  return simulator.core.counters.snapshot().routes[route]?.count ?? 0;
}

/** The `mlc` command line, run as a process. */
const cliEntry = join(import.meta.dirname, '../../../packages/cli/src/bin.ts');
// Cleared from the inherited environment: a run sees only the settings its test gives it.
const settingNames = [
  'DATABASE_URL',
  'MLC_MASTER_KEY',
  'MLC_MASTER_KEY_PREVIOUS',
  'MLC_ALLOW_INSECURE_UPSTREAMS',
  'TOKEN_SERVICE_URL',
  'INTERNAL_TOKEN',
];

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `mlc …` as an operator runs it: a process with only the settings given here. */
export async function mlc(args: string[], settings: Record<string, string>): Promise<CliRun> {
  const env = { ...process.env };
  for (const name of settingNames) delete env[name];
  const child = spawn(process.execPath, [cliEntry, ...args], {
    env: { ...env, ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}
