import { oracleSecretSchema, procurifySecretSchema, type ConnectionStore } from '@mlc/connections';
import type { UpstreamSystem } from '@mlc/db';
import { AuthError, PermanentError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { requestOracleToken } from '@mlc/oracle-client';
import { requestProcurifyToken } from '@mlc/procurify-client';
import { VaultError, type CredentialVault } from '@mlc/vault';
import type { FetchedToken } from './token-broker.ts';

/**
 * Calls a connection's token endpoint with its decrypted credentials. A connection marked
 * auth_failed is refused here, before any upstream call, until its credentials change.
 */
export function createTokenFetcher(deps: {
  connections: ConnectionStore;
  vault: CredentialVault;
  logger: Logger;
  timeoutMs: number;
}): (connectionId: string, system: UpstreamSystem) => Promise<FetchedToken> {
  return async (connectionId, system) => {
    const settings = await deps.connections.settings(connectionId);
    if (settings.status === 'auth_failed') {
      throw new AuthError(
        `Connection ${connectionId} is paused: ${settings.statusReason ?? 'credentials were rejected'}`,
        {
          code: 'CONNECTION_AUTH_FAILED',
          system,
        },
      );
    }
    const secret = await deps.vault.load(connectionId, system).catch((error: unknown) => {
      // A key missing from MLC_MASTER_KEY(_PREVIOUS) or a tampered row: no retry helps; say which.
      if (error instanceof VaultError)
        throw new PermanentError(error.message, { code: error.code, system, cause: error });
      throw error;
    });
    if (!secret) {
      throw new AuthError(`Connection ${connectionId} has no ${system} credentials`, {
        code: 'NO_CREDENTIALS',
        system,
      });
    }
    const logger = deps.logger.child({ connectionId });
    if (system === 'procurify') {
      const credentials = procurifySecretSchema.parse(secret);
      const issued = await requestProcurifyToken({
        baseUrl: settings.procurify.baseUrl,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        logger,
        timeoutMs: deps.timeoutMs,
      });
      return { authorization: `Bearer ${issued.accessToken}`, expiresInSeconds: issued.expiresInSeconds };
    }
    const issued = await requestOracleToken({
      tokenUrl: settings.oracle.tokenUrl,
      scope: settings.oracle.scope,
      credentials: oracleSecretSchema.parse(secret),
      logger,
      timeoutMs: deps.timeoutMs,
    });
    return { authorization: issued.authorization, expiresInSeconds: issued.expiresInSeconds };
  };
}
