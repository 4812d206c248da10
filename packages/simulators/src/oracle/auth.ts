import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireBearer, type SimulatorCore } from '../core/sim-server.ts';

export const tokenPath = '/oauth2/v1/token';

/** [client_id, client_secret] (or user name and password) of an `Authorization: Basic` header. */
export function basicCredentials(header: string | undefined): [string, string] | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/**
 * The identity domain's token endpoint (OCI IAM, ex-IDCS): client credentials grant with the
 * client authenticated by HTTP Basic, the form-encoded body naming the Fusion scope.
 */
export function registerTokenRoute(app: FastifyInstance, core: SimulatorCore, scope: string): void {
  app.post(tokenPath, async (request, reply) => {
    const credentials = basicCredentials(request.headers.authorization);
    const clientId = core.tokens.authenticate(credentials?.[0], credentials?.[1]);
    if (!clientId)
      return reply
        .code(401)
        .send({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = (isForm ? request.body : undefined) as Record<string, unknown> | undefined;
    if (!form)
      return reply.code(400).send({ error: 'invalid_request', error_description: 'Expected a form body.' });
    if (form.grant_type !== 'client_credentials')
      return reply.code(400).send({ error: 'unsupported_grant_type' });
    const requested = typeof form.scope === 'string' ? form.scope.split(/\s+/).filter(Boolean) : [];
    if (requested.length === 0 || requested.some((entry) => entry !== scope))
      return reply.code(400).send({ error: 'invalid_scope', error_description: 'Invalid scope.' });
    const token = core.tokens.issue(clientId, scope);
    return reply
      .header('cache-control', 'no-store')
      .send({ access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn });
  });
}

/**
 * onRequest hook of every REST route: a bearer token from the token endpoint, or Basic with the
 * same client id and secret as user name and password (tenants using an integration user). The
 * 401 has an empty body, as Fusion's front end sends it.
 */
export function restAuthentication(core: SimulatorCore) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (header !== undefined && /^Basic\s/i.test(header)) {
      const credentials = basicCredentials(header);
      if (core.tokens.authenticate(credentials?.[0], credentials?.[1])) return;
      return reply.code(401).header('www-authenticate', 'Basic realm="fscmRestApi"').send();
    }
    const clientId = requireBearer(core, request, reply, () => {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      return undefined;
    });
    if (clientId === undefined) return reply;
  };
}
