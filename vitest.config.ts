import { defineConfig } from 'vitest/config';

const everywhere = ['apps/*/src/**', 'apps/*/test/**', 'packages/*/src/**', 'packages/*/test/**'];
const exclude = ['**/node_modules/**', '**/generated/**'];

/**
 * Two projects by kind (house-style rule 8): `unit` for pure logic, `integration` for anything
 * that touches Redis, Postgres, BullMQ or HTTP. Integration tests get their services from
 * @mlc/testing's global setup (env URLs, else testcontainers, else the local services).
 */
export default defineConfig({
  test: {
    // Integration files mostly wait on Postgres, Redis, sockets and child processes: more files
    // than cores keeps both cores busy (Vitest's default here would be one worker on two cores).
    maxWorkers: Number(process.env['VITEST_MAX_WORKERS'] ?? 3),
    projects: [
      {
        test: {
          name: 'unit',
          include: everywhere.map((dir) => `${dir}/*.test.ts`),
          exclude: [...exclude, '**/*.integration.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: everywhere.map((dir) => `${dir}/*.integration.test.ts`),
          exclude,
          globalSetup: ['./packages/testing/src/global-setup.ts'],
          // Apps started by tests (in-process or spawned, which inherit this) keep small pools:
          // three files at once, each with a pipeline of five apps, stay far below Postgres's
          // default max_connections of 100, which a shared CI server may be using too.
          env: { DATABASE_POOL_SIZE: '4' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
