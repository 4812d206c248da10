/**
 * `pnpm audit:deps`: the dependency audit (docs/security.md). `pnpm audit` needs the registry's
 * audit endpoint, which some networks refuse (405 behind a GET-only proxy); this script reads the
 * resolved packages from pnpm-lock.yaml itself, asks the npm registry's bulk advisory endpoint
 * about every one of them, and prints the findings by severity, each marked production or
 * development.
 *
 * Production = what the Docker images of the six apps and the `mlc` CLI install: the
 * `dependencies` (and `optionalDependencies`) of apps/* and packages/cli, through workspace links
 * and transitively. Everything else in the lockfile (test, lint, bench, simulators, pnpm itself) is
 * development.
 *
 * Exit codes: 0 no high or critical advisory in production; 1 at least one; 2 the lockfile could
 * not be read; 3 no advisory endpoint answered (nothing was checked).
 *
 * Usage: pnpm audit:deps [--json] [--list] [--registry=https://registry.npmjs.org]
 * (--list: only print every resolved package with its class, query nothing)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const severities = ['info', 'low', 'moderate', 'high', 'critical'] as const;
type Severity = (typeof severities)[number];

interface Advisory {
  id?: number;
  url?: string;
  title?: string;
  severity?: string;
  vulnerable_versions?: string;
  cwe?: string[];
}

interface Importer {
  dependencies: Map<string, string>;
  devDependencies: Map<string, string>;
  optionalDependencies: Map<string, string>;
}

interface Lockfile {
  importers: Map<string, Importer>;
  /** Snapshot key (`name@version(peers)`) → its dependencies and optional dependencies. */
  snapshots: Map<string, Map<string, string>>;
}

const exitCodes = { clean: 0, vulnerable: 1, unreadable: 2, unreachable: 3 } as const;

function unquote(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith("'") && trimmed.endsWith("'")
    ? trimmed.slice(1, -1).replaceAll("''", "'")
    : trimmed;
}

/** `'name': value` or `name: value` → [name, value] (names may contain '@' and '/', never ': '). */
function keyValue(line: string): [string, string] {
  const text = line.trim();
  if (text.startsWith("'")) {
    const end = text.indexOf("':");
    return [unquote(text.slice(0, end + 1)), text.slice(end + 2).trim()];
  }
  const colon = text.indexOf(':');
  return [text.slice(0, colon), text.slice(colon + 1).trim()];
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The parts of a pnpm v9 lockfile the audit needs. Not a YAML parser: the lockfile is written by
 * pnpm in one fixed block style (two-space indents, one key per line), which this follows.
 */
function parseLockfile(text: string): Lockfile {
  const importers = new Map<string, Importer>();
  const snapshots = new Map<string, Map<string, string>>();
  let section = '';
  let importer: Importer | undefined;
  let group: Map<string, string> | undefined;
  let dependency = '';
  let snapshot: Map<string, string> | undefined;
  let snapshotGroup = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim() === '---') continue;
    const indent = indentOf(line);
    if (indent === 0) {
      section = line.replace(/:.*$/, '');
      continue;
    }
    if (section === 'importers') {
      if (indent === 2) {
        importer = { dependencies: new Map(), devDependencies: new Map(), optionalDependencies: new Map() };
        importers.set(unquote(line.trim().replace(/:( \{\})?$/, '')), importer);
      } else if (indent === 4 && importer) {
        const name = line.trim().replace(/:$/, '');
        group =
          name === 'dependencies' || name === 'devDependencies' || name === 'optionalDependencies'
            ? importer[name]
            : undefined;
      } else if (indent === 6) {
        dependency = unquote(line.trim().replace(/:$/, ''));
      } else if (indent === 8 && group) {
        const [key, value] = keyValue(line);
        if (key === 'version') group.set(dependency, unquote(value));
      }
    } else if (section === 'snapshots') {
      if (indent === 2) {
        snapshot = new Map();
        snapshots.set(unquote(line.trim().replace(/:( \{\})?$/, '')), snapshot);
      } else if (indent === 4) {
        snapshotGroup = line.trim().replace(/:.*$/, '');
      } else if (
        indent === 6 &&
        snapshot &&
        (snapshotGroup === 'dependencies' || snapshotGroup === 'optionalDependencies')
      ) {
        const [name, version] = keyValue(line);
        snapshot.set(unquote(name), unquote(version));
      }
    }
  }
  return { importers, snapshots };
}

/** `name@1.2.3(peer@4)` → { name, version: '1.2.3' }. */
function packageOf(snapshotKey: string): { name: string; version: string } {
  const bare = snapshotKey.replace(/\(.*$/, '');
  const at = bare.lastIndexOf('@');
  return { name: bare.slice(0, at), version: bare.slice(at + 1) };
}

/** The snapshot key a dependency entry points at: `link:` (a workspace package) gives undefined. */
function snapshotKeyOf(name: string, version: string): string | undefined {
  if (version.startsWith('link:') || version.startsWith('file:')) return undefined;
  // An alias (`string-width-cjs: string-width@4.2.3`) names its real package.
  // A version starts with a digit; peers in parentheses may contain '@'.
  return /^(@[^@/(]+\/)?[^@/(\d][^@/(]*@/.test(version) ? version : `${name}@${version}`;
}

/** `name@version` of every package reachable from the production importers. */
function productionPackages(lock: Lockfile, roots: readonly string[]): Set<string> {
  const found = new Set<string>();
  const seenImporters = new Set<string>();
  const seenSnapshots = new Set<string>();
  const visitSnapshot = (key: string) => {
    if (seenSnapshots.has(key)) return;
    seenSnapshots.add(key);
    const { name, version } = packageOf(key);
    found.add(`${name}@${version}`);
    for (const [depName, depVersion] of lock.snapshots.get(key) ?? []) {
      const next = snapshotKeyOf(depName, depVersion);
      if (next) visitSnapshot(next);
    }
  };
  const visitImporter = (path: string) => {
    if (seenImporters.has(path)) return;
    seenImporters.add(path);
    const importer = lock.importers.get(path);
    if (!importer) return;
    for (const [name, version] of [...importer.dependencies, ...importer.optionalDependencies]) {
      if (version.startsWith('link:')) visitImporter(join(path, version.slice('link:'.length)));
      else {
        const key = snapshotKeyOf(name, version);
        if (key) visitSnapshot(key);
      }
    }
  };
  for (const root of roots) visitImporter(root);
  return found;
}

function severityOf(advisory: Advisory): Severity {
  return (severities as readonly string[]).includes(advisory.severity ?? '')
    ? (advisory.severity as Severity)
    : 'info';
}

type Outcome =
  { reachable: true; advisories: Record<string, Advisory[]> } | { reachable: false; reason: string };

/** POSTs {name: [versions]} in chunks; any failing chunk means nothing can be claimed. */
async function queryAdvisories(registry: string, versions: Map<string, Set<string>>): Promise<Outcome> {
  const url = `${registry.replace(/\/$/, '')}/-/npm/v1/security/advisories/bulk`;
  const names = [...versions.keys()];
  const advisories: Record<string, Advisory[]> = {};
  for (let start = 0; start < names.length; start += 250) {
    const body = Object.fromEntries(
      names.slice(start, start + 250).map((name) => [name, [...versions.get(name)!]]),
    );
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return {
        reachable: false,
        reason: `POST ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (!response.ok) {
      const allow = response.headers.get('allow');
      return {
        reachable: false,
        reason: `POST ${url} answered ${response.status}${allow ? ` (allow: ${allow})` : ''}`,
      };
    }
    Object.assign(advisories, (await response.json()) as Record<string, Advisory[]>);
  }
  return { reachable: true, advisories };
}

function write(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const isJson = args.includes('--json');
  const registry =
    args.find((arg) => arg.startsWith('--registry='))?.slice('--registry='.length) ??
    'https://registry.npmjs.org';
  const root = join(import.meta.dirname, '..');

  let text: string;
  try {
    text = readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
  } catch (error) {
    process.stderr.write(`audit:deps: cannot read pnpm-lock.yaml: ${String(error)}\n`);
    return exitCodes.unreadable;
  }
  const lock = parseLockfile(text);
  const productionRoots = [...lock.importers.keys()].filter(
    (path) => path.startsWith('apps/') || path === 'packages/cli',
  );
  if (productionRoots.length === 0 || lock.snapshots.size === 0) {
    process.stderr.write('audit:deps: found no importers or snapshots in pnpm-lock.yaml\n');
    return exitCodes.unreadable;
  }
  const production = productionPackages(lock, productionRoots);
  const all = new Set(
    [...lock.snapshots.keys()].map((key) => {
      const { name, version } = packageOf(key);
      return `${name}@${version}`;
    }),
  );
  const versions = new Map<string, Set<string>>();
  for (const id of all) {
    const { name, version } = packageOf(id);
    versions.set(name, (versions.get(name) ?? new Set()).add(version));
  }
  const counts = { packages: all.size, production: production.size, development: all.size - production.size };
  const date = new Date().toISOString();

  if (args.includes('--list')) {
    for (const id of [...all].sort()) write(`${id} ${production.has(id) ? 'production' : 'development'}`);
    return exitCodes.clean;
  }

  const outcome = await queryAdvisories(registry, versions);
  if (!outcome.reachable) {
    if (isJson)
      write(JSON.stringify({ date, registry, ...counts, checked: false, reason: outcome.reason }, null, 2));
    else {
      write(`audit:deps ${date}: NOT CHECKED — no advisory endpoint answered.`);
      write(`  ${outcome.reason}`);
      write(
        `  ${counts.packages} resolved packages (${counts.production} production, ${counts.development} development) were not checked.`,
      );
    }
    return exitCodes.unreachable;
  }

  const findings = Object.entries(outcome.advisories).flatMap(([name, list]) =>
    list.map((advisory) => {
      const installed = [...(versions.get(name) ?? [])];
      const isProduction = installed.some((version) => production.has(`${name}@${version}`));
      return { name, installed, isProduction, severity: severityOf(advisory), advisory };
    }),
  );
  findings.sort(
    (a, b) => severities.indexOf(b.severity) - severities.indexOf(a.severity) || a.name.localeCompare(b.name),
  );
  const blocking = findings.filter(
    (finding) => finding.isProduction && (finding.severity === 'high' || finding.severity === 'critical'),
  );
  if (isJson) {
    write(JSON.stringify({ date, registry, ...counts, checked: true, findings }, null, 2));
  } else {
    write(
      `audit:deps ${date}: ${counts.packages} resolved packages (${counts.production} production, ${counts.development} development) checked against ${registry}`,
    );
    for (const severity of severities.toReversed()) {
      const these = findings.filter((finding) => finding.severity === severity);
      if (these.length === 0) continue;
      write();
      write(`${severity.toUpperCase()} (${these.length})`);
      for (const { name, installed, isProduction, advisory } of these)
        write(
          `  ${name}@${installed.join(', ')} [${isProduction ? 'production' : 'development'}] ${advisory.title ?? ''} — vulnerable ${advisory.vulnerable_versions ?? '?'} ${advisory.url ?? ''}`,
        );
    }
    write();
    write(
      findings.length === 0
        ? 'No advisories.'
        : `${findings.length} advisories; ${blocking.length} high or critical in production dependencies.`,
    );
  }
  return blocking.length > 0 ? exitCodes.vulnerable : exitCodes.clean;
}

process.exitCode = await main();
