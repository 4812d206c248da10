import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type { WorkspacePackage } from './repo.ts';

export interface ImportProblem {
  /** Repository-relative file that holds the import. */
  file: string;
  specifier: string;
  problem: string;
}

export interface RuntimeImports {
  /** Every source file Node loads from the entry on (repository-relative). */
  files: string[];
  /** Workspace packages those files belong to. */
  packages: string[];
  problems: ImportProblem[];
}

// Import forms that survive type stripping. `import type …` / `export type … from` are erased, so
// they are skipped; `import { type A, b }` still loads its module, so it counts.
const staticImport = /^[ \t]*(?:import|export)\s+(?!type\s)[\w$*{},\s]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const sideEffectImport = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const dynamicImport = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
// Comments that start a line: JSDoc and `//` lines may quote import statements.
const leadingComments = /^[ \t]*\/\*[\s\S]*?\*\/|^[ \t]*\/\/.*$/gm;

export function importSpecifiers(source: string): string[] {
  const code = source.replaceAll(leadingComments, '');
  return [staticImport, sideEffectImport, dynamicImport].flatMap((pattern) =>
    [...code.matchAll(pattern)].flatMap((match) => (match[1] === undefined ? [] : [match[1]])),
  );
}

const packageNameOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

function exportTarget(pkg: WorkspacePackage, subpath: string): string | undefined {
  const exports = pkg.manifest.exports;
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  const target = exports?.[subpath] as unknown;
  if (typeof target === 'string') return target;
  if (target && typeof target === 'object') {
    const conditions = target as Record<string, unknown>;
    const chosen = conditions['import'] ?? conditions['node'] ?? conditions['default'];
    return typeof chosen === 'string' ? chosen : undefined;
  }
  return undefined;
}

/**
 * Follows every import Node would load from `entry` (relative files, and workspace packages
 * through their `exports`) and reports each bare import that the importing package does not list
 * in `dependencies` or `peerDependencies`: an image installs production dependencies only, so
 * such an import fails there with ERR_MODULE_NOT_FOUND although it works in the workspace.
 */
export function traceRuntimeImports(
  root: string,
  entry: string,
  packages: Map<string, WorkspacePackage>,
): RuntimeImports {
  const owners = [...packages.values()].sort((a, b) => b.dir.length - a.dir.length);
  const ownerOf = (file: string) => owners.find((pkg) => file.startsWith(`${pkg.dir}/`));
  const files = new Set<string>();
  const packagesSeen = new Set<string>();
  const problems: ImportProblem[] = [];
  const queue = [entry];

  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (files.has(file)) continue;
    files.add(file);
    const owner = ownerOf(file);
    if (owner) packagesSeen.add(owner.name);
    if (!/\.(?:ts|mts|js|mjs)$/.test(file)) continue;
    const absolute = join(root, file);
    if (!existsSync(absolute)) {
      problems.push({ file, specifier: file, problem: 'file does not exist' });
      continue;
    }
    for (const specifier of importSpecifiers(readFileSync(absolute, 'utf8'))) {
      if (isBuiltin(specifier)) continue;
      if (specifier.startsWith('.')) {
        const target = relative(root, join(dirname(absolute), specifier));
        if (existsSync(join(root, target))) queue.push(target);
        else problems.push({ file, specifier, problem: 'relative import of a missing file' });
        continue;
      }
      const name = packageNameOf(specifier);
      const manifest = owner?.manifest;
      const declared = { ...manifest?.dependencies, ...manifest?.peerDependencies };
      if (!(name in declared)) {
        problems.push({
          file,
          specifier,
          problem: `${name} is not in ${owner?.name ?? 'its package'}'s dependencies${
            manifest?.devDependencies?.[name] === undefined ? '' : ' (only in devDependencies)'
          }`,
        });
        continue;
      }
      const workspacePackage = packages.get(name);
      if (!workspacePackage) continue;
      const subpath = `.${specifier.slice(name.length)}`;
      const target = exportTarget(workspacePackage, subpath);
      if (target === undefined) {
        problems.push({ file, specifier, problem: `${name} does not export "${subpath}"` });
      } else {
        queue.push(join(workspacePackage.dir, target));
      }
    }
  }
  return { files: [...files].sort(), packages: [...packagesSeen].sort(), problems };
}
