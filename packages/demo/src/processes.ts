import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const appNames = [
  'token-service',
  'poller',
  'mapper',
  'oracle-writer',
  'procurify-writer',
  'admin',
] as const;
export type AppName = (typeof appNames)[number];

export interface RunningApp {
  name: AppName;
  process: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
  stop(graceMs: number): Promise<number | null>;
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  if (preferred !== undefined) {
    const port = await tryListen(preferred);
    if (port !== undefined) return port;
  }
  const port = await tryListen(0);
  if (port === undefined) throw new Error('no free port');
  return port;
}

/**
 * Starts one app as its own process (`node apps/<name>/src/main.ts`), its JSON logs in `logFile`;
 * resolves once it logs "<name> started", rejects with its last words if it exits first.
 */
export async function startApp(
  repoRoot: string,
  name: AppName,
  env: Record<string, string>,
  logFile: string,
): Promise<RunningApp> {
  const child = spawn(process.execPath, [join(repoRoot, 'apps', name, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  const tail: string[] = [];
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const started = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      tail.push(line);
      if (tail.length > 5) tail.shift();
      if (line.includes(`"msg":"${name} started"`)) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      log.write(chunk);
      tail.push(chunk.toString('utf8').trim());
    });
    void exited.then((code) =>
      reject(new Error(`${name} exited (code ${code}) before it started:\n  ${tail.join('\n  ')}`)),
    );
  });
  await started;
  return {
    name,
    process: child,
    logFile,
    exited,
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      log.end();
      return code;
    },
  };
}
