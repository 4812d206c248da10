#!/usr/bin/env node
// `node packages/bench/src/bin/profile-summary.ts DIR [TOP]`: where the CPU went, from the V8
// profiles a run with BENCH_CPU_PROFILE=1 left in DIR (.bench/profiles/<run>/): self time by
// package and by function, per profile (one profile per app process).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: profile-summary.ts DIR [TOP]');
  process.exit(2);
}
const top = Number(topArg ?? 15);

/** "pkg" for node_modules/<pkg>, "@mlc/<x>" for workspace code, "node:<module>" for Node's own. */
function packageOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  if (url.includes('/node_modules/')) {
    const tail = url.slice(url.lastIndexOf('/node_modules/') + '/node_modules/'.length);
    const parts = tail.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (workspace) return workspace[1] === 'apps' ? `app ${workspace[2]}` : `@mlc/${workspace[2]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[1] ?? url.slice(5)}`;
  return url;
}

for (const file of readdirSync(dir)
  .filter((name) => name.endsWith('.cpuprofile'))
  .toSorted()) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    total += micros;
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    const where = `${node.callFrame.functionName || '(anonymous)'} ${pkg}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + micros);
  });
  const list = (map: Map<string, number>) =>
    [...map.entries()]
      .toSorted((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `  ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  console.log(
    `\n== ${file}: ${(total / 1e6).toFixed(1)} s on CPU\nby package:\n${list(byPackage)}\nby function:\n${list(byFunction)}`,
  );
}
