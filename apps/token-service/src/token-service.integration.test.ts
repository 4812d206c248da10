import { AuthError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { createOracleClient } from '@mlc/oracle-client';
import { simulatorConnectionFile, startSimulators, type RunningSimulators } from '@mlc/simulators';
import { test, testSecrets, until } from '@mlc/testing';
import { KeyRing } from '@mlc/vault';
import { describe, expect, onTestFinished } from 'vitest';
// token-service's package.json does not list @mlc/token-client (the apps that call token-service
// do); these end-to-end tests import it by path rather than add a dependency.
import { connectionClients, TokenServiceClient } from '@mlc/token-client';
import type { RunningTokenService } from './app.ts';
import { TokenCache } from './token-cache.ts';
import { captureLogs, connectionStore, routeCount, startTestTokenService } from './test-harness.ts';

const procurifyToken = 'POST /oauth/token';
const oracleToken = 'POST /oauth2/v1/token';
const oraclePing = 'GET /fscmRestApi/resources/11.13.18.05/finBusinessUnitsLOV';

async function simulators(): Promise<RunningSimulators> {
  const sims = await startSimulators({ seed: 5, purchaseOrders: 5, bills: 5 });
  onTestFinished(() => sims.close());
  return sims;
}

function tokenClient(service: RunningTokenService, logger: Logger, localMarginMs?: number) {
  return new TokenServiceClient({
    url: service.url,
    internalToken: testSecrets.INTERNAL_TOKEN,
    logger,
    ...(localMarginMs === undefined ? {} : { localMarginMs }),
  });
}

describe('token-service with the token client, against the simulators', () => {
  test('one token serves many calls, from several processes', async ({ database, redis }) => {
    const { logger } = captureLogs('test');
    const sims = await simulators();
    const service = await startTestTokenService({ database, redis }, logger);
    onTestFinished(() => service.close(2_000));
    const { store, vault } = connectionStore(database);
    await store.save(simulatorConnectionFile(sims, { id: 'reuse' }), vault);
    const settings = await store.settings('reuse');

    // Three "worker processes", each with its own token client.
    const workers = [0, 1, 2].map(() => connectionClients(settings, tokenClient(service, logger), logger));
    for (let round = 0; round < 5; round += 1) {
      await Promise.all(
        workers.flatMap((clients) => [clients.procurify.getCurrentUser(), clients.oracle.ping()]),
      );
    }
    expect(routeCount(sims.procurify, 'GET /api/v3/users/me/')).toBe(15);
    expect(routeCount(sims.oracle, oraclePing)).toBe(15);
    expect(routeCount(sims.procurify, procurifyToken)).toBe(1);
    expect(routeCount(sims.oracle, oracleToken)).toBe(1);
  });

  test('Procurify tokens are refreshed by the refresh job before they expire', async ({
    database,
    redis,
  }) => {
    const { lines, logger } = captureLogs('test');
    const sims = await simulators();
    sims.procurify.core.tokens.expiresInSeconds = 6;
    const service = await startTestTokenService({ database, redis }, logger, {
      refreshAheadSeconds: 2,
      expiryMarginSeconds: 1,
    });
    onTestFinished(() => service.close(2_000));
    const { store, vault } = connectionStore(database);
    await store.save(simulatorConnectionFile(sims, { id: 'ahead' }), vault);
    const cache = new TokenCache(redis.client, {
      prefix: redis.prefix,
      encryptionKey: new KeyRing(testSecrets.MLC_MASTER_KEY).derive('token-cache'),
    });

    const tokens = tokenClient(service, logger, 0);
    const first = await tokens.getToken('ahead', 'procurify');
    const firstCached = await cache.read('ahead', 'procurify');
    expect(firstCached?.fingerprint).toBe(first.fingerprint);
    expect(routeCount(sims.procurify, procurifyToken)).toBe(1);

    // Nobody asks for a token: only the refresh job can replace it.
    const second = await until(
      'the refresh job has replaced the Procurify token',
      async () => {
        const cached = await cache.read('ahead', 'procurify');
        return cached && cached.fingerprint !== first.fingerprint ? cached : undefined;
      },
      { timeoutMs: 15_000 },
    );
    const secondIssuedAt = second.expiresAt - 6_000;
    expect(secondIssuedAt).toBeLessThan(firstCached!.expiresAt);
    expect(routeCount(sims.procurify, procurifyToken)).toBe(2);
    // The job logs after it has stored the new token: wait for the line rather than race it.
    await until('the refresh job has logged the refresh', () =>
      lines.some((line) => line.includes('"msg":"token refreshed ahead of expiry"')),
    );

    // token-service hands out the new token, and Procurify takes it.
    const handedOut = await tokenClient(service, logger, 0).getToken('ahead', 'procurify');
    expect(handedOut.fingerprint).toBe(second.fingerprint);
    const settings = await store.settings('ahead');
    await expect(
      connectionClients(settings, tokenClient(service, logger, 0), logger).procurify.getCurrentUser(),
    ).resolves.toMatchObject({ email: expect.any(String) });
    expect(routeCount(sims.procurify, procurifyToken)).toBe(2);
  });

  test('an Oracle 401 mid-run causes exactly one refresh and the listing completes', async ({
    database,
    redis,
  }) => {
    const { logger } = captureLogs('test');
    const sims = await simulators();
    const service = await startTestTokenService({ database, redis }, logger);
    onTestFinished(() => service.close(2_000));
    const { store, vault } = connectionStore(database);
    await store.save(simulatorConnectionFile(sims, { id: 'on401' }), vault);
    const settings = await store.settings('on401');
    const tokens = tokenClient(service, logger);
    // Small pages, so the token expires in the middle of one listing.
    const oracle = createOracleClient({
      restBaseUrl: settings.oracle.restBaseUrl,
      restFrameworkVersion: settings.oracle.restFrameworkVersion,
      auth: tokens.providerFor('on401', 'oracle'),
      logger,
      pageSize: 5,
    });
    const before = await tokens.getToken('on401', 'oracle');

    const suppliers: string[] = [];
    let pages = 0;
    for await (const page of oracle.listSuppliers()) {
      pages += 1;
      suppliers.push(...page.map((supplier) => supplier.SupplierId));
      if (pages === 2) sims.oracle.core.tokens.expireAll();
    }
    expect(pages).toBeGreaterThan(3);
    expect(new Set(suppliers).size).toBe(suppliers.length);
    expect(suppliers.length).toBe(sims.oracle.store.suppliers.size);
    expect(routeCount(sims.oracle, oracleToken)).toBe(2);
    const after = await tokens.getToken('on401', 'oracle');
    expect(after.fingerprint).not.toBe(before.fingerprint);
    // One 401, answered by one refresh and one repeated request.
    expect(
      sims.oracle.core.counters.snapshot().routes['GET /fscmRestApi/resources/11.13.18.05/suppliers'],
    ).toMatchObject({ count: pages + 1, byStatus: { '200': pages, '401': 1 } });
  });

  test('50 callers holding an expired Oracle token cause exactly one token request', async ({
    database,
    redis,
  }) => {
    const { logger } = captureLogs('test');
    const sims = await simulators();
    // Two token-service replicas: the Redis lock, not only the in-process single flight, is tested.
    const replicas = [
      await startTestTokenService({ database, redis }, logger),
      await startTestTokenService({ database, redis }, logger),
    ];
    onTestFinished(async () => {
      for (const replica of replicas) await replica.close(2_000);
    });
    const { store, vault } = connectionStore(database);
    await store.save(simulatorConnectionFile(sims, { id: 'crowd' }), vault);
    const settings = await store.settings('crowd');

    // 50 worker processes, each with its own token client holding the current token.
    const workers = Array.from({ length: 50 }, (_, index) => {
      const tokens = tokenClient(replicas[index % 2]!, logger);
      return { tokens, oracle: connectionClients(settings, tokens, logger).oracle };
    });
    const held = await Promise.all(workers.map(({ tokens }) => tokens.getToken('crowd', 'oracle')));
    expect(new Set(held.map((token) => token.fingerprint)).size).toBe(1);
    expect(routeCount(sims.oracle, oracleToken)).toBe(1);

    sims.oracle.core.tokens.expireAll();
    sims.oracle.core.counters.reset();
    await Promise.all(workers.map(({ oracle }) => oracle.ping()));

    expect(routeCount(sims.oracle, oracleToken)).toBe(1);
    expect(sims.oracle.core.counters.snapshot().routes[oraclePing]).toMatchObject({
      count: 100,
      byStatus: { '200': 50, '401': 50 },
    });
    const renewed = await Promise.all(workers.map(({ tokens }) => tokens.getToken('crowd', 'oracle')));
    expect(new Set(renewed.map((token) => token.fingerprint)).size).toBe(1);
    expect(renewed[0]!.fingerprint).not.toBe(held[0]!.fingerprint);
  });

  test('revoked credentials pause the connection without a request storm; new credentials lift it', async ({
    database,
    redis,
  }) => {
    const { logger } = captureLogs('test');
    const sims = await simulators();
    const service = await startTestTokenService({ database, redis }, logger, { authFailureThreshold: 2 });
    onTestFinished(() => service.close(2_000));
    const { store, vault } = connectionStore(database);
    const file = simulatorConnectionFile(sims, { id: 'revoked' });
    await store.save(file, vault);
    const settings = await store.settings('revoked');
    const workers = Array.from({ length: 10 }, () =>
      connectionClients(settings, tokenClient(service, logger), logger),
    );
    await Promise.all(workers.map(({ oracle }) => oracle.ping()));
    expect(routeCount(sims.oracle, oracleToken)).toBe(1);

    sims.oracle.core.tokens.revoke(sims.oracle.credentials.clientId);
    sims.oracle.core.counters.reset();
    for (let round = 0; round < 3; round += 1) {
      const outcomes = await Promise.allSettled(workers.map(({ oracle }) => oracle.ping()));
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(AuthError);
      }
    }
    expect(routeCount(sims.oracle, oracleToken)).toBe(2);

    const connection = await database.prisma.connection.findUniqueOrThrow({ where: { id: 'revoked' } });
    expect(connection.status).toBe('auth_failed');
    expect(connection.statusReason).toContain('Client authentication failed.');
    const issues = await database.prisma.connectionIssue.findMany({ where: { connectionId: 'revoked' } });
    expect(issues).toEqual([
      expect.objectContaining({
        kind: 'auth_failed',
        system: 'oracle',
        resolvedAt: null,
        message: expect.stringContaining('Client authentication failed.'),
      }),
    ]);

    // Paused: calls fail at once, with neither a token request nor an API call.
    const requestsBefore = sims.oracle.core.counters.total;
    const paused = await workers[0]!.oracle.ping().catch((error: unknown) => error);
    expect(paused).toBeInstanceOf(AuthError);
    expect(paused).toMatchObject({ code: 'CONNECTION_AUTH_FAILED' });
    expect((paused as AuthError).message).toContain('Client authentication failed.');
    await Promise.allSettled(workers.map(({ oracle }) => oracle.ping()));
    expect(sims.oracle.core.counters.total).toBe(requestsBefore);

    // New credentials that are wrong too get their own attempts before the connection pauses again.
    await store.save(
      { ...file, oracle: { ...file.oracle, auth: { ...file.oracle.auth, clientSecret: 'still-wrong' } } },
      vault,
    );
    expect((await store.view('revoked')).status).toBe('active');
    await expect(workers[0]!.oracle.ping()).rejects.toBeInstanceOf(AuthError);
    expect((await store.view('revoked')).status).toBe('active');
    await expect(workers[0]!.oracle.ping()).rejects.toBeInstanceOf(AuthError);
    expect((await store.view('revoked')).status).toBe('auth_failed');
    expect(routeCount(sims.oracle, oracleToken)).toBe(4);

    // Working credentials lift the pause and resolve the issue.
    sims.oracle.core.tokens.registerClient({ clientId: 'rotated-client', clientSecret: 'rotated-secret' });
    await store.save(
      {
        ...file,
        oracle: {
          ...file.oracle,
          auth: { ...file.oracle.auth, clientId: 'rotated-client', clientSecret: 'rotated-secret' },
        },
      },
      vault,
    );
    expect(await store.view('revoked')).toMatchObject({ status: 'active', statusReason: null });
    await Promise.all(workers.map(({ oracle }) => oracle.ping()));
    expect(routeCount(sims.oracle, oracleToken)).toBe(5);
    expect(
      await database.prisma.connectionIssue.count({ where: { connectionId: 'revoked', resolvedAt: null } }),
    ).toBe(0);
  });

  test('token-service refuses to store a connection with unsafe upstream URLs', async ({
    database,
    redis,
  }) => {
    const { logger } = captureLogs('test');
    const sims = await simulators();
    const service = await startTestTokenService({ database, redis }, logger, {
      allowInsecureUpstreams: false,
    });
    onTestFinished(() => service.close(2_000));
    const tokens = tokenClient(service, logger);
    await expect(tokens.saveConnection(simulatorConnectionFile(sims, { id: 'unsafe' }))).rejects.toThrow(
      'baseUrl overrides (simulators, proxies) are refused unless MLC_ALLOW_INSECURE_UPSTREAMS=1',
    );
    const file = simulatorConnectionFile(sims, { id: 'unsafe' });
    const { baseUrl: _procurifyBase, ...procurify } = file.procurify;
    const { baseUrl: _oracleBase, ...oracle } = file.oracle;
    await expect(
      tokens.saveConnection({
        ...file,
        procurify,
        oracle: { ...oracle, podUrl: 'https://pod.oraclecloud.com.evil.example' },
      }),
    ).rejects.toThrow(/oracle-pod URL https:\/\/pod\.oraclecloud\.com\.evil\.example is not an allowed host/);
    expect(await database.prisma.connection.count({ where: { id: 'unsafe' } })).toBe(0);
  });
});
