// The metric definitions register themselves on import: every exposition lists all of them,
// even in a process that has not recorded anything yet.
import './collectors.ts';
import './metrics.ts';
import { enableDefaultMetrics, metricsRegistry } from './registry.ts';

/** The Prometheus text exposition of every metric, and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  enableDefaultMetrics();
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
