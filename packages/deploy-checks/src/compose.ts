import { parse } from 'yaml';
import { readRepoFile } from './repo.ts';

/** The parts of a compose service these checks read (the JSON schema checks the rest). */
export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; target?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: unknown[];
  expose?: unknown[];
  container_name?: string;
  profiles?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  restart?: string;
  init?: boolean;
  stop_grace_period?: string;
  volumes?: unknown[];
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string } } };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const composeText = (): string => readRepoFile('docker-compose.yml');

/** YAML as Compose reads it: anchors, aliases and `<<` merge keys resolved. */
export function parseComposeYaml(text: string): unknown {
  return parse(text, { merge: true });
}

export class InterpolationError extends Error {
  override name = 'InterpolationError';
}

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Compose's variable interpolation (compose-spec "Interpolation"): `$$`, `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
 * `${VAR+alt}`; defaults and alternatives may nest further expressions. A `:?` / `?` on a missing
 * variable throws with Compose's message, as `docker compose` refuses to start.
 */
export function interpolateString(text: string, env: Readonly<Record<string, string | undefined>>): string {
  let out = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char !== '$') {
      out += char;
      index += 1;
      continue;
    }
    const next = text[index + 1];
    if (next === '$') {
      out += '$';
      index += 2;
    } else if (next === '{') {
      let depth = 1;
      let end = index + 2;
      for (; end < text.length && depth > 0; end += 1) {
        if (text[end] === '{') depth += 1;
        else if (text[end] === '}') depth -= 1;
      }
      if (depth !== 0) throw new InterpolationError(`unterminated \${ in "${text}"`);
      out += expand(text.slice(index + 2, end - 1), env);
      index = end;
    } else {
      const name = namePattern.exec(text.slice(index + 1))?.[0];
      if (name === undefined) {
        out += '$';
        index += 1;
      } else {
        out += env[name] ?? '';
        index += 1 + name.length;
      }
    }
  }
  return out;
}

function expand(expression: string, env: Readonly<Record<string, string | undefined>>): string {
  const name = namePattern.exec(expression)?.[0];
  if (name === undefined) throw new InterpolationError(`invalid interpolation "\${${expression}}"`);
  const rest = expression.slice(name.length);
  const value = env[name];
  const isSet = value !== undefined;
  const isSetAndNonEmpty = isSet && value !== '';
  if (rest === '') return value ?? '';
  const operator = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (operator === undefined) throw new InterpolationError(`invalid interpolation "\${${expression}}"`);
  const argument = rest.slice(operator.length);
  switch (operator) {
    case ':-':
      return isSetAndNonEmpty ? value : interpolateString(argument, env);
    case '-':
      return isSet ? value : interpolateString(argument, env);
    case ':?':
    case '?':
      if (operator === ':?' ? isSetAndNonEmpty : isSet) return value ?? '';
      throw new InterpolationError(`required variable ${name} is missing a value: ${argument}`);
    case ':+':
      return isSetAndNonEmpty ? interpolateString(argument, env) : '';
    default:
      return isSet ? interpolateString(argument, env) : '';
  }
}

/** Interpolates every string value (not keys) of a parsed compose document. */
export function interpolate(value: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') return interpolateString(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolate(item, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, env)]));
  }
  return value;
}

/** Names of the variables the compose text interpolates (`$$` escapes are not variables). */
export function interpolatedVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name] of text.replaceAll('$$', '').matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (name !== undefined) names.add(name);
  }
  return names;
}

/** `docker compose` after interpolation with `env` (the project's .env). */
export function loadCompose(env: Readonly<Record<string, string | undefined>>): ComposeFile {
  return interpolate(parseComposeYaml(composeText()), env) as ComposeFile;
}

/** A service's environment as the container sees it: strings; `KEY:` without value is unset. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  const entries: [string, string][] = Array.isArray(environment)
    ? environment
        .filter((item) => item.includes('='))
        .map((item) => {
          const at = item.indexOf('=');
          return [item.slice(0, at), item.slice(at + 1)];
        })
    : Object.entries(environment).flatMap(([key, value]) => (value === null ? [] : [[key, String(value)]]));
  return Object.fromEntries(entries);
}

/** Compose durations (`1m30s`, `20s`, `500ms`) in milliseconds. */
export function durationMs(duration: string): number {
  const units = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== duration) {
    throw new Error(`not a compose duration: "${duration}"`);
  }
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * units[unit as keyof typeof units],
    0,
  );
}

const asArgv = (value: string[] | string | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : value.split(/\s+/).filter(Boolean);

/**
 * The argv a service's container runs, as Docker decides it: compose `entrypoint` replaces the
 * image's ENTRYPOINT and then drops the image's CMD; compose `command` replaces CMD.
 */
export function effectiveArgv(
  service: ComposeService,
  image: { entrypoint: string[]; cmd: string[] },
): string[] {
  const entrypoint = asArgv(service.entrypoint);
  const command = asArgv(service.command);
  if (entrypoint !== undefined) return [...entrypoint, ...(command ?? [])];
  return [...image.entrypoint, ...(command ?? image.cmd)];
}

/** Argv of a healthcheck `test` (`CMD` form only; `CMD-SHELL` returns undefined). */
export function healthcheckArgv(service: ComposeService): string[] | undefined {
  const test = service.healthcheck?.test;
  if (!Array.isArray(test) || test[0] !== 'CMD') return undefined;
  return test.slice(1);
}
