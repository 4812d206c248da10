import { randomBytes } from 'node:crypto';
import {
  defaultCredentials,
  simulatorConnectionFile,
  startSimulators,
  type RunningSimulators,
} from '@mlc/simulators';
import { dumpPostgres, dumpRedis, test, testSecrets, until } from '@mlc/testing';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { describe, expect, onTestFinished } from 'vitest';
// See token-service.integration.test.ts: imported by path, token-service does not depend on it.
import { connectionClients, TokenServiceClient } from '@mlc/token-client';
import { captureLogs, connectionStore, startTestTokenService } from './test-harness.ts';

// Planted client secrets: the test fails if any of them shows up anywhere but the vault.
const marker = 'PLANTED-';
const procurifySecret = `${marker}procurify-${randomBytes(8).toString('hex')}`;
const oracleSecret = `${marker}oracle-${randomBytes(8).toString('hex')}`;

async function plantedSimulators(): Promise<RunningSimulators> {
  const sims = await startSimulators({
    seed: 9,
    purchaseOrders: 5,
    bills: 5,
    procurifyCredentials: { clientId: 'planted-procurify-client', clientSecret: procurifySecret },
    oracleCredentials: {
      clientId: 'planted-oracle-client',
      clientSecret: oracleSecret,
      scope: defaultCredentials.oracle.scope,
    },
    // Short Procurify tokens: the proactive refresh job runs during the test.
    procurifyTokenSeconds: 5,
  });
  onTestFinished(() => sims.close());
  return sims;
}

describe('planted secrets', () => {
  test('appear in no log line, Redis value, API response or Postgres column', async ({ database, redis }) => {
    const { lines, logger } = captureLogs('test');
    const sims = await plantedSimulators();
    const service = await startTestTokenService({ database, redis }, logger, {
      refreshAheadSeconds: 1,
      expiryMarginSeconds: 1,
    });
    onTestFinished(() => service.close(2_000));

    // Every response of token-service's internal API, as sent.
    const responses: string[] = [];
    const call = async (method: 'POST' | 'PUT', path: string, body: string) => {
      const response = await fetch(new URL(path, service.url), {
        method,
        headers: {
          authorization: `Bearer ${testSecrets.INTERNAL_TOKEN}`,
          'content-type': 'application/json',
        },
        body,
      });
      const text = await response.text();
      responses.push(`${method} ${path} → ${response.status} ${text}`);
      return { status: response.status, text };
    };
    const file = simulatorConnectionFile(sims, { id: 'planted' });

    // Save (through the API), test, and tokens for both systems.
    expect((await call('PUT', '/internal/connections', JSON.stringify(file))).status).toBe(201);
    expect((await call('PUT', '/internal/connections', JSON.stringify(file))).status).toBe(200);
    const report = await call(
      'POST',
      '/internal/connections/test',
      JSON.stringify({ connectionId: 'planted' }),
    );
    expect(JSON.parse(report.text)).toMatchObject({ ok: true });
    const issued: string[] = [];
    for (const system of ['procurify', 'oracle']) {
      const got = await call(
        'POST',
        '/internal/tokens/get',
        JSON.stringify({ connectionId: 'planted', system }),
      );
      expect(got.status).toBe(200);
      issued.push((JSON.parse(got.text) as { authorization: string }).authorization.replace(/^Bearer /, ''));
    }
    // Requests that fail: a malformed body carrying the secret, an invalid connection file.
    const malformed = await call(
      'PUT',
      '/internal/connections',
      `{"id":"planted","procurify":{"clientSecret":"${procurifySecret}"`,
    );
    expect(malformed).toMatchObject({ status: 400, text: expect.stringContaining('Body is not valid JSON') });
    const invalid = await call(
      'PUT',
      '/internal/connections',
      `{"id": ${JSON.stringify(oracleSecret)}, "name": 5}`,
    );
    expect(invalid).toMatchObject({ status: 422, text: expect.stringContaining('Invalid connection file') });
    await call(
      'PUT',
      '/internal/connections',
      JSON.stringify({ ...file, id: 'Bad Id', oracle: { ...file.oracle, podUrl: oracleSecret } }),
    );

    // The clients at work: calls, a 401 and its refresh, the proactive refresh job.
    const settings = await connectionStore(database).store.settings('planted');
    const tokens = new TokenServiceClient({
      url: service.url,
      internalToken: testSecrets.INTERNAL_TOKEN,
      logger,
      localMarginMs: 0,
    });
    const clients = connectionClients(settings, tokens, logger);
    await clients.procurify.getCurrentUser();
    await clients.oracle.ping();
    sims.oracle.core.tokens.expireAll();
    await clients.oracle.ping();
    for (const system of ['procurify', 'oracle'] as const) {
      issued.push((await tokens.getToken('planted', system)).authorization.replace(/^Bearer /, ''));
    }
    await until(
      'the refresh job has refreshed the Procurify token',
      () => lines.some((line) => line.includes('"msg":"token refreshed ahead of expiry"')),
      { timeoutMs: 15_000 },
    );
    // And revoked credentials: rejected, counted, the connection paused.
    sims.oracle.core.tokens.revoke();
    for (let attempt = 0; attempt < 3; attempt += 1) await clients.oracle.ping().catch(() => undefined);
    expect((await connectionStore(database).store.view('planted')).status).toBe('auth_failed');
    const refused = await call(
      'POST',
      '/internal/tokens/get',
      JSON.stringify({ connectionId: 'planted', system: 'oracle' }),
    );
    expect(refused.status).toBe(409);
    const failedReport = await call(
      'POST',
      '/internal/connections/test',
      JSON.stringify({ connectionId: 'planted' }),
    );
    expect(JSON.parse(failedReport.text)).toMatchObject({ ok: false });

    const secrets = [procurifySecret, oracleSecret];
    const leaks = (where: string, texts: string[]) =>
      texts.flatMap((text) =>
        [marker, ...issued]
          .filter((secret) => text.includes(secret))
          .map((secret) => `${where}: ${secret.slice(0, 12)}… in ${text.slice(0, 300)}`),
      );

    // Logs: every line of token-service, the token client and the upstream clients.
    expect(lines.some((line) => line.includes('"msg":"token issued"'))).toBe(true);
    expect(leaks('log', lines)).toEqual([]);

    // API responses: tokens where asked for, never a client secret.
    expect(responses).toHaveLength(10);
    expect(responses.filter((response) => response.includes(marker))).toEqual([]);

    // Redis: every key under the prefix (token cache, locks, failure counters, BullMQ's keys).
    const redisDump = await dumpRedis(redis.client, redis.prefix);
    expect(redisDump.some((entry) => entry.includes(':tokens:planted:procurify'))).toBe(true);
    expect(redisDump.some((entry) => entry.includes('token-refresh'))).toBe(true);
    expect(leaks('redis', redisDump)).toEqual([]);

    // Postgres: every column of every table; the credentials only as ciphertext.
    const tables = await dumpPostgres(database.pool);
    expect(tables['public.connections']?.join()).toContain('planted');
    expect(tables['public.connection_issues']?.join()).toContain('Client authentication failed.');
    expect(tables['public.credentials']).toHaveLength(2);
    expect(
      leaks(
        'postgres',
        Object.entries(tables).flatMap(([table, rows]) => rows.map((row) => `${table} ${row}`)),
      ),
    ).toEqual([]);
    const { rows: sealed } = await database.pool.query<{ ciphertext: Buffer }>(
      'SELECT ciphertext FROM credentials',
    );
    for (const { ciphertext } of sealed) {
      for (const encoding of ['utf8', 'latin1', 'base64', 'hex'] as const) {
        for (const secret of secrets) expect(ciphertext.toString(encoding)).not.toContain(secret);
      }
    }
    // …and the vault does hold them (the searches above looked where they would be).
    const vault = new CredentialVault(database.prisma, new KeyRing(testSecrets.MLC_MASTER_KEY));
    expect(await vault.load('planted', 'procurify')).toMatchObject({ clientSecret: procurifySecret });
    expect(await vault.load('planted', 'oracle')).toMatchObject({ clientSecret: oracleSecret });
  });
});
