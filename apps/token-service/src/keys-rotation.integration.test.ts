import { randomBytes } from 'node:crypto';
import { PermanentError } from '@mlc/errors';
import { simulatorConnectionFile, startSimulators } from '@mlc/simulators';
import { test, testSecrets } from '@mlc/testing';
import { describe, expect, onTestFinished } from 'vitest';
// See token-service.integration.test.ts: imported by path, token-service does not depend on it.
import { TokenServiceClient } from '@mlc/token-client';
import { captureLogs, connectionStore, mlc, routeCount, startTestTokenService } from './test-harness.ts';

describe('mlc keys rotate', () => {
  test('re-encrypts every credential; token-service then gets tokens with the new key alone', async ({
    database,
    redis,
  }) => {
    const { logger } = captureLogs('test');
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const sims = await startSimulators({ seed: 6, purchaseOrders: 5, bills: 5 });
    onTestFinished(() => sims.close());
    const { store, vault } = connectionStore(database, oldKey);
    for (const id of ['rot-a', 'rot-b']) await store.save(simulatorConnectionFile(sims, { id }), vault);

    // token-service already runs with the new key only: until rotation it cannot decrypt.
    const service = await startTestTokenService({ database, redis }, logger, { masterKey: newKey });
    onTestFinished(() => service.close(2_000));
    const tokens = new TokenServiceClient({
      url: service.url,
      internalToken: testSecrets.INTERNAL_TOKEN,
      logger,
    });
    const early = await tokens.getToken('rot-a', 'oracle').catch((error: unknown) => error);
    expect(early).toBeInstanceOf(PermanentError);
    expect((early as PermanentError).message).toMatch(
      /^Credentials are encrypted under key version \d+, which is not in MLC_MASTER_KEY or MLC_MASTER_KEY_PREVIOUS$/,
    );
    expect(routeCount(sims.oracle, 'POST /oauth2/v1/token')).toBe(0);

    // Without the old key the command cannot re-encrypt, and says so.
    const database_ = { DATABASE_URL: database.url };
    const withoutOld = await mlc(['keys', 'rotate'], { ...database_, MLC_MASTER_KEY: newKey });
    expect(withoutOld.code).toBe(1);
    expect(withoutOld.stdout).toContain(
      '4 credential(s) are under a key this command does not hold: add it to MLC_MASTER_KEY_PREVIOUS and run again.',
    );

    const rotated = await mlc(['keys', 'rotate'], {
      ...database_,
      MLC_MASTER_KEY: newKey,
      MLC_MASTER_KEY_PREVIOUS: oldKey,
    });
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(
      /^Key rotation done: 4 credential\(s\) re-encrypted under key version (\d+); retired version\(s\) \d+\.\n$/,
    );
    const keys = await database.prisma.encryptionKey.findMany({ orderBy: { version: 'asc' } });
    const current = keys.find((key) => key.retiredAt === null);
    expect(keys.filter((key) => key.retiredAt !== null)).toHaveLength(1);
    expect(
      (await database.prisma.credential.findMany()).every(
        (credential) => credential.keyVersion === current?.version,
      ),
    ).toBe(true);

    // The same token-service process, with only the new key: every credential decrypts.
    for (const id of ['rot-a', 'rot-b']) {
      for (const system of ['procurify', 'oracle'] as const) {
        await expect(tokens.getToken(id, system)).resolves.toMatchObject({
          authorization: expect.stringMatching(/^Bearer sim_/),
        });
      }
    }
    expect(routeCount(sims.procurify, 'POST /oauth/token')).toBe(2);
    expect(routeCount(sims.oracle, 'POST /oauth2/v1/token')).toBe(2);
    // …and so does a freshly started one, whose connection test passes end to end.
    const restarted = await startTestTokenService({ database, redis }, logger, { masterKey: newKey });
    onTestFinished(() => restarted.close(2_000));
    const tested = await mlc(['connection', 'test', 'rot-b'], {
      TOKEN_SERVICE_URL: restarted.url,
      INTERNAL_TOKEN: testSecrets.INTERNAL_TOKEN,
    });
    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain('Connection rot-b works.');
  });
});
