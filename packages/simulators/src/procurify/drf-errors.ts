import type { z } from 'zod';

/** Nested `{"field": ["message"]}` (lists index by position: `{"email": {"0": [...]}}`), as DRF answers a 400. */
export interface DrfErrors {
  [field: string]: string[] | DrfErrors;
}

export const notFoundBody = { detail: 'Not found.' };
export const invalidPageBody = { detail: 'Invalid page.' };

/** The Python type name DRF's messages use for a JSON value. */
function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return 'dict';
}

/** A JSON value as Python would print it inside a message. */
function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const expectedTypeMessages: Record<string, string> = {
  string: 'Not a valid string.',
  int: 'A valid integer is required.',
  number: 'A valid integer is required.',
  boolean: 'Must be a valid boolean.',
};

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** DRF's wording for the first problem zod found with a field. */
function messageFor(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value') {
    if (input === undefined) return 'This field is required.';
    if (input === null) return 'This field may not be null.';
  }
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'array') return `Expected a list of items but got type "${pythonType(input)}".`;
    return (
      expectedTypeMessages[issue.expected] ??
      `Invalid data. Expected a dictionary, but got ${pythonType(input)}.`
    );
  }
  if (issue.code === 'invalid_union' || issue.code === 'invalid_value')
    return `"${display(input)}" is not a valid choice.`;
  if (issue.code === 'too_big')
    return issue.origin === 'string'
      ? `Ensure this field has no more than ${String(issue.maximum)} characters.`
      : `Ensure this value is less than or equal to ${String(issue.maximum)}.`;
  if (issue.code === 'too_small') {
    if (issue.origin !== 'string')
      return `Ensure this value is greater than or equal to ${String(issue.minimum)}.`;
    return Number(issue.minimum) <= 1
      ? 'This field may not be blank.'
      : `Ensure this field has at least ${String(issue.minimum)} characters.`;
  }
  if (issue.code === 'invalid_format')
    return issue.format === 'email' ? 'Enter a valid email address.' : 'A valid number is required.';
  return issue.message;
}

function setAt(errors: DrfErrors, path: readonly PropertyKey[], message: string): void {
  const [head, ...rest] = path;
  const key = head === undefined ? 'non_field_errors' : String(head);
  if (rest.length === 0) {
    if (!errors[key]) errors[key] = [message];
    return;
  }
  const existing = errors[key];
  if (Array.isArray(existing)) return;
  const nested = existing ?? {};
  errors[key] = nested;
  setAt(nested, rest, message);
}

/**
 * Validates a write body with a schema generated from the spec and reports problems the way
 * DRF does: a 400 body keyed by field, one message per field, unknown fields ignored.
 */
export function parseDrf<T extends z.ZodType>(
  schema: T,
  body: unknown,
): { ok: true; data: z.output<T> } | { ok: false; errors: DrfErrors } {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return {
      ok: false,
      errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`] },
    };
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, data: result.data };
  const errors: DrfErrors = {};
  for (const issue of result.error.issues)
    setAt(errors, issue.path, messageFor(issue, valueAt(body, issue.path)));
  return { ok: false, errors };
}
