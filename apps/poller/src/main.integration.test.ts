import { join } from 'node:path';
import { spawnApp, test, testSecrets } from '@mlc/testing';
import { describe, expect } from 'vitest';

describe('poller main', () => {
  test('boots against Postgres and Redis and stops cleanly on SIGTERM', async ({ database, redis }) => {
    const app = spawnApp(join(import.meta.dirname, 'main.ts'), {
      ...testSecrets,
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      MLC_REDIS_PREFIX: redis.prefix,
    });
    await app.waitForLog((line) => line.msg === 'poller started');
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(app.lines.map((line) => line.msg)).toContain('shutdown complete');
  });
});
