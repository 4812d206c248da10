import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { readOptions, renderCollection, renderItem, selectRows } from './collection.ts';
import { badRequest, notFound } from './request-error.ts';
import { type Finder, itemKey, type ResourceDef, type TopResource } from './resource-def.ts';

export const restBase = '/fscmRestApi/resources/11.13.18.05';
export const collectionMediaType = 'application/vnd.oracle.adf.resourcecollection+json';
export const itemMediaType = 'application/vnd.oracle.adf.resourceitem+json';

type Params = Record<string, string>;

/** REST-Framework-Version of the request (default 1). */
export function frameworkVersion(request: FastifyRequest): number {
  const header = request.headers['rest-framework-version'];
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || text.trim() === '') return 1;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1)
    throw badRequest(`The REST framework version ${text} is not supported.`);
  return Number(text);
}

/** The request's URL without the query string, absolute, for `links`. */
export function requestHref(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${request.url.split('?', 1)[0]}`;
}

function sendCollection<Row extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  resource: ResourceDef<Row>,
  rows: readonly Row[],
  finders?: Record<string, Finder<Row>>,
): FastifyReply {
  const options = readOptions(request.query as Record<string, unknown>, frameworkVersion(request), resource);
  const selection = selectRows(resource, rows, options, finders);
  return reply
    .type(collectionMediaType)
    .send(renderCollection(resource, selection, options, requestHref(request)));
}

/** Renders one item with the request's fields/expand/onlyData; `expandAll` for create/update echoes. */
export function sendItem<Row extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  resource: ResourceDef<Row>,
  row: Row,
  options: { status?: number; href?: string; expandAll?: boolean } = {},
): FastifyReply {
  const read = readOptions(request.query as Record<string, unknown>, frameworkVersion(request), resource);
  const rendered = renderItem(
    resource,
    row,
    options.expandAll && !read.fields ? { ...read, expand: 'all' } : read,
    options.href ?? requestHref(request),
  );
  return reply
    .code(options.status ?? 200)
    .type(itemMediaType)
    .send(rendered);
}

/**
 * GET routes for a resource and, recursively, its children: the collection, `/{key}`,
 * `/{key}/child/{name}`, `/{key}/child/{name}/{childKey}`, … Route parameters are named after the
 * key attributes, so request counters read `GET …/invoices/:InvoiceId/child/invoiceLines`.
 */
export function registerReadRoutes(
  app: FastifyInstance,
  hooks: RouteShorthandOptions,
  top: TopResource<object>,
): void {
  const url = `${restBase}/${top.resource.name}`;
  app.get(url, hooks, async (request, reply) =>
    sendCollection(request, reply, top.resource, top.all(), top.finders),
  );
  const param = top.resource.keyAttribute;
  registerItemRoutes(
    app,
    hooks,
    `${url}/:${param}`,
    top.resource,
    (params) => top.byKey(params[param] ?? ''),
    [param],
  );
}

function registerItemRoutes(
  app: FastifyInstance,
  hooks: RouteShorthandOptions,
  url: string,
  resource: ResourceDef<object>,
  resolve: (params: Params) => object | undefined,
  params: string[],
): void {
  const lastParam = params.at(-1) ?? '';
  app.get(url, hooks, async (request, reply) => {
    const values = request.params as Params;
    const row = resolve(values);
    if (!row) throw notFound(resource.name, values[lastParam] ?? '');
    return sendItem(request, reply, resource, row);
  });
  for (const child of resource.children) {
    const childUrl = `${url}/child/${child.resource.name}`;
    app.get(childUrl, hooks, async (request, reply) => {
      const values = request.params as Params;
      const parent = resolve(values);
      if (!parent) throw notFound(resource.name, values[lastParam] ?? '');
      return sendCollection(request, reply, child.resource, child.rows(parent));
    });
    const childParam = child.resource.keyAttribute;
    if (params.includes(childParam))
      throw new Error(`Route parameter ${childParam} is used twice under ${url}`);
    registerItemRoutes(
      app,
      hooks,
      `${childUrl}/:${childParam}`,
      child.resource,
      (values) => {
        const parent = resolve(values);
        return (
          parent && child.rows(parent).find((row) => itemKey(child.resource, row) === values[childParam])
        );
      },
      [...params, childParam],
    );
  }
}
