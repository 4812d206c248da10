import { Lifecycle } from '@mlc/lifecycle';
import { createLogger, type Logger } from '@mlc/logger';
import { loadStartEnv } from '../env.ts';
import type { Output } from '../output.ts';

/**
 * The apps `mlc start` runs, in start order (token-service first: the others call it). An app
 * takes part once its package exports `./app` with `startFromEnv(logger)`, which parses the app's
 * own env.ts and starts it; to add one, export that and list it here.
 */
export const startableApps = [
  'token-service',
  'poller',
  'mapper',
  'oracle-writer',
  'procurify-writer',
  'admin',
] as const;
export type StartableApp = (typeof startableApps)[number];

/** Apps with an ops server on OPS_PORT (the others serve their probes on their own port). */
const opsApps: readonly StartableApp[] = ['poller', 'mapper', 'oracle-writer', 'procurify-writer'];

type StartFromEnv = (logger: Logger) => Promise<{ close(deadlineMs: number): Promise<void>; url?: unknown }>;

/** The app's `startFromEnv`, or undefined when it does not offer one (yet). */
async function loadApp(name: StartableApp): Promise<StartFromEnv | undefined> {
  const specifier = `@mlc/${name}/app`;
  let module: { startFromEnv?: unknown };
  try {
    module = (await import(specifier)) as { startFromEnv?: unknown };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    // Only the app's own entry point being absent means "not available"; anything else is a bug.
    if (
      (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || code === 'ERR_MODULE_NOT_FOUND') &&
      String(message).includes(`@mlc/${name}`)
    )
      return undefined;
    throw error;
  }
  return typeof module.startFromEnv === 'function' ? (module.startFromEnv as StartFromEnv) : undefined;
}

/**
 * `mlc start [APP…]`: runs the named apps (or all) in this one process, for development. Each app
 * reads its own settings from the environment, as it would alone. SIGINT (Ctrl-C) or SIGTERM
 * stops them in reverse order under SHUTDOWN_TIMEOUT_MS; the exit code is 0 when all stopped
 * cleanly.
 */
export async function startCommand(names: string[], output: Output): Promise<void> {
  const unknown = names.filter((name) => !(startableApps as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown app ${unknown.join(', ')}; choose from ${startableApps.join(', ')}`);
  const requested = startableApps.filter((name) => names.length === 0 || names.includes(name));
  const env = loadStartEnv();
  const withOps = requested.filter((name) => opsApps.includes(name));
  // One process, one environment: a fixed OPS_PORT would be taken by the first app only.
  if (env.OPS_PORT && env.OPS_PORT !== '0' && withOps.length > 1)
    throw new Error(
      `OPS_PORT=${env.OPS_PORT} would be shared by ${withOps.join(', ')}: leave it unset (each app its default port) or set it to 0`,
    );

  const apps: { name: StartableApp; start: StartFromEnv }[] = [];
  for (const name of requested) {
    const start = await loadApp(name);
    if (start) apps.push({ name, start });
    else if (names.includes(name))
      throw new Error(`${name} cannot be started by mlc start yet (its app exports no startFromEnv)`);
    else output.progress(`mlc start: skipping ${name} (its app exports no startFromEnv yet)`);
  }

  const logger = createLogger({ name: 'mlc', level: env.LOG_LEVEL });
  const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS });
  lifecycle.installSignalHandlers();
  for (const { name, start } of apps) {
    if (lifecycle.isShuttingDown) return;
    // Each app logs under its own name, as it does when it runs alone.
    const appLogger = createLogger({ name, level: env.LOG_LEVEL });
    try {
      const running = await start(appLogger);
      lifecycle.onShutdown(name, (remainingMs) => running.close(remainingMs));
      appLogger.info(typeof running.url === 'string' ? { url: running.url } : {}, `${name} started`);
    } catch (error) {
      appLogger.fatal({ err: error }, 'startup failed');
      await lifecycle.shutdown(`${name} failed to start`);
      throw new Error(`${name} failed to start: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
  logger.info({ apps: apps.map((app) => app.name) }, 'all apps started; Ctrl-C stops them');
}
