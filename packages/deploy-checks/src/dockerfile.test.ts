import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { dockerfileText, imageConfig, parseDockerfile, runCommands, stageChain } from './dockerfile.ts';
import { appNames, readRepoFile, repoPath, repoRoot, workspacePackages } from './repo.ts';
import { traceRuntimeImports } from './runtime-imports.ts';

// The package is CommonJS (`module.exports = factory`) but its types declare `export default`.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

const text = dockerfileText();
const dockerfile = parseDockerfile(text);
const packages = workspacePackages();

/** Every image target: the apps, the CLI (also the migrate job) and the simulators. */
const targets = [
  ...appNames().map((app) => ({ target: app, dir: `apps/${app}`, entry: `apps/${app}/src/main.ts` })),
  { target: 'cli', dir: 'packages/cli', entry: 'packages/cli/src/bin.ts' },
  { target: 'simulators', dir: 'packages/simulators', entry: 'packages/simulators/src/bin/sim.ts' },
];
const packageNameOf = (dir: string) => [...packages.values()].find((pkg) => pkg.dir === dir)!.name;

describe('infra/Dockerfile', () => {
  it('passes the dockerfile-utils linter', () => {
    const problems = validate(text).map((problem) => ({
      line: problem.range.start.line + 1,
      message: problem.message,
    }));
    expect(problems).toEqual([]);
  });

  it('has a linter that flags a broken Dockerfile (so the pass above means something)', () => {
    const problems = validate('FROM node:24-slim\nCMD ["a"]\nCMD ["b"]\nWORKDIR app\nEXPOSE http\n');
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });

  it('builds on Node 24 slim, at the versions scripts/bootstrap.sh installs', () => {
    const bootstrap = readRepoFile('scripts', 'bootstrap.sh');
    const nodeVersion = /^mlc_node_version=(\S+)$/m.exec(bootstrap)?.[1];
    const pnpmVersion = /^mlc_pnpm_version=(\S+)$/m.exec(bootstrap)?.[1];
    expect(dockerfile.globalArgs['NODE_VERSION']).toBe(nodeVersion);
    expect(nodeVersion).toMatch(/^24\./);
    expect(dockerfile.globalArgs['PNPM_VERSION']).toBe(pnpmVersion);
    const manifest = JSON.parse(readRepoFile('package.json')) as { packageManager: string };
    expect(manifest.packageManager).toBe(`pnpm@${String(pnpmVersion)}`);

    const stageNames = new Set(dockerfile.stages.map((stage) => stage.name));
    const externalBases = dockerfile.stages
      .map((stage) => stage.from)
      .filter((from) => !stageNames.has(from));
    expect(new Set(externalBases)).toEqual(new Set([`node:${String(nodeVersion)}-bookworm-slim`]));
  });

  it('installs from the frozen lockfile, and the store from the lockfile alone', () => {
    const fetched = dockerfile.stages.find((stage) => stage.name === 'fetched')!;
    const copied = fetched.instructions.find((item) => item.keyword === 'COPY')!.args.slice(0, -1);
    expect(copied.sort()).toEqual(['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']);
    expect(runCommands(fetched).join('\n')).toMatch(/pnpm fetch/);
    const script = readRepoFile('infra', 'install-app.sh');
    expect(script).toMatch(/pnpm install --offline --frozen-lockfile --prod --filter-prod "\$selection"/);
  });

  it('keeps infra/healthcheck.ts, which every compose healthcheck runs, in each image', () => {
    expect(existsSync(repoPath('infra', 'healthcheck.ts'))).toBe(true);
    expect(readRepoFile('infra', 'install-app.sh')).toContain(
      'find infra -mindepth 1 ! -name healthcheck.ts',
    );
  });

  it('generates the Prisma client the way turbo does (@mlc/db build)', () => {
    const prisma = dockerfile.stages.find((stage) => stage.name === 'prisma-client')!;
    expect(runCommands(prisma).join('\n')).toContain('pnpm --filter @mlc/db run build');
    const db = packages.get('@mlc/db')!;
    expect(db.manifest).toHaveProperty(['scripts', 'build']);
    expect(readRepoFile('packages', 'db', 'prisma', 'schema.prisma')).toContain(
      'output              = "../src/generated/prisma"',
    );
  });
});

describe.each(targets)('image target $target', ({ target, dir, entry }) => {
  const config = imageConfig(dockerfile, target);
  const chain = stageChain(dockerfile, target);

  it('installs only its own package closure, production dependencies only', () => {
    const build = dockerfile.stages.find((stage) => stage.name === `${target}-build`);
    expect(build, `stage ${target}-build`).toBeDefined();
    expect(runCommands(build!)).toEqual([`sh infra/install-app.sh ${packageNameOf(dir)}`]);
    const copies = chain.at(-1)!.instructions.filter((item) => item.keyword === 'COPY');
    expect(copies.map((item) => [item.flags['from'], ...item.args])).toEqual([
      [`${target}-build`, '/app', '/app'],
    ]);
  });

  it('runs as a non-root user with NODE_ENV=production, without build tools', () => {
    expect(config.user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(config.user);
    expect(config.env['NODE_ENV']).toBe('production');
    expect(chain.map((stage) => stage.name)).toEqual(['runtime', target]);
    expect(config.base).toMatch(/^node:24\.[\d.]+-bookworm-slim$/);
  });

  it('starts node on an entry file that exists, with no entrypoint wrapper', () => {
    expect(config.entrypoint).toBeDefined();
    const argv = [...config.entrypoint!, ...(config.cmd ?? [])];
    expect(argv.slice(0, 2)).toEqual(['node', entry]);
    expect(existsSync(repoPath(entry))).toBe(true);
  });

  it('imports at run time only what its manifests declare as dependencies', () => {
    const trace = traceRuntimeImports(repoRoot, entry, packages);
    expect(trace.problems).toEqual([]);
    expect(trace.packages).toContain(packageNameOf(dir));
  });
});

describe('.dockerignore', () => {
  const matcher = dockerignore().add(
    readRepoFile('.dockerignore')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#')),
  );

  it('keeps host installs, generated code, secrets and history out of the build context', () => {
    const kept = [
      'node_modules/.pnpm/x',
      'apps/poller/node_modules/zod/index.js',
      'packages/db/src/generated/prisma/client.ts',
      '.env',
      'apps/poller/.env',
      '.env.local',
      '.git/HEAD',
      '.tools/node_modules/.bin/node',
      'packages/db/.turbo/turbo-build.log',
    ].filter((path) => !matcher.ignores(path));
    expect(kept).toEqual([]);
  });

  it('sends every source, manifest and script the images build from', () => {
    const sources: string[] = [];
    const walk = (relativeDir: string) => {
      for (const entry of readdirSync(join(repoRoot, relativeDir), { withFileTypes: true })) {
        const path = `${relativeDir}/${entry.name}`;
        if (['node_modules', '.turbo', '.vite'].includes(entry.name) || path === 'packages/db/src/generated')
          continue;
        if (entry.isDirectory()) walk(path);
        else sources.push(path);
      }
    };
    walk('apps');
    walk('packages');
    walk('infra');
    sources.push('package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'apps/poller/.env.example');
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.filter((path) => matcher.ignores(path))).toEqual([]);
  });
});
