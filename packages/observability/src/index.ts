export { enableDefaultMetrics, metricsRegistry } from './registry.ts';
export { metricsText } from './exposition.ts';
export {
  jobDurationSeconds,
  jobsTotal,
  recordJob,
  recordTokenRefresh,
  recordUpstreamRequest,
  routeLabel,
  tokenRefreshesTotal,
  upstreamRequestDurationSeconds,
  upstreamRequestsTotal,
  type JobOutcome,
  type TokenRefreshTrigger,
} from './metrics.ts';
export {
  queueJobStates,
  registerLedgerRecordsCollector,
  registerQueueJobsCollector,
  type CollectorOptions,
  type CountableQueue,
} from './collectors.ts';
export {
  checkReadiness,
  postgresCheck,
  redisCheck,
  type PingableRedis,
  type ReadinessCheck,
  type ReadinessReport,
} from './readiness.ts';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server.ts';
export { registerMetricsRoute, registerProbeRoutes } from './fastify.ts';
