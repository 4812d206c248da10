import type { FastifyInstance } from 'fastify';
import type { ProcurifyContext } from './responses.ts';

export const procurifyAudience = 'https://api.procurify.com/';

/**
 * `POST /oauth/token`, the client-credentials grant of Procurify's Auth0-style token service.
 * Checks run in the order such services use: grant type (400), client (401), audience (403).
 */
export function registerOauthRoutes(app: FastifyInstance, context: ProcurifyContext): void {
  const { core, store } = context;
  app.post('/oauth/token', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => (typeof body[name] === 'string' ? body[name] : undefined);
    void reply.header('cache-control', 'no-store');
    const grantType = field('grant_type');
    if (grantType === undefined)
      return reply
        .code(400)
        .send({ error: 'invalid_request', error_description: 'Missing required parameter: grant_type' });
    if (grantType !== 'client_credentials')
      return reply
        .code(400)
        .send({ error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${grantType}` });
    const clientId = core.tokens.authenticate(field('client_id'), field('client_secret'));
    if (!clientId)
      return reply
        .code(401)
        .send({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    const audience = field('audience');
    if (audience !== procurifyAudience)
      return reply
        .code(403)
        .send({ error: 'access_denied', error_description: `Service not found: ${audience ?? '(none)'}` });
    const scope = `urn:procurify-api:domain:${store.scenario.company.domain} urn:procurify-api:email:${store.integrationUser.email}`;
    const token = core.tokens.issue(clientId, scope);
    return { access_token: token.accessToken, expires_in: token.expiresIn, token_type: 'Bearer', scope };
  });
}
