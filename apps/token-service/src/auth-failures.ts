import type { Redis } from 'ioredis';
import { raiseConnectionIssue, resolveConnectionIssue } from '@mlc/connections';
import type { PrismaClient, UpstreamSystem } from '@mlc/db';
import type { Logger } from '@mlc/logger';

/**
 * Counts consecutive credential rejections per connection and system (in Redis, shared by every
 * replica). At the threshold the connection is marked `auth_failed` with the upstream's message,
 * an issue is raised, and token-service stops calling the token endpoint for it until its
 * credentials change — so a revoked client never turns into a request storm. The count belongs
 * to one version of the credentials: new ones start from zero.
 */
export class AuthFailureTracker {
  private readonly prisma: PrismaClient;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly threshold: number;
  private readonly logger: Logger;
  private readonly credentialsChangedAt: (
    connectionId: string,
    system: UpstreamSystem,
  ) => Promise<Date | undefined>;

  constructor(options: {
    prisma: PrismaClient;
    redis: Redis;
    prefix: string;
    threshold: number;
    logger: Logger;
    /** When the credentials last changed (CredentialVault.updatedAt): a new version, a new count. */
    credentialsChangedAt: (connectionId: string, system: UpstreamSystem) => Promise<Date | undefined>;
  }) {
    this.prisma = options.prisma;
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.threshold = options.threshold;
    this.logger = options.logger.child({ module: 'auth-failures' });
    this.credentialsChangedAt = options.credentialsChangedAt;
  }

  // Without the version, rejections of the revoked credentials would still count against the
  // ones an operator saves to fix them, which would then pause the connection at their first try.
  private async key(connectionId: string, system: UpstreamSystem): Promise<string> {
    const version = (await this.credentialsChangedAt(connectionId, system))?.getTime() ?? 0;
    return `${this.prefix}:authfail:${connectionId}:${system}:${version}`;
  }

  async recordSuccess(connectionId: string, system: UpstreamSystem): Promise<void> {
    const had = await this.redis.del(await this.key(connectionId, system));
    if (had > 0) await resolveConnectionIssue(this.prisma, { connectionId, kind: 'auth_failed', system });
  }

  /** Returns true when this failure marked the connection auth_failed. */
  async recordFailure(connectionId: string, system: UpstreamSystem, message: string): Promise<boolean> {
    const key = await this.key(connectionId, system);
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, 3600).exec()) as [
      [null, number],
      [null, number],
    ];
    this.logger.warn({ connectionId, system, consecutiveFailures: count }, 'credentials rejected');
    if (count < this.threshold) return false;
    const reason = `${system === 'oracle' ? 'Oracle' : 'Procurify'} rejected the credentials ${count} times in a row: ${message}`;
    const { count: changed } = await this.prisma.connection.updateMany({
      where: { id: connectionId, status: { not: 'auth_failed' } },
      data: { status: 'auth_failed', statusReason: reason },
    });
    await raiseConnectionIssue(this.prisma, { connectionId, kind: 'auth_failed', system, message: reason });
    if (changed > 0)
      this.logger.error(
        { connectionId, system },
        'connection marked auth_failed; its jobs pause until its credentials change',
      );
    return changed > 0;
  }
}
