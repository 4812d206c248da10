import { existsSync, readFileSync } from 'node:fs';
import type * as config from '@mlc/config';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { appEnvShape, cliEnvShape, isRequired, recordEnvShape, type EnvShape } from './app-env.ts';
import {
  durationMs,
  effectiveArgv,
  healthcheckArgv,
  loadCompose,
  serviceEnvironment,
  type ComposeService,
} from './compose.ts';
import { dockerfileText, imageConfig, parseDockerfile } from './dockerfile.ts';
import { appNames, readRepoFile, repoPath, repoRoot, workspacePackages } from './repo.ts';
import { traceRuntimeImports } from './runtime-imports.ts';
import { sampleDotEnv } from './sample-env.ts';

// The one seam of these tests: importing an app's env.ts must hand over the zod shape it parses
// instead of parsing process.env (and exiting on the missing secrets). Everything else is real.
vi.mock('@mlc/config', async (importOriginal) => {
  const actual = await importOriginal<typeof config>();
  const record = (name: string, shape: object) => {
    recordEnvShape(name, shape as EnvShape);
    return {};
  };
  return { ...actual, parseEnvOrExit: record, parseEnv: record };
});

const { parseEnv } = await vi.importActual<typeof config>('@mlc/config');

const compose = loadCompose(sampleDotEnv);
const dockerfile = parseDockerfile(dockerfileText());
const packages = workspacePackages();
const apps = appNames();

const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

/** What the container runs: the compose overrides on top of the image's ENTRYPOINT/CMD. */
const argvOf = (name: string): string[] => {
  const target = service(name).build?.target;
  if (!target) throw new Error(`service ${name} is not built from infra/Dockerfile`);
  const image = imageConfig(dockerfile, target);
  return effectiveArgv(service(name), { entrypoint: image.entrypoint ?? [], cmd: image.cmd ?? [] });
};

/** The env the app's parseEnv sees (compose environment, validated by the real parser). */
const parsedEnv = (shape: EnvShape, environment: Record<string, string>) =>
  parseEnv('compose', shape as unknown as Parameters<typeof parseEnv>[1], environment) as Record<
    string,
    unknown
  >;

/** Repository files an app loads at run time, read once per app. */
const sourcesOf = (entry: string): string =>
  traceRuntimeImports(repoRoot, entry, packages)
    .files.map((file) => readFileSync(repoPath(file), 'utf8'))
    .join('\n');

const shapes = new Map<string, EnvShape>();
beforeAll(async () => {
  for (const app of apps) shapes.set(app, await appEnvShape(app));
});
const shapeOf = (app: string): EnvShape => shapes.get(app)!;

describe('docker-compose.yml services', () => {
  it('has one service per app under apps/, plus redis, postgres, migrate, mlc and simulators', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [...apps, 'redis', 'postgres', 'migrate', 'mlc', 'simulators'].sort(),
    );
  });

  it('names no container and publishes host ports only for admin and the simulators', () => {
    const services = Object.entries(compose.services);
    expect(services.filter(([, definition]) => definition.container_name !== undefined)).toEqual([]);
    const publishing = services.filter(([, definition]) => definition.ports).map(([name]) => name);
    expect(publishing.sort()).toEqual(['admin', 'simulators']);
  });
});

describe.each(apps)('compose service %s', (app) => {
  const definition = service(app);
  const environment = serviceEnvironment(definition);

  it('is built from its own infra/Dockerfile target and runs the app entry point', () => {
    expect(definition.build).toMatchObject({ context: '.', dockerfile: 'infra/Dockerfile', target: app });
    expect(definition.image).toMatch(new RegExp(`^ml-connector/${app}:`));
    const argv = argvOf(app);
    expect(argv).toEqual(['node', `apps/${app}/src/main.ts`]);
    expect(existsSync(repoPath(argv[1]!))).toBe(true);
  });

  it('sets only settings the app declares in its env.ts', () => {
    const declared = Object.keys(shapeOf(app));
    expect(Object.keys(environment).filter((key) => !declared.includes(key))).toEqual([]);
  });

  it('provides every required setting, and every value passes the app’s own parser', () => {
    const shape = shapeOf(app);
    const missing = Object.keys(shape).filter((key) => isRequired(shape[key]!) && !environment[key]);
    expect(missing).toEqual([]);
    expect(() => parsedEnv(shape, environment)).not.toThrow();
    expect(parsedEnv(shape, environment)['NODE_ENV']).toBe('production');
  });

  it('keeps the upstream safety check on unless MLC_ALLOW_INSECURE_UPSTREAMS is set', () => {
    expect(parsedEnv(shapeOf(app), environment)['MLC_ALLOW_INSECURE_UPSTREAMS']).toBe(false);
    const opted = serviceEnvironment(
      loadCompose({ ...sampleDotEnv, MLC_ALLOW_INSECURE_UPSTREAMS: '1' }).services[app]!,
    );
    expect(parsedEnv(shapeOf(app), opted)['MLC_ALLOW_INSECURE_UPSTREAMS']).toBe(true);
  });

  it('listens on all interfaces and probes /readyz on the port it serves', () => {
    const shape = shapeOf(app);
    const portKeys = Object.keys(shape).filter((key) => key.endsWith('_PORT'));
    expect(portKeys, 'exactly one *_PORT setting').toHaveLength(1);
    const portKey = portKeys[0]!;
    const hostKey = portKey.replace(/_PORT$/, '_HOST');
    expect(Object.keys(shape)).toContain(hostKey);
    const env = parsedEnv(shape, environment);
    expect(env[hostKey]).toBe('0.0.0.0');
    const port = String(env[portKey]);

    expect(healthcheckArgv(definition)).toEqual([
      'node',
      'infra/healthcheck.ts',
      `http://127.0.0.1:${port}/readyz`,
    ]);
    expect(imageConfig(dockerfile, app).expose).toEqual([port]);
    // The path is one the app's own code (or a package it loads) routes.
    expect(sourcesOf(`apps/${app}/src/main.ts`)).toContain(`'/readyz'`);
  });

  it('restarts, runs under an init, has resource limits and is stateless', () => {
    expect(['always', 'unless-stopped', 'on-failure']).toContain(definition.restart);
    expect(definition.init).toBe(true);
    expect(definition.deploy?.resources?.limits?.cpus).toBeDefined();
    expect(definition.deploy?.resources?.limits?.memory).toBeDefined();
    expect(definition.volumes).toBeUndefined();
  });

  it('stops with a grace period longer than its shutdown deadline', () => {
    // main.ts bounds the whole shutdown by SHUTDOWN_TIMEOUT_MS (@mlc/lifecycle).
    expect(readRepoFile('apps', app, 'src', 'main.ts')).toContain(
      'shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS',
    );
    const deadlineMs = Number(parsedEnv(shapeOf(app), environment)['SHUTDOWN_TIMEOUT_MS']);
    expect(definition.stop_grace_period).toBeDefined();
    expect(durationMs(definition.stop_grace_period!)).toBeGreaterThan(deadlineMs);
  });

  it('starts after migrate succeeded and Redis is healthy', () => {
    expect(definition.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      redis: { condition: 'service_healthy' },
    });
  });

  it('reaches token-service by its service name and port, and waits for it, when it is a client', () => {
    const isClient = 'TOKEN_SERVICE_URL' in shapeOf(app);
    const tokenEnv = parsedEnv(shapeOf('token-service'), serviceEnvironment(service('token-service')));
    const tokenServiceUrl = `http://token-service:${String(tokenEnv['TOKEN_SERVICE_PORT'])}`;
    const dependsOn = (definition.depends_on ?? {}) as Record<string, { condition?: string }>;
    expect({
      url: environment['TOKEN_SERVICE_URL'],
      waitsFor: dependsOn['token-service']?.condition,
    }).toEqual(
      isClient
        ? { url: tokenServiceUrl, waitsFor: 'service_healthy' }
        : { url: undefined, waitsFor: undefined },
    );
  });
});

describe('scaling', () => {
  it('lets every app but admin scale: no fixed host port, no container name', () => {
    const scalable = apps.filter((app) => app !== 'admin');
    expect(scalable).toEqual(expect.arrayContaining(['oracle-writer', 'mapper', 'poller']));
    expect(scalable.filter((app) => service(app).ports ?? service(app).container_name)).toEqual([]);
  });

  it('publishes admin on the port admin listens on, on loopback unless told otherwise', () => {
    const env = parsedEnv(shapeOf('admin'), serviceEnvironment(service('admin')));
    expect(service('admin').ports).toEqual([`127.0.0.1:3000:${String(env['ADMIN_PORT'])}`]);
  });
});

describe('state services', () => {
  it('runs Redis with AOF persistence, noeviction, a volume and a healthcheck', () => {
    const redis = service('redis');
    const command = (redis.command as string[]).join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(redis.volumes).toEqual(['redis-data:/data']);
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(compose.volumes).toHaveProperty('redis-data');
  });

  it('runs Postgres on a volume with a healthcheck, with the credentials the apps use', () => {
    const postgres = service('postgres');
    expect(postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(compose.volumes).toHaveProperty('postgres-data');
    expect(postgres.healthcheck?.test?.[0]).toBe('CMD-SHELL');
    expect(String(postgres.healthcheck?.test?.[1])).toContain('pg_isready');
    const env = serviceEnvironment(postgres);
    const url = new URL(serviceEnvironment(service('poller'))['DATABASE_URL']!);
    expect(url.hostname).toBe('postgres');
    expect(decodeURIComponent(url.username)).toBe(env['POSTGRES_USER']);
    expect(decodeURIComponent(url.password)).toBe(sampleDotEnv['POSTGRES_PASSWORD']);
    expect(url.pathname).toBe(`/${env['POSTGRES_DB']}`);
  });

  it('gives every app the same database and Redis', () => {
    const urls = apps.map((app) => serviceEnvironment(service(app)));
    expect(new Set(urls.map((env) => env['DATABASE_URL'])).size).toBe(1);
    expect(new Set(urls.map((env) => env['REDIS_URL']))).toEqual(new Set(['redis://redis:6379']));
  });
});

describe('migrate and the CLI', () => {
  it('migrates once with `mlc migrate` after Postgres is healthy, and is not restarted', () => {
    const migrate = service('migrate');
    const argv = argvOf('migrate');
    expect(argv).toEqual(['node', 'packages/cli/src/bin.ts', 'migrate']);
    expect(existsSync(repoPath(argv[1]!))).toBe(true);
    expect(readRepoFile('packages', 'cli', 'src', 'program.ts')).toMatch(/command\(\s*'migrate'/);
    expect(migrate.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(migrate.restart).toBe('no');
    expect(serviceEnvironment(migrate)['DATABASE_URL']).toBe(
      serviceEnvironment(service('poller'))['DATABASE_URL'],
    );
  });

  it('sets only settings the CLI reads, and each passes its parser', async () => {
    const shape = await cliEnvShape();
    for (const name of ['migrate', 'mlc']) {
      const environment = serviceEnvironment(service(name));
      expect(Object.keys(environment).filter((key) => !(key in shape))).toEqual([]);
      const subset = Object.fromEntries(Object.entries(shape).filter(([key]) => key in environment));
      expect(() => parsedEnv(subset, environment)).not.toThrow();
    }
  });

  it('offers the operator CLI as a tools-profile service that `up` never starts', () => {
    expect(service('mlc').profiles).toEqual(['tools']);
    expect(argvOf('mlc')).toEqual(['node', 'packages/cli/src/bin.ts', '--help']);
  });
});

describe('simulators profile', () => {
  const simulators = service('simulators');

  it('runs `pnpm sim` on all interfaces, only under the simulators profile', () => {
    expect(simulators.profiles).toEqual(['simulators']);
    const argv = argvOf('simulators');
    expect(argv.slice(0, 2)).toEqual(['node', 'packages/simulators/src/bin/sim.ts']);
    expect(argv.join(' ')).toContain('--host 0.0.0.0');
    expect(readRepoFile('package.json')).toContain('"sim": "node packages/simulators/src/bin/sim.ts"');
  });

  it('probes the health endpoint of both simulators on the ports they are given', () => {
    const argv = argvOf('simulators');
    const flag = (name: string) => argv[argv.indexOf(name) + 1];
    expect(healthcheckArgv(simulators)).toEqual([
      'node',
      'infra/healthcheck.ts',
      `http://127.0.0.1:${flag('--procurify-port')}/_sim/health`,
      `http://127.0.0.1:${flag('--oracle-port')}/_sim/health`,
    ]);
    // healthcheck.integration.test.ts runs the same probe against real simulators.
  });
});
