import { AuthError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { describeUpstreamBody, UpstreamHttp, type UpstreamRequestEvent } from '@mlc/upstream';
import { tokenResponseSchema } from './schemas.ts';

/** Procurify's OAuth audience (an identifier, not a host we call). */
export const procurifyAudience = 'https://api.procurify.com/';

export interface ProcurifyTokenRequest {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  logger: Logger;
  timeoutMs?: number;
  observer?: (event: UpstreamRequestEvent) => void;
}

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  scope: string | undefined;
}

/**
 * Client-credentials token: `POST {domain}/oauth/token` with a JSON body, as Procurify documents.
 * Wrong or revoked credentials (401/400 invalid_client) are an AuthError carrying Procurify's words.
 */
export async function requestProcurifyToken(request: ProcurifyTokenRequest): Promise<IssuedToken> {
  const http = new UpstreamHttp({
    system: 'procurify',
    baseUrl: request.baseUrl,
    logger: request.logger,
    timeoutsMs: { token: request.timeoutMs ?? 15_000 },
    readRetries: 0,
    ...(request.observer ? { observer: request.observer } : {}),
  });
  const response = await http.request({
    method: 'POST',
    path: 'oauth/token',
    route: 'POST oauth/token',
    kind: 'token',
    json: {
      client_id: request.clientId,
      client_secret: request.clientSecret,
      audience: procurifyAudience,
      grant_type: 'client_credentials',
    },
    acceptStatuses: [400, 401, 403],
  });
  if (response.status !== 200) {
    const upstreamMessage = describeUpstreamBody(response);
    throw new AuthError(`Procurify refused the client credentials (${response.status}): ${upstreamMessage}`, {
      code: 'CREDENTIALS_REJECTED',
      system: 'procurify',
      httpStatus: response.status,
      upstreamMessage,
    });
  }
  const body = tokenResponseSchema.parse(response.body);
  return { accessToken: body.access_token, expiresInSeconds: body.expires_in, scope: body.scope };
}
