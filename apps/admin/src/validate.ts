import { connectionIdSchema } from '@mlc/connections';
import { z } from 'zod';
import { HttpError, validationDetails } from './http-error.ts';

/**
 * Parses one part of a request with its zod schema; a mismatch is a 400 VALIDATION_FAILED that
 * names the part and every problem in it.
 */
export function parse<S extends z.ZodType>(
  part: 'params' | 'query' | 'body',
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value ?? (part === 'body' ? {} : value));
  if (result.success) return result.data;
  const details = validationDetails(result.error).map((problem) => ({
    ...problem,
    path: problem.path ? `${part}.${problem.path}` : part,
  }));
  throw new HttpError(
    400,
    'VALIDATION_FAILED',
    `Invalid ${part}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    { details },
  );
}

export const connectionParams = z.object({ id: connectionIdSchema });

/** `a,b` or repeated `?x=a&x=b`, as a list of allowed values. */
export function listParam<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((raw) =>
      (Array.isArray(raw) ? raw : [raw])
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));
}

/** A date (`2026-03-01`, midnight UTC) or a date-time with offset. */
export const dateParam = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value));

export const limitParam = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** `x?: T | undefined` (zod's optional output) as `x?: T`, the shape exactOptionalPropertyTypes wants. */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops the keys whose value is undefined. */
export function defined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Defined<T>;
}
