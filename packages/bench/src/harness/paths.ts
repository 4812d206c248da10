import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

/** Where runs leave their logs and raw results (git-ignored). */
export function benchDir(...parts: string[]): string {
  const dir = join(repoRoot, '.bench', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
