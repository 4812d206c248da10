import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ajvFormats from 'ajv-formats';
import { OpenAPIBackend, type Document } from 'openapi-backend';
import { parse } from 'yaml';

/** Procurify's official OpenAPI description, as copied into this package (see spec/SOURCE.md). */
export const specPath = join(import.meta.dirname, '..', 'spec', 'openapi.yml');

export interface SpecRequest {
  method: string;
  /** Path with its query string or without it (then pass `query`). */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

export interface SpecCheck {
  /** The spec's operationId for the request, or undefined when the spec has no such operation. */
  operationId: string | undefined;
  /** One readable line per violation; empty when the request or response agrees with the spec. */
  errors: string[];
}

export interface SpecValidator {
  validateRequest(request: SpecRequest): SpecCheck;
  validateResponse(request: Pick<SpecRequest, 'method' | 'path'>, status: number, body: unknown): SpecCheck;
}

export interface SpecValidatorOptions {
  /**
   * Treat every object schema without an explicit `additionalProperties` as closed, so a
   * response carrying a field the spec does not define fails. For checking our simulator,
   * which must never invent fields; a real tenant may add fields, and the client tolerates them.
   */
  closedObjects?: boolean;
}

function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema['type'] === 'object' && schema['properties'] && schema['additionalProperties'] === undefined) {
    schema['additionalProperties'] = false;
  }
  for (const value of Object.values(schema)) closeObjects(value);
}

/**
 * The spec mixes OpenAPI 3.0's boolean `exclusiveMaximum` (with `maximum`) and JSON Schema's
 * numeric form. Ajv compiles the numeric form, so booleans are rewritten to it; the bounds
 * themselves are unchanged.
 */
function normalizeExclusiveBounds(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) normalizeExclusiveBounds(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  for (const [exclusive, inclusive] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    const flag = schema[exclusive];
    if (typeof flag === 'boolean') {
      if (flag && typeof schema[inclusive] === 'number') {
        schema[exclusive] = schema[inclusive];
        delete schema[inclusive];
      } else {
        delete schema[exclusive];
      }
    }
  }
  for (const value of Object.values(schema)) normalizeExclusiveBounds(value);
}

/**
 * The spec declares a required path parameter `vendor_group` on `/api/v3/vendors/`, a path with
 * no placeholder for it: no request could satisfy it. Path parameters missing from their
 * template are dropped (the only such case is that one).
 */
function dropImpossiblePathParameters(definition: Document): void {
  for (const [template, item] of Object.entries(definition.paths ?? {})) {
    if (!item) continue;
    const operations = Object.values(item as Record<string, unknown>).filter(
      (value): value is { parameters?: { in?: string; name?: string }[] } =>
        typeof value === 'object' && value !== null,
    );
    for (const operation of [item as { parameters?: { in?: string; name?: string }[] }, ...operations]) {
      if (!Array.isArray(operation.parameters)) continue;
      operation.parameters = operation.parameters.filter(
        (parameter) => parameter.in !== 'path' || template.includes(`{${parameter.name ?? ''}}`),
      );
    }
  }
}

function splitPath(path: string, query: SpecRequest['query']): { path: string; query: SpecRequest['query'] } {
  const [pathname = path, search] = path.split('?', 2);
  if (!search) return { path: pathname, query };
  const fromSearch: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = fromSearch[key];
    fromSearch[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { path: pathname, query: { ...fromSearch, ...query } };
}

/** Validates requests and responses against Procurify's official OpenAPI description. */
export async function createSpecValidator(options: SpecValidatorOptions = {}): Promise<SpecValidator> {
  const definition = parse(await readFile(specPath, 'utf8')) as Document;
  normalizeExclusiveBounds(definition);
  dropImpossiblePathParameters(definition);
  if (options.closedObjects) closeObjects(definition);
  const api = new OpenAPIBackend({
    definition,
    // The published file does not pass OpenAPI 3.0's meta-schema (numeric exclusive bounds), so
    // the definition itself is not validated; requests and responses are, against its schemas.
    quick: true,
    validate: true,
    // Procurify's paths end with '/', and so must the requests.
    ignoreTrailingSlashes: false,
    ajvOpts: { allErrors: true, strict: false },
    customizeAjv: (ajv) => {
      // ajv-formats is CommonJS: the default import is module.exports, whose `.default` is the plugin.
      ajvFormats.default(ajv);
      // DRF's DecimalField: a decimal number as a string ("50.00000000").
      ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
      return ajv;
    },
  });
  await api.init();

  const format = (
    errors: { instancePath?: string; message?: string; params?: unknown }[] | null | undefined,
  ) =>
    (errors ?? []).map(
      (error) =>
        `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params ?? {})}`,
    );

  return {
    validateRequest(request) {
      const { path, query } = splitPath(request.path, request.query);
      const normalized = {
        method: request.method.toLowerCase(),
        path,
        query: query ?? {},
        headers: Object.fromEntries(
          Object.entries(request.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value ?? '']),
        ),
        body: request.body,
      };
      const operation = api.matchOperation(normalized);
      if (!operation)
        return { operationId: undefined, errors: [`no operation ${request.method} ${path} in the spec`] };
      const result = api.validateRequest(normalized, operation);
      return { operationId: operation.operationId, errors: format(result.errors) };
    },
    validateResponse(request, status, body) {
      const { path } = splitPath(request.path, undefined);
      const operation = api.matchOperation({ method: request.method.toLowerCase(), path, headers: {} });
      if (!operation)
        return { operationId: undefined, errors: [`no operation ${request.method} ${path} in the spec`] };
      const result = api.validateResponse(body, operation, status);
      return { operationId: operation.operationId, errors: format(result.errors) };
    },
  };
}
