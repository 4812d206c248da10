import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { inheritedEnv } from './env.ts';

export interface LogLine {
  level?: string;
  msg?: string;
  [key: string]: unknown;
}

export interface SpawnedApp {
  process: ChildProcess;
  /** Every JSON log line so far. */
  lines: LogLine[];
  /** stderr text so far (configuration errors land there). */
  stderr(): string;
  /** Resolves with the first log line matching `predicate` (past or future); rejects if the app exits first. */
  waitForLog(predicate: (line: LogLine) => boolean): Promise<LogLine>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Runs an app's main.ts as a real process (Node strips the types), for boot and shutdown tests. */
export function spawnApp(entry: string, env: Record<string, string>): SpawnedApp {
  const child = spawn(process.execPath, [entry], {
    env: { ...inheritedEnv(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const waiters: { predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    lines.push(line);
    const matched = waiters.filter((waiter) => waiter.predicate(line));
    for (const waiter of matched) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    process: child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLog(predicate) {
      const seen = lines.find(predicate);
      if (seen) return Promise.resolve(seen);
      return Promise.race([
        new Promise<LogLine>((resolve) => waiters.push({ predicate, resolve })),
        exited.then((code) => {
          throw new Error(
            `app exited with ${code} before the expected log line; stderr: ${stderr.slice(0, 2000)}`,
          );
        }),
      ]);
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
