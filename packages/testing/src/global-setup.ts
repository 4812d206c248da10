import type { TestProject } from 'vitest/node';
import { startContainers } from './containers.ts';
import { ensureTemplateDatabase } from './databases.ts';
import { localDefaults, testEnv } from './env.ts';

import './provided.ts';

/**
 * Decides where the integration tests' Postgres and Redis come from: DATABASE_URL/REDIS_URL when
 * set; otherwise testcontainers where a Docker engine answers; otherwise the local services.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const containers = await startContainers({
    postgres: testEnv.DATABASE_URL === undefined,
    redis: testEnv.REDIS_URL === undefined,
  });
  const databaseServerUrl = testEnv.DATABASE_URL ?? containers?.databaseUrl ?? localDefaults.databaseUrl;
  const redisUrl = testEnv.REDIS_URL ?? containers?.redisUrl ?? localDefaults.redisUrl;
  const template = await ensureTemplateDatabase(databaseServerUrl);
  project.provide('mlcDatabaseServerUrl', databaseServerUrl);
  project.provide('mlcRedisUrl', redisUrl);
  project.provide('mlcTemplateDatabase', template);
  return async () => {
    await containers?.stop();
  };
}
