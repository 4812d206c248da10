import type { ConnectionStore } from '@mlc/connections';
import type { UpstreamSystem } from '@mlc/db';
import { summarizeError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { createOracleClient } from '@mlc/oracle-client';
import { createProcurifyClient } from '@mlc/procurify-client';
import { UpstreamHttp, type TokenProvider } from '@mlc/upstream';
import type { TokenBroker } from './token-broker.ts';

export interface ConnectionCheck {
  system: UpstreamSystem;
  /** reach: DNS, TCP and TLS; token: the credentials; permission: the integration user's access. */
  step: 'reach' | 'token' | 'permission';
  ok: boolean;
  message: string;
  durationMs: number;
}

export interface ConnectionTestReport {
  connectionId: string;
  ok: boolean;
  checks: ConnectionCheck[];
}

function brokerProvider(broker: TokenBroker, connectionId: string, system: UpstreamSystem): TokenProvider {
  return {
    getToken: () => broker.get(connectionId, system),
    invalidate: async (token) => {
      await broker.invalidate(connectionId, system, token.fingerprint);
    },
  };
}

async function timed(
  system: UpstreamSystem,
  step: ConnectionCheck['step'],
  run: () => Promise<string>,
): Promise<ConnectionCheck> {
  const started = performance.now();
  try {
    const message = await run();
    return { system, step, ok: true, message, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      system,
      step,
      ok: false,
      message: summarizeError(error).message,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/**
 * `mlc connection test`: for each system, can we reach it (DNS/TLS), do the credentials give a
 * token, and may the token's user read what the sync needs. Each step says what it found.
 */
export async function testConnection(deps: {
  connectionId: string;
  connections: ConnectionStore;
  broker: TokenBroker;
  logger: Logger;
}): Promise<ConnectionTestReport> {
  const { connectionId, broker } = deps;
  const settings = await deps.connections.settings(connectionId);
  const logger = deps.logger.child({ connectionId, module: 'connection-test' });
  const checks: ConnectionCheck[] = [];

  const systems: { system: UpstreamSystem; baseUrl: string; permission: () => Promise<string> }[] = [
    {
      system: 'procurify',
      baseUrl: settings.procurify.baseUrl,
      permission: async () => {
        const client = createProcurifyClient({
          baseUrl: settings.procurify.baseUrl,
          auth: brokerProvider(broker, connectionId, 'procurify'),
          logger,
          readRetries: 0,
        });
        const me = await client.getCurrentUser();
        return `users/me answered: ${me.email ?? `user ${me.id ?? '?'}`}`;
      },
    },
    {
      system: 'oracle',
      baseUrl: settings.oracle.restBaseUrl,
      permission: async () => {
        await createOracleClient({
          restBaseUrl: settings.oracle.restBaseUrl,
          restFrameworkVersion: settings.oracle.restFrameworkVersion,
          auth: brokerProvider(broker, connectionId, 'oracle'),
          logger,
          readRetries: 0,
        }).ping();
        return 'a one-row read of finBusinessUnitsLOV succeeded';
      },
    },
  ];

  for (const { system, baseUrl, permission } of systems) {
    const reach = await timed(system, 'reach', async () => {
      const http = new UpstreamHttp({ system, baseUrl, logger, readRetries: 0 });
      const response = await http.request({
        method: 'GET',
        path: '',
        kind: 'read',
        acceptStatuses: [301, 302, 400, 401, 403, 404, 405],
      });
      return `${new URL(baseUrl).host} answered HTTP ${response.status}`;
    });
    checks.push(reach);
    if (!reach.ok) continue;
    const token = await timed(system, 'token', async () => {
      const issued = await broker.refresh(connectionId, system);
      return Number.isFinite(issued.expiresAt)
        ? `token issued, valid until ${new Date(issued.expiresAt).toISOString()}`
        : 'Basic credentials (no token endpoint)';
    });
    checks.push(token);
    if (!token.ok) continue;
    checks.push(await timed(system, 'permission', permission));
  }
  return { connectionId, ok: checks.length === 6 && checks.every((check) => check.ok), checks };
}
