import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, whatever the working directory of the test run. */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export const repoPath = (...parts: string[]): string => join(repoRoot, ...parts);

export const readRepoFile = (...parts: string[]): string => readFileSync(repoPath(...parts), 'utf8');

export interface PackageManifest {
  name: string;
  packageManager?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  exports?: string | Record<string, string>;
  bin?: string | Record<string, string>;
}

export interface WorkspacePackage {
  name: string;
  /** Relative to the repository root, e.g. `apps/poller`. */
  dir: string;
  manifest: PackageManifest;
}

/** Every package under apps/ and packages/ (the globs of pnpm-workspace.yaml), by name. */
export function workspacePackages(): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const parent of ['apps', 'packages']) {
    for (const entry of readdirSync(repoPath(parent), { withFileTypes: true })) {
      const dir = `${parent}/${entry.name}`;
      if (!entry.isDirectory() || !existsSync(repoPath(dir, 'package.json'))) continue;
      const manifest = JSON.parse(readRepoFile(dir, 'package.json')) as PackageManifest;
      packages.set(manifest.name, { name: manifest.name, dir, manifest });
    }
  }
  return packages;
}

/** The deployable apps: every directory under apps/ (compose and the Dockerfile must cover each). */
export function appNames(): string[] {
  return [...workspacePackages().values()]
    .filter((pkg) => pkg.dir.startsWith('apps/'))
    .map((pkg) => pkg.dir.slice('apps/'.length))
    .sort();
}

/**
 * The workspace packages `pnpm --filter-prod "<name>..."` selects: the package and, transitively,
 * every workspace package in its `dependencies` (devDependencies ignored), as the images install.
 */
export function productionClosure(name: string, packages = workspacePackages()): WorkspacePackage[] {
  const seen = new Map<string, WorkspacePackage>();
  const visit = (packageName: string) => {
    const pkg = packages.get(packageName);
    if (!pkg || seen.has(packageName)) return;
    seen.set(packageName, pkg);
    for (const [dependency, spec] of Object.entries(pkg.manifest.dependencies ?? {})) {
      if (spec.startsWith('workspace:')) visit(dependency);
    }
  };
  visit(name);
  return [...seen.values()];
}
