import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's one metrics registry. Every metric of every app lives here, so `mlc start` (all
 * apps in one process) and the e2e harness expose one consistent set.
 */
export const metricsRegistry = new Registry();

let defaultsEnabled = false;

/**
 * Node's process metrics (CPU, memory, event-loop lag, GC, handles), registered once, when a
 * process first serves /metrics — not at import, so the CLI does not start their monitors.
 */
export function enableDefaultMetrics(): void {
  if (defaultsEnabled) return;
  defaultsEnabled = true;
  collectDefaultMetrics({ register: metricsRegistry });
}
