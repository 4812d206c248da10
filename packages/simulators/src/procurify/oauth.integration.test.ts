import { beforeEach, describe, expect, it } from 'vitest';
import {
  audience,
  specViolations,
  startTestSimulator,
  testCredentials,
  type TestSimulator,
} from './test-support.ts';

const tokenBody = (overrides: Record<string, string> = {}) => ({
  client_id: testCredentials.clientId,
  client_secret: testCredentials.clientSecret,
  audience,
  grant_type: 'client_credentials',
  ...overrides,
});

interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: string;
  scope: string;
}

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startTestSimulator();
});

describe('POST /oauth/token', () => {
  it('issues a bearer token for the domain and the integration user, in the spec’s shape', async () => {
    const response = await sim.raw<TokenResponse>('POST', '/oauth/token', { body: tokenBody() });
    expect(response.status).toBe(200);
    expect(specViolations('POST', '/oauth/token', 200, response.body)).toEqual([]);
    expect(response.body).toEqual({
      access_token: expect.any(String),
      expires_in: 86_400,
      token_type: 'Bearer',
      scope: `urn:procurify-api:domain:${sim.scenario.company.domain} urn:procurify-api:email:${sim.store.integrationUser.email}`,
    });
    const me = await sim.api('GET', '/api/v3/users/me/', {
      headers: { authorization: `Bearer ${response.body.access_token}` },
    });
    expect(me.status).toBe(200);
  });

  it('takes expires_in from the token store', async () => {
    expect((await sim.raw('PUT', '/_sim/tokens/lifetime', { body: { expiresInSeconds: 600 } })).status).toBe(
      200,
    );
    const response = await sim.raw<TokenResponse>('POST', '/oauth/token', { body: tokenBody() });
    expect(response.body.expires_in).toBe(600);
  });

  it('accepts a form-encoded body too', async () => {
    const response = await sim.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(tokenBody()).toString(),
    });
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 invalid_client to a wrong secret or an unknown client', async () => {
    for (const overrides of [{ client_secret: 'wrong' }, { client_id: 'someone-else' }]) {
      const response = await sim.raw('POST', '/oauth/token', { body: tokenBody(overrides) });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: 'invalid_client' });
    }
  });

  it('answers 400 to a grant type other than client_credentials', async () => {
    const response = await sim.raw('POST', '/oauth/token', { body: tokenBody({ grant_type: 'password' }) });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('refuses an audience other than https://api.procurify.com/', async () => {
    const response = await sim.raw('POST', '/oauth/token', {
      body: tokenBody({ audience: 'https://example.com/' }),
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: 'access_denied' });
  });
});

describe('API authentication', () => {
  it('answers 401 without a token, with DRF’s message', async () => {
    const response = await sim.api('GET', '/api/v3/users/me/', { headers: { authorization: '' } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('answers 401 to an unknown token', async () => {
    const response = await sim.api('GET', '/api/v3/users/me/', {
      headers: { authorization: 'Bearer nonsense' },
    });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Invalid token.' });
  });

  it('answers 403 when X-Procurify-Client: api is missing', async () => {
    const response = await sim.api('GET', '/api/v3/users/me/', { headers: { 'x-procurify-client': '' } });
    expect(response.status).toBe(403);
    expect(response.body).toHaveProperty('detail');
  });

  it('expires tokens on the simulated clock', async () => {
    await sim.raw('POST', '/_sim/clock/advance', { body: { seconds: 86_399 } });
    expect((await sim.api('GET', '/api/v3/users/me/')).status).toBe(200);
    await sim.raw('POST', '/_sim/clock/advance', { body: { seconds: 1 } });
    const response = await sim.api('GET', '/api/v3/users/me/');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Signature has expired.' });
    sim.token = await sim.fetchToken();
    expect((await sim.api('GET', '/api/v3/users/me/')).status).toBe(200);
  });

  it('expires every token through the control API', async () => {
    await sim.raw('POST', '/_sim/tokens/expire', { body: {} });
    expect((await sim.api('GET', '/api/v3/users/me/')).status).toBe(401);
  });

  it('rejects revoked credentials at the token endpoint and their tokens on API calls', async () => {
    await sim.raw('POST', '/_sim/tokens/revoke', { body: { clientId: testCredentials.clientId } });
    expect((await sim.api('GET', '/api/v3/users/me/')).status).toBe(401);
    const token = await sim.raw('POST', '/oauth/token', { body: tokenBody() });
    expect(token.status).toBe(401);
    expect(token.body).toMatchObject({ error: 'invalid_client' });

    await sim.raw('POST', '/_sim/tokens/restore', { body: { clientId: testCredentials.clientId } });
    expect((await sim.api('GET', '/api/v3/users/me/')).status).toBe(200);
  });

  it('answers 401 to tokens older than a tokenMaxAgeSeconds fault allows', async () => {
    await sim.raw('PUT', '/_sim/faults', { body: { rules: [{ match: '*', tokenMaxAgeSeconds: 60 }] } });
    expect((await sim.api('GET', '/api/v3/users/me/')).status).toBe(200);
    await sim.raw('POST', '/_sim/clock/advance', { body: { seconds: 61 } });
    expect((await sim.api('GET', '/api/v3/users/me/')).status).toBe(401);
  });
});
