import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from './registry.ts';

const registers = [metricsRegistry];

/** How a job attempt ended: done, moved to later without using an attempt, retried, or failed for good. */
export type JobOutcome = 'completed' | 'delayed' | 'retried' | 'failed';

export const jobDurationSeconds = new Histogram({
  name: 'mlc_job_duration_seconds',
  help: 'Time a BullMQ job attempt took in its handler, by queue, job name and outcome',
  labelNames: ['queue', 'job', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers,
});

export const jobsTotal = new Counter({
  name: 'mlc_jobs_total',
  help: 'BullMQ job attempts handled, by queue, job name and outcome',
  labelNames: ['queue', 'job', 'outcome'] as const,
  registers,
});

/** Called by @mlc/queues' startWorker once per job attempt. */
export function recordJob(job: { queue: string; job: string; outcome: JobOutcome; durationSeconds: number }) {
  const labels = { queue: job.queue, job: job.job, outcome: job.outcome };
  jobDurationSeconds.observe(labels, job.durationSeconds);
  jobsTotal.inc(labels);
}

export const upstreamRequestsTotal = new Counter({
  name: 'mlc_upstream_requests_total',
  help: 'HTTP requests to Procurify and Oracle, by system, templated route, method and status (or network error code)',
  labelNames: ['system', 'route', 'method', 'status'] as const,
  registers,
});

export const upstreamRequestDurationSeconds = new Histogram({
  name: 'mlc_upstream_request_duration_seconds',
  help: 'Latency of HTTP requests to Procurify and Oracle, by system, templated route and method',
  labelNames: ['system', 'route', 'method'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers,
});

const idSegment = /\/(\d+|[0-9a-f]{8}-?[0-9a-f-]{20,}|[0-9a-f]{32})(?=\/|$)/gi;

/**
 * "GET invoices/:id" → "invoices/:id". Clients pass templated routes already; ids that slip
 * through are replaced too, so one label value never becomes one time series per record.
 */
export function routeLabel(method: string, route: string): string {
  const withoutMethod = route.startsWith(`${method} `) ? route.slice(method.length + 1) : route;
  return (withoutMethod.split('?', 1)[0] ?? withoutMethod).replace(idSegment, '/:id');
}

/** Called by @mlc/upstream's UpstreamHttp after every HTTP exchange (attempts count separately). */
export function recordUpstreamRequest(request: {
  system: string;
  method: string;
  route: string;
  /** HTTP status, or undefined when no response came (then `errorCode`, e.g. ETIMEDOUT, is the status label). */
  status: number | undefined;
  errorCode: string | undefined;
  durationSeconds: number;
}) {
  const route = routeLabel(request.method, request.route);
  const status = request.status === undefined ? (request.errorCode ?? 'error') : String(request.status);
  upstreamRequestsTotal.inc({ system: request.system, route, method: request.method, status });
  upstreamRequestDurationSeconds.observe(
    { system: request.system, route, method: request.method },
    request.durationSeconds,
  );
}

/**
 * Why token-service asked an upstream for a token: `proactive` (the refresh job ahead of expiry),
 * `rejected` (a caller reported a 401 and the token was invalidated), `on_demand` (none cached or
 * the cached one expired).
 */
export type TokenRefreshTrigger = 'proactive' | 'rejected' | 'on_demand';

export const tokenRefreshesTotal = new Counter({
  name: 'mlc_token_refreshes_total',
  help: 'Token requests token-service made to an upstream token endpoint, by system, outcome and trigger',
  labelNames: ['system', 'outcome', 'trigger'] as const,
  registers,
});

export function recordTokenRefresh(refresh: {
  system: string;
  outcome: 'ok' | 'error';
  trigger: TokenRefreshTrigger;
}) {
  tokenRefreshesTotal.inc(refresh);
}
