import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { launchApp, type AppProcess } from './app-process.ts';

/** The pipeline apps the chaos run starts, kills and restarts (admin is not part of the pipeline). */
export const chaosApps = ['token-service', 'poller', 'mapper', 'oracle-writer', 'procurify-writer'] as const;
export type ChaosApp = (typeof chaosApps)[number];

export interface SupervisorOptions {
  repoRoot: string;
  logDir: string;
  /** Each app's environment (the same at every restart). */
  envOf: (app: ChaosApp) => Record<string, string>;
  /** Each app is SIGKILLed after a pause drawn uniformly from [min, max] ms, then restarted. */
  killEveryMs: { min: number; max: number };
  random: () => number;
  log: (line: string) => void;
}

export interface AppStats {
  kills: number;
  /** Starts that failed (the app exited before it logged "started"), each retried a second later. */
  failedStarts: number;
  /** Kill → "started" again, per restart. */
  downtimesMs: number[];
}

/**
 * Runs each pipeline app as its own process and, while chaos is on, SIGKILLs each one at random
 * and starts it again at once: no graceful shutdown, no warning, jobs and locks left behind
 * exactly as a crash leaves them. A start that fails (Postgres or Redis away while it boots) is
 * retried a second later, as compose or Kubernetes would.
 */
export class AppSupervisor {
  readonly stats: Record<ChaosApp, AppStats>;
  private readonly options: SupervisorOptions;
  private readonly current = new Map<ChaosApp, AppProcess>();
  private readonly logs = new Map<ChaosApp, WriteStream>();
  private readonly loops: Promise<void>[] = [];
  private chaos = false;
  private closed = false;
  /** Aborted when chaos stops: ends the pauses between kills at once. */
  private calm = new AbortController();

  constructor(options: SupervisorOptions) {
    this.options = options;
    this.stats = Object.fromEntries(
      chaosApps.map((app) => [app, { kills: 0, failedStarts: 0, downtimesMs: [] }]),
    ) as unknown as Record<ChaosApp, AppStats>;
    for (const app of chaosApps)
      this.logs.set(app, createWriteStream(join(options.logDir, `${app}.log`), { flags: 'a' }));
  }

  /** Starts every app: token-service first (the others ask it for tokens), then the rest at once. */
  async startAll(): Promise<void> {
    await this.start('token-service');
    await Promise.all(chaosApps.filter((app) => app !== 'token-service').map((app) => this.start(app)));
  }

  /** Starts killing: one loop per app. */
  startChaos(): void {
    this.chaos = true;
    this.calm = new AbortController();
    for (const app of chaosApps) this.loops.push(this.killLoop(app));
  }

  /** Stops killing; resolves once every app is running again. */
  async stopChaos(): Promise<void> {
    this.chaos = false;
    this.calm.abort();
    await Promise.all(this.loops.splice(0));
  }

  totalKills(): number {
    return chaosApps.reduce((sum, app) => sum + this.stats[app].kills, 0);
  }

  /** Stops chaos and every app (SIGTERM, SIGKILL after `graceMs`); nothing starts after this. */
  async closeAll(graceMs: number): Promise<void> {
    this.closed = true;
    this.chaos = false;
    this.calm.abort();
    await Promise.all(
      [...this.current.values()].map(async (app) => {
        if (!app.isRunning()) return;
        app.process.kill('SIGTERM');
        const timer = setTimeout(() => app.process.kill('SIGKILL'), graceMs);
        await app.exited;
        clearTimeout(timer);
      }),
    );
    await Promise.all(this.loops.splice(0));
    for (const log of this.logs.values()) log.end();
  }

  private async start(app: ChaosApp): Promise<void> {
    const log = this.logs.get(app) as WriteStream;
    while (!this.closed) {
      log.write(`--- ${new Date().toISOString()} chaos: starting ${app}\n`);
      const running = launchApp(this.options.repoRoot, app, this.options.envOf(app), log);
      this.current.set(app, running);
      try {
        await running.started;
        return;
      } catch (error) {
        if (this.closed) return;
        this.stats[app].failedStarts += 1;
        this.options.log(`  ${app} did not start (${(error as Error).message.split('\n')[0]}); retrying`);
        await delay(1_000);
      }
    }
  }

  private async killLoop(app: ChaosApp): Promise<void> {
    const { min, max } = this.options.killEveryMs;
    while (this.chaos) {
      const pauseMs = min + Math.floor(this.options.random() * (max - min));
      await delay(pauseMs, undefined, { signal: this.calm.signal }).catch(() => undefined);
      if (!this.chaos) return;
      const running = this.current.get(app);
      if (!running?.isRunning()) continue;
      const killedAt = Date.now();
      this.logs.get(app)?.write(`--- ${new Date().toISOString()} chaos: SIGKILL ${app}\n`);
      running.process.kill('SIGKILL');
      await running.exited;
      this.stats[app].kills += 1;
      await this.start(app);
      if (!this.closed) this.stats[app].downtimesMs.push(Date.now() - killedAt);
    }
  }
}
