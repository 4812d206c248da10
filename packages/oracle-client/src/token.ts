import { createPrivateKey, createSign, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AuthError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { describeUpstreamBody, UpstreamHttp, type UpstreamRequestEvent } from '@mlc/upstream';

/** The decrypted Oracle credentials (see @mlc/connections' oracleSecretSchema). */
export type OracleCredentials =
  | { type: 'client_credentials'; clientId: string; clientSecret: string }
  | {
      type: 'jwt_assertion';
      clientId: string;
      clientSecret?: string | undefined;
      username: string;
      privateKey: string;
      certificateThumbprint: string;
    }
  | { type: 'basic'; username: string; password: string };

export interface OracleTokenRequest {
  /** The identity domain's token endpoint (unused for Basic). */
  tokenUrl: string | undefined;
  scope: string | undefined;
  credentials: OracleCredentials;
  logger: Logger;
  timeoutMs?: number;
  observer?: (event: UpstreamRequestEvent) => void;
}

export interface OracleIssuedToken {
  /** The whole Authorization header value. */
  authorization: string;
  /** Seconds until expiry; undefined for Basic credentials, which do not expire. */
  expiresInSeconds: number | undefined;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/**
 * A JWT user assertion (RS256) for the identity domain: the token then acts as `username`.
 * Header carries the certificate thumbprint (`x5t`), as Oracle's samples do.
 */
export function buildUserAssertion(
  credentials: Extract<OracleCredentials, { type: 'jwt_assertion' }>,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const header = {
    alg: 'RS256',
    typ: 'JWT',
    x5t: credentials.certificateThumbprint,
    kid: credentials.certificateThumbprint,
  };
  const claims = {
    sub: credentials.username,
    prn: credentials.username,
    iss: credentials.clientId,
    aud: ['https://identity.oraclecloud.com/'],
    iat: nowSeconds,
    exp: nowSeconds + 300,
    jti: randomUUID(),
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256')
    .update(signingInput)
    .sign(createPrivateKey(credentials.privateKey));
  return `${signingInput}.${base64url(signature)}`;
}

/**
 * An Authorization header for Oracle Fusion: client credentials or a JWT user assertion against
 * the pod's identity domain (client authenticated with HTTP Basic, form body), or plain Basic
 * credentials for tenants that use them. Refused credentials are an AuthError with Oracle's words.
 */
export async function requestOracleToken(request: OracleTokenRequest): Promise<OracleIssuedToken> {
  const { credentials } = request;
  if (credentials.type === 'basic') {
    return {
      authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
      expiresInSeconds: undefined,
    };
  }
  if (!request.tokenUrl)
    throw new AuthError('The Oracle connection has no token URL', {
      code: 'CONFIGURATION',
      system: 'oracle',
    });
  const url = new URL(request.tokenUrl);
  const http = new UpstreamHttp({
    system: 'oracle',
    baseUrl: url.origin,
    logger: request.logger,
    timeoutsMs: { token: request.timeoutMs ?? 15_000 },
    readRetries: 0,
    ...(request.observer ? { observer: request.observer } : {}),
  });
  const form: Record<string, string> =
    credentials.type === 'client_credentials'
      ? { grant_type: 'client_credentials' }
      : {
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: buildUserAssertion(credentials),
        };
  if (request.scope) form['scope'] = request.scope;
  const clientSecret =
    credentials.type === 'client_credentials' ? credentials.clientSecret : credentials.clientSecret;
  const headers: Record<string, string> = {};
  if (clientSecret !== undefined) {
    headers['authorization'] =
      `Basic ${Buffer.from(`${credentials.clientId}:${clientSecret}`).toString('base64')}`;
  } else {
    form['client_id'] = credentials.clientId;
  }
  const response = await http.request({
    method: 'POST',
    path: url.pathname.replace(/^\//, ''),
    route: 'POST oauth2/v1/token',
    kind: 'token',
    form,
    headers,
    acceptStatuses: [400, 401, 403],
  });
  if (response.status !== 200) {
    const upstreamMessage = describeUpstreamBody(response);
    throw new AuthError(
      `Oracle's identity domain refused the credentials (${response.status}): ${upstreamMessage}`,
      {
        code: 'CREDENTIALS_REJECTED',
        system: 'oracle',
        httpStatus: response.status,
        upstreamMessage,
      },
    );
  }
  const body = tokenResponseSchema.parse(response.body);
  return { authorization: `Bearer ${body.access_token}`, expiresInSeconds: body.expires_in };
}
