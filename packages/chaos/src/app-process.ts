import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface AppProcess {
  process: ChildProcess;
  /** Resolves once the app logs "<name> started"; rejects with its last words if it exits first. */
  started: Promise<void>;
  exited: Promise<void>;
  isRunning(): boolean;
}

/**
 * One app as its own process (`node apps/<name>/src/main.ts`, as @mlc/demo's `startApp` runs
 * it), its output appended to `log`. Unlike `startApp` it hands the child back at once, so a
 * process can be killed while it is still booting (a restart racing a Redis outage, a Ctrl-C).
 */
export function launchApp(
  repoRoot: string,
  name: string,
  env: Record<string, string>,
  log: WriteStream,
): AppProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'apps', name, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(() => undefined);
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 5) tail.shift();
  };
  const started = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.write(`${line}\n`);
      remember(line);
      if (line.includes(`"msg":"${name} started"`)) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      log.write(chunk);
      remember(chunk.toString('utf8').trim());
    });
    void exited.then(() =>
      reject(
        new Error(
          `${name} exited (${child.signalCode ?? `code ${child.exitCode}`}) before it started:\n  ${tail.join('\n  ')}`,
        ),
      ),
    );
  });
  // Rejections after a successful start are expected (the process is killed later): not unhandled.
  started.catch(() => undefined);
  return {
    process: child,
    started,
    exited,
    isRunning: () => child.exitCode === null && child.signalCode === null,
  };
}
