import { z } from 'zod';

/** Thrown at boot when the environment is invalid; the message lists every problem at once. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(appName: string, problems: string[]) {
    super(
      `Invalid configuration for ${appName} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

/**
 * Parses `source` (normally `process.env`, read only by each app's `env.ts`) against `shape`.
 * Empty strings count as unset so that `FOO=` in an .env file falls back to the default.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  appName: string,
  shape: Shape,
  source: EnvSource,
): z.infer<z.ZodObject<Shape>> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    const given = input[String(issue.path[0])];
    return given === undefined && issue.code === 'invalid_type'
      ? `${key}: required but not set`
      : `${key}: ${issue.message}`;
  });
  throw new ConfigError(appName, problems);
}

/**
 * For an app's env.ts: parse at import, and on a bad configuration print every problem on
 * stderr and exit with 78 (EX_CONFIG) instead of a stack trace.
 */
export function parseEnvOrExit<Shape extends z.ZodRawShape>(
  appName: string,
  shape: Shape,
  source: EnvSource,
): z.infer<z.ZodObject<Shape>> {
  try {
    return parseEnv(appName, shape, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}
