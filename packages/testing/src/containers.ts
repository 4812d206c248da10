import { existsSync } from 'node:fs';

export interface StartedServices {
  databaseUrl?: string;
  redisUrl?: string;
  stop(): Promise<void>;
}

function dockerEngineLikely(): boolean {
  return Boolean(process.env['DOCKER_HOST']) || existsSync('/var/run/docker.sock');
}

/**
 * Starts Postgres and/or Redis with testcontainers, only for the URLs that are unset and only
 * where a Docker engine answers. Returns undefined otherwise (the caller uses local services).
 */
export async function startContainers(need: {
  postgres: boolean;
  redis: boolean;
}): Promise<StartedServices | undefined> {
  if ((!need.postgres && !need.redis) || !dockerEngineLikely()) return undefined;
  const { GenericContainer, getContainerRuntimeClient, Wait } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const stops: (() => Promise<unknown>)[] = [];
  const services: StartedServices = {
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
  if (need.postgres) {
    const postgres = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    stops.push(() => postgres.stop());
    services.databaseUrl = `postgresql://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`;
  }
  if (need.redis) {
    const redis = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
    stops.push(() => redis.stop());
    services.redisUrl = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
  }
  return services;
}
