import { join } from 'node:path';
import { spawnApp, test, testSecrets } from '@mlc/testing';
import { describe, expect } from 'vitest';

describe('token-service main', () => {
  test('boots against Postgres and Redis and stops cleanly on SIGTERM', async ({ database, redis }) => {
    const app = spawnApp(join(import.meta.dirname, 'main.ts'), {
      ...testSecrets,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      MLC_REDIS_PREFIX: redis.prefix,
      TOKEN_SERVICE_PORT: '0',
    });
    await app.waitForLog((line) => line.msg === 'token-service started');
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(app.lines.map((line) => line.msg)).toContain('shutdown complete');
  });
});

describe('token-service configuration', () => {
  test('a bad configuration stops the boot and lists every problem at once', async ({ database }) => {
    const app = spawnApp(join(import.meta.dirname, 'main.ts'), {
      DATABASE_URL: database.url,
      MLC_MASTER_KEY: 'too-short',
      INTERNAL_TOKEN: '',
      TOKEN_SERVICE_PORT: 'abc',
    });
    expect(await app.exited).toBe(78);
    expect(app.stderr()).toContain('Invalid configuration for token-service (3 problems)');
    for (const key of ['MLC_MASTER_KEY', 'INTERNAL_TOKEN: required but not set', 'TOKEN_SERVICE_PORT']) {
      expect(app.stderr()).toContain(key);
    }
    expect(app.stderr()).not.toContain('too-short');
  });
});
