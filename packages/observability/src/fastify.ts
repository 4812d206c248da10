import type { FastifyInstance } from 'fastify';
import { checkReadiness, type ReadinessCheck } from './readiness.ts';
import { metricsText } from './exposition.ts';

/**
 * `GET /metrics` on an app's own Fastify server (token-service, admin). Mount it outside any
 * auth hook for a Prometheus scraper, or inside one to require a token.
 */
export function registerMetricsRoute(app: FastifyInstance, path = '/metrics'): void {
  app.get(path, async (_request, reply) => {
    const { contentType, body } = await metricsText();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}

/** `GET /healthz` and `GET /readyz` (503 naming the failed checks), as the ops server serves them. */
export function registerProbeRoutes(
  app: FastifyInstance,
  options: { checks: Readonly<Record<string, ReadinessCheck>>; checkTimeoutMs?: number },
): void {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const report = await checkReadiness(options.checks, options.checkTimeoutMs ?? 2_000);
    return reply.code(report.ready ? 200 : 503).send({ ok: report.ready, checks: report.checks });
  });
}
