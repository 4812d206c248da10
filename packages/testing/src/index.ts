export { test, deleteKeys, type TestDatabase, type TestRedis } from './fixtures.ts';
export { createEmptyDatabase, databaseUrlFor, dropDatabase } from './databases.ts';
export { dumpPostgres, dumpRedis } from './dumps.ts';
export { spawnApp, type LogLine, type SpawnedApp } from './spawn-app.ts';
export { until } from './until.ts';
export { inheritedEnv } from './env.ts';

/** Settings every app needs in tests: fixed, obviously fake secrets of the required shapes. */
export const testSecrets = {
  MLC_MASTER_KEY: Buffer.alloc(32, 11).toString('base64'),
  ADMIN_TOKEN: 'test-admin-token-0123456789',
  ADMIN_VIEWER_TOKEN: 'test-viewer-token-0123456789',
  INTERNAL_TOKEN: 'test-internal-token-0123456789',
} as const;
