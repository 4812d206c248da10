import type { Logger } from '@mlc/logger';

export interface LifecycleOptions {
  logger: Logger;
  /** The whole shutdown must finish within this; compose's stop_grace_period must be longer. */
  shutdownTimeoutMs: number;
}

interface Step {
  name: string;
  close: (remainingMs: number) => Promise<void>;
}

/**
 * One app's start/stop bookkeeping (house-style rule 7): resources register a closer as they
 * start; shutdown runs the closers in reverse order, once, under one deadline.
 */
export class Lifecycle {
  private readonly steps: Step[] = [];
  private shuttingDown: Promise<boolean> | undefined;
  private readonly logger: Logger;
  private readonly options: LifecycleOptions;

  constructor(options: LifecycleOptions) {
    this.options = options;
    this.logger = options.logger.child({ module: 'lifecycle' });
  }

  /** Registers a closer; it receives the time left before the deadline. */
  onShutdown(name: string, close: (remainingMs: number) => Promise<void> | void): void {
    this.steps.push({ name, close: async (remainingMs) => close(remainingMs) });
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown !== undefined;
  }

  /** Runs every closer in reverse order; resolves true when all finished cleanly in time. */
  shutdown(reason: string): Promise<boolean> {
    this.shuttingDown ??= this.runShutdown(reason);
    return this.shuttingDown;
  }

  private async runShutdown(reason: string): Promise<boolean> {
    const deadline = Date.now() + this.options.shutdownTimeoutMs;
    this.logger.info({ reason, steps: this.steps.length }, 'shutting down');
    let clean = true;
    for (const step of this.steps.toReversed()) {
      const remainingMs = Math.max(deadline - Date.now(), 0);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        step.close(remainingMs).then(
          () => 'closed' as const,
          (error: unknown) => {
            this.logger.error({ err: error, step: step.name }, 'shutdown step failed');
            return 'failed' as const;
          },
        ),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), remainingMs);
        }),
      ]);
      clearTimeout(timer);
      if (outcome !== 'closed') clean = false;
      if (outcome === 'timeout') this.logger.error({ step: step.name }, 'shutdown step missed the deadline');
    }
    this.logger.info({ clean }, 'shutdown complete');
    return clean;
  }

  /** SIGTERM/SIGINT → shutdown → exit (0 when clean). A second signal exits at once. */
  installSignalHandlers(exit: (code: number) => void = (code) => process.exit(code)): void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.isShuttingDown) {
        this.logger.warn({ signal }, 'second signal; exiting now');
        exit(1);
        return;
      }
      void this.shutdown(signal).then((clean) => exit(clean ? 0 : 1));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
}
