import { repoPath } from './repo.ts';

/** One zod field of an env shape (typed structurally: this package does not depend on zod). */
export interface EnvField {
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

export type EnvShape = Record<string, EnvField>;

/**
 * Shapes handed to @mlc/config's parseEnvOrExit / parseEnv, by app name. A test mocks those two
 * functions with `recordEnvShape` (see settings.test.ts), so importing an app's env.ts yields the
 * exact zod shape the app parses at boot — no text parsing, nothing to rot.
 */
const recorded = new Map<string, EnvShape[]>();

export function recordEnvShape(appName: string, shape: EnvShape): void {
  recorded.set(appName, [...(recorded.get(appName) ?? []), shape]);
}

/** The settings an app declares: its env.ts imported with the recording mock in place. */
export async function appEnvShape(app: string): Promise<EnvShape> {
  await import(repoPath('apps', app, 'src', 'env.ts'));
  const shapes = recorded.get(app);
  if (!shapes) throw new Error(`apps/${app}/src/env.ts did not call parseEnvOrExit('${app}', …)`);
  return Object.assign({}, ...shapes) as EnvShape;
}

/** The CLI's settings: the union of the shapes its `load…Env` functions parse (packages/cli/src/env.ts). */
export async function cliEnvShape(): Promise<EnvShape> {
  const module = (await import(repoPath('packages', 'cli', 'src', 'env.ts'))) as Record<string, unknown>;
  const loaders = Object.entries(module).filter(
    (entry): entry is [string, (source: object) => unknown] =>
      /^load\w*Env$/.test(entry[0]) && typeof entry[1] === 'function',
  );
  if (loaders.length === 0) throw new Error('packages/cli/src/env.ts exports no load…Env function');
  for (const [, load] of loaders) load({});
  return Object.assign({}, ...(recorded.get('mlc') ?? [])) as EnvShape;
}

/** A setting is required when the field rejects "unset" (no default, not optional). */
export const isRequired = (field: EnvField): boolean => !field.safeParse(undefined).success;

/** The value an unset setting takes (its zod default). */
export const defaultValue = (field: EnvField): unknown => field.safeParse(undefined).data;
