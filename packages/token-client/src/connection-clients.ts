import type { ConnectionSettings } from '@mlc/connections';
import type { Logger } from '@mlc/logger';
import { createOracleClient, type OracleClient } from '@mlc/oracle-client';
import { createProcurifyClient, type ProcurifyClient } from '@mlc/procurify-client';
import type { UpstreamRequestEvent } from '@mlc/upstream';
import type { TokenServiceClient } from './token-service-client.ts';

export interface ConnectionClients {
  procurify: ProcurifyClient;
  oracle: OracleClient;
}

/** Both upstream clients of a connection, authenticated through token-service. */
export function connectionClients(
  settings: ConnectionSettings,
  tokens: TokenServiceClient,
  logger: Logger,
  observer?: (event: UpstreamRequestEvent) => void,
): ConnectionClients {
  const log = logger.child({ connectionId: settings.id });
  return {
    procurify: createProcurifyClient({
      baseUrl: settings.procurify.baseUrl,
      auth: tokens.providerFor(settings.id, 'procurify'),
      logger: log,
      ...(observer ? { observer } : {}),
    }),
    oracle: createOracleClient({
      restBaseUrl: settings.oracle.restBaseUrl,
      restFrameworkVersion: settings.oracle.restFrameworkVersion,
      auth: tokens.providerFor(settings.id, 'oracle'),
      logger: log,
      ...(observer ? { observer } : {}),
    }),
  };
}
