import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicHeader, type OracleHarness, startOracle, testCredentials } from './test-harness.ts';

let oracle: OracleHarness;
beforeAll(async () => {
  oracle = await startOracle();
});
afterAll(async () => {
  await oracle.app.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function tokenRequest(options: { authorization?: string; body?: string; contentType?: string } = {}) {
  return oracle.app.inject({
    method: 'POST',
    url: '/oauth2/v1/token',
    headers: {
      ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    },
    payload: options.body ?? form({ grant_type: 'client_credentials', scope: testCredentials.scope }),
  });
}

const goodBasic = () => basicHeader(testCredentials.clientId, testCredentials.clientSecret);

describe('identity domain token endpoint', () => {
  it('issues a bearer token for client credentials sent with Basic client authentication', async () => {
    const response = await tokenRequest({ authorization: goodBasic() });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    const api = await oracle.rest('GET', 'finBusinessUnitsLOV', {
      authorization: `Bearer ${String(body.access_token)}`,
    });
    expect(api.statusCode).toBe(200);
  });

  it('answers invalid_scope for a scope other than the configured one', async () => {
    const response = await tokenRequest({
      authorization: goodBasic(),
      body: form({ grant_type: 'client_credentials', scope: 'urn:opc:resource:consumer::all' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('answers invalid_client for a wrong secret, an unknown client or no client authentication', async () => {
    for (const authorization of [
      basicHeader(testCredentials.clientId, 'wrong-secret'),
      basicHeader('someone-else', testCredentials.clientSecret),
      undefined,
    ]) {
      const response = await tokenRequest(authorization === undefined ? {} : { authorization });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'invalid_client' });
    }
  });

  it('rejects other grant types and non-form bodies', async () => {
    const grant = await tokenRequest({
      authorization: goodBasic(),
      body: form({ grant_type: 'password', scope: testCredentials.scope }),
    });
    expect(grant.statusCode).toBe(400);
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const json = await tokenRequest({
      authorization: goodBasic(),
      contentType: 'application/json',
      body: JSON.stringify({ grant_type: 'client_credentials', scope: testCredentials.scope }),
    });
    expect(json.statusCode).toBe(400);
  });
});

describe('REST authentication', () => {
  it('accepts Basic with the client id and secret as user name and password', async () => {
    const response = await oracle.rest('GET', 'finBusinessUnitsLOV', { authorization: goodBasic() });
    expect(response.statusCode).toBe(200);
    const wrong = await oracle.rest('GET', 'finBusinessUnitsLOV', {
      authorization: basicHeader(testCredentials.clientId, 'nope'),
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('answers 401 with an empty body to a missing or unknown token', async () => {
    for (const authorization of ['', 'Bearer not-a-token']) {
      const response = await oracle.rest('GET', 'finBusinessUnitsLOV', { authorization });
      expect(response.statusCode).toBe(401);
      expect(response.body).toBe('');
    }
  });

  it('answers 401 once the token has expired on the simulated clock', async () => {
    const token = await oracle.requestToken();
    const call = () => oracle.rest('GET', 'finBusinessUnitsLOV', { authorization: `Bearer ${token}` });
    expect((await call()).statusCode).toBe(200);
    oracle.core.clock.advance(3601 * 1000);
    expect((await call()).statusCode).toBe(401);
  });

  it('answers 401 to tokens older than a tokenMaxAgeSeconds fault allows', async () => {
    const token = await oracle.requestToken();
    const rule = await oracle.control('PUT', '/faults', { rules: [{ match: '*', tokenMaxAgeSeconds: 60 }] });
    expect(rule.statusCode).toBe(200);
    try {
      oracle.core.clock.advance(120 * 1000);
      const response = await oracle.rest('GET', 'finBusinessUnitsLOV', { authorization: `Bearer ${token}` });
      expect(response.statusCode).toBe(401);
    } finally {
      await oracle.control('DELETE', '/faults');
    }
  });

  it('rejects tokens and credentials of a revoked client until restored', async () => {
    const token = await oracle.requestToken();
    await oracle.control('POST', '/tokens/revoke', { clientId: testCredentials.clientId });
    try {
      expect(
        (await oracle.rest('GET', 'finBusinessUnitsLOV', { authorization: `Bearer ${token}` })).statusCode,
      ).toBe(401);
      expect((await tokenRequest({ authorization: goodBasic() })).statusCode).toBe(401);
    } finally {
      await oracle.control('POST', '/tokens/restore', { clientId: testCredentials.clientId });
    }
    expect(
      (await oracle.rest('GET', 'finBusinessUnitsLOV', { authorization: `Bearer ${token}` })).statusCode,
    ).toBe(200);
  });
});

describe('URL versions', () => {
  it('serves 11.13.18.05 only: other versions, latest and paths without a version are 404', async () => {
    oracle.token = await oracle.requestToken();
    expect((await oracle.rest('GET', '/fscmRestApi/resources/11.13.18.05/suppliers')).statusCode).toBe(200);
    for (const path of [
      '/fscmRestApi/resources/suppliers',
      '/fscmRestApi/resources/11.13.18.04/suppliers',
      '/fscmRestApi/resources/latest/suppliers',
      '/fscmRestApi/resources/11.13.18.05/noSuchResource',
    ]) {
      expect({ path, status: (await oracle.rest('GET', path)).statusCode }).toEqual({ path, status: 404 });
    }
  });
});
