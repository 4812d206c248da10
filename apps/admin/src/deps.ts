import type { ConnectionStore } from '@mlc/connections';
import type { PrismaClient } from '@mlc/db';
import type { Logger } from '@mlc/logger';
import type { ReadinessCheck } from '@mlc/observability';
import type { TokenServiceClient } from '@mlc/token-client';
import type { Queue } from 'bullmq';
import type { AuthFailureLimiter, TokenChecker } from './auth.ts';

/** What the admin server works with; startAdmin (app.ts) builds it. */
export interface ServerDeps {
  prisma: PrismaClient;
  connections: ConnectionStore;
  /** token-service's internal API: connection saves and tests, upstream tokens for dry runs. */
  tokens: TokenServiceClient;
  /** Every queue of @mlc/queues by name, under the install's key prefix. */
  queues: Record<string, Queue>;
  checker: TokenChecker;
  limiter: AuthFailureLimiter;
  /** What /readyz checks (Postgres, Redis). */
  readiness: Readonly<Record<string, ReadinessCheck>>;
  logger: Logger;
  trustProxy: boolean;
}
