/**
 * The concurrency every throughput figure is taken at, shared by the pipeline and its floor so
 * both keep the same number of requests in flight.
 *
 * - Reads: the poller fetches PO and bill details 8 at a time per stream (DETAIL_FETCH_CONCURRENCY,
 *   its default); the two document streams run at once (POLL_CONCURRENCY 4).
 * - Writes: 16 Oracle writes in flight: one oracle-writer with ORACLE_WRITE_CONCURRENCY 16 and the
 *   connection's `maxInFlightWrites` 16 (default 4). The connection's `oracleRequestsPerSecond`
 *   is raised from 10 to 1000: at 10 requests/s the figure would be that setting, not the pipeline.
 * - Bills are not matched to POs (`matchInvoicesToPo: false`): a matched invoice line names the
 *   Oracle PO number, which depends on which PO was written first, so the floor could not replay
 *   the pipeline's payloads. It changes no HTTP call and no database statement (the mapper looks
 *   the POs up either way).
 */
export const detailConcurrency = 8;
export const writeConcurrency = 16;

export const throughputAppEnv: Record<string, string> = {
  POLL_CONCURRENCY: '4',
  DETAIL_FETCH_CONCURRENCY: String(detailConcurrency),
  MAP_CONCURRENCY: '8',
  ORACLE_WRITE_CONCURRENCY: String(writeConcurrency),
};

export const throughputConnectionOptions: Record<string, unknown> = {
  maxInFlightWrites: writeConcurrency,
  oracleRequestsPerSecond: 1000,
  matchInvoicesToPo: false,
};

/** Seed of every benchmark scenario (the floor replays the pipeline's run on the same seed). */
export const benchSeed = 11;
export const linesPerPo = 5;
