import { compileQ, parseInstant, parseQ, QSyntaxError } from './q-language.ts';
import { badRequest } from './request-error.ts';
import { childAtPath, type Finder, type ResourceDef, itemKey } from './resource-def.ts';

export const defaultLimit = 25;
/** "If you specify a value more than 499, only the first 499 records are returned." */
export const maxLimit = 499;

/** What a GET asks for besides the rows: the query parameters of every ADF collection. */
export interface ReadOptions {
  frameworkVersion: number;
  q: string | undefined;
  finder: { name: string; variables: Record<string, string> } | undefined;
  limit: number;
  offset: number;
  totalResults: boolean;
  onlyData: boolean;
  /** `fields=A,B;lines:C` → { '' → [A, B], 'lines' → [C] }. Wins over `expand`. */
  fields: Map<string, string[]> | undefined;
  expand: Set<string> | 'all';
  orderBy: { attribute: string; descending: boolean }[];
}

export interface LinkContext {
  /** Absolute URL of the item or collection being rendered. */
  href: string;
}

type Query = Record<string, unknown>;

function param(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function invalidParam(name: string, value: string, detail?: string) {
  return badRequest(
    `The URL request parameter ${name} with value '${value}' is not valid.${detail ? ` ${detail}` : ''}`,
  );
}

function integerParam(query: Query, name: string, fallback: number, min: number): number {
  const text = param(query, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min) throw invalidParam(name, text);
  return Number(text);
}

/** Parses and checks the query parameters against the resource (unknown attributes → 400). */
export function readOptions(
  query: Query,
  frameworkVersion: number,
  resource: ResourceDef<object>,
): ReadOptions {
  const finderText = param(query, 'finder');
  let finder: ReadOptions['finder'];
  if (finderText !== undefined) {
    const [name = '', variableText = ''] = finderText.split(/;(.*)/s);
    const variables: Record<string, string> = {};
    for (const pair of variableText.split(',').filter(Boolean)) {
      const separator = pair.indexOf('=');
      if (separator < 1) throw invalidParam('finder', finderText);
      variables[pair.slice(0, separator).trim()] = pair.slice(separator + 1);
    }
    finder = { name: name.trim(), variables };
  }

  const fieldsText = param(query, 'fields');
  let fields: ReadOptions['fields'];
  if (fieldsText !== undefined) {
    fields = new Map();
    fieldsText.split(';').forEach((clause, index) => {
      const colon = clause.indexOf(':');
      const path = index === 0 && colon < 0 ? '' : clause.slice(0, colon).trim();
      const names = (colon < 0 && index === 0 ? clause : clause.slice(colon + 1))
        .split(',')
        .map((n) => n.trim());
      const target = path === '' ? resource : childAtPath(resource, path);
      if (!target || (index > 0 && colon < 0))
        throw invalidParam('fields', fieldsText, `Unknown child '${path || clause}'.`);
      const known = new Set(target.attributeNames);
      const unknown = names.filter((name) => name !== '' && !known.has(name));
      if (unknown.length > 0)
        throw invalidParam('fields', fieldsText, `Unknown attribute ${unknown.join(', ')}.`);
      fields?.set(path, names.filter(Boolean));
    });
  }

  const expandText = param(query, 'expand');
  let expand: ReadOptions['expand'] = new Set();
  if (expandText !== undefined && expandText.trim().toLowerCase() === 'all') expand = 'all';
  else if (expandText !== undefined) {
    for (const path of expandText
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (!childAtPath(resource, path)) throw invalidParam('expand', expandText, `Unknown child '${path}'.`);
      expand.add(path);
    }
  }

  const orderByText = param(query, 'orderBy');
  const orderBy: ReadOptions['orderBy'] = [];
  for (const clause of (orderByText ?? '').split(',').filter(Boolean)) {
    const [attribute = '', direction = 'asc'] = clause.split(':').map((part) => part.trim());
    if (!resource.attributeNames.includes(attribute) || !/^(asc|desc)$/i.test(direction))
      throw invalidParam('orderBy', orderByText ?? '');
    orderBy.push({ attribute, descending: direction.toLowerCase() === 'desc' });
  }

  return {
    frameworkVersion,
    q: param(query, 'q'),
    finder,
    limit: Math.min(integerParam(query, 'limit', defaultLimit, 1), maxLimit),
    offset: integerParam(query, 'offset', 0, 0),
    totalResults: param(query, 'totalResults') === 'true',
    onlyData: param(query, 'onlyData') === 'true',
    fields,
    expand,
    orderBy,
  };
}

/** The rows a collection GET returns: finder and q applied, ordered, one page, and the total. */
export function selectRows<Row>(
  resource: ResourceDef<Row>,
  rows: readonly Row[],
  options: ReadOptions,
  finders: Record<string, Finder<Row>> = {},
): { page: Row[]; total: number } {
  const predicates: ((row: Row) => boolean)[] = [];
  if (options.finder) {
    const { name, variables } = options.finder;
    if (name === 'PrimaryKey') {
      const entries = Object.entries(variables);
      if (entries.some(([attribute]) => !resource.attributeNames.includes(attribute)))
        throw badRequest(`The finder PrimaryKey of ${resource.name} has no such variable.`);
      predicates.push((row) => {
        const attributes = resource.attributes(row);
        return entries.every(([attribute, value]) => String(attributes[attribute]) === value);
      });
    } else {
      const finder = finders[name];
      if (!finder) throw badRequest(`The finder ${name} is not defined for the resource ${resource.name}.`);
      predicates.push(finder(variables));
    }
  }
  if (options.q !== undefined && options.q.trim() !== '') {
    try {
      const test = compileQ(parseQ(options.q, options.frameworkVersion), new Set(resource.attributeNames));
      predicates.push((row) => test(resource.attributes(row)));
    } catch (error) {
      if (error instanceof QSyntaxError) throw invalidParam('q', options.q, error.message);
      throw error;
    }
  }
  let selected = predicates.length === 0 ? rows : rows.filter((row) => predicates.every((test) => test(row)));
  if (options.orderBy.length > 0) selected = sortRows(resource, selected, options.orderBy);
  return { page: selected.slice(options.offset, options.offset + options.limit), total: selected.length };
}

type SortKey = number | string | null;

function sortKey(value: unknown): SortKey {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (/^\d{4}-\d{2}-\d{2}/.test(text) ? parseInstant(text) : undefined) ?? text;
}

function sortRows<Row>(
  resource: ResourceDef<Row>,
  rows: readonly Row[],
  orderBy: ReadOptions['orderBy'],
): Row[] {
  const keyed = rows.map((row) => {
    const attributes = resource.attributes(row);
    return { row, keys: orderBy.map(({ attribute }) => sortKey(attributes[attribute])) };
  });
  keyed.sort((a, b) => {
    for (const [index, { descending }] of orderBy.entries()) {
      const left = a.keys[index] ?? null;
      const right = b.keys[index] ?? null;
      if (left === right) continue;
      // Oracle's defaults: NULLS LAST ascending, NULLS FIRST descending.
      if (left === null) return descending ? -1 : 1;
      if (right === null) return descending ? 1 : -1;
      const order =
        typeof left === typeof right ? (left < right ? -1 : 1) : typeof left === 'number' ? -1 : 1;
      return descending ? -order : order;
    }
    return 0;
  });
  return keyed.map(({ row }) => row);
}

function isIncluded(options: ReadOptions, path: string): boolean {
  const wanted = options.fields
    ? [...options.fields.keys()]
    : options.expand === 'all'
      ? 'all'
      : [...options.expand];
  if (wanted === 'all') return true;
  return wanted.some((candidate) => candidate === path || candidate.startsWith(`${path}.`));
}

/** One item as Oracle renders it: attributes, expanded children, and links unless onlyData. */
export function renderItem<Row>(
  resource: ResourceDef<Row>,
  row: Row,
  options: ReadOptions,
  href: string,
  path = '',
): Record<string, unknown> {
  const attributes = resource.attributes(row);
  const item: Record<string, unknown> = {};
  for (const name of options.fields?.get(path) ?? resource.attributeNames)
    item[name] = attributes[name] ?? null;
  for (const child of resource.children) {
    const childPath = path ? `${path}.${child.resource.name}` : child.resource.name;
    if (!isIncluded(options, childPath)) continue;
    const collectionHref = `${href}/child/${child.resource.name}`;
    const items = child
      .rows(row)
      .map((childRow) =>
        renderItem(
          child.resource,
          childRow,
          options,
          `${collectionHref}/${encodeURIComponent(itemKey(child.resource, childRow))}`,
          childPath,
        ),
      );
    // Framework version 3 made nested children collections (with paging members) instead of arrays.
    item[child.resource.name] =
      options.frameworkVersion >= 3
        ? {
            items,
            count: items.length,
            hasMore: false,
            limit: Math.max(defaultLimit, items.length),
            offset: 0,
            links: [collectionLink(collectionHref, child.resource.name)],
          }
        : items;
  }
  if (!options.onlyData) {
    item.links = [
      { rel: 'self', href, name: resource.name, kind: 'item' },
      { rel: 'canonical', href, name: resource.name, kind: 'item' },
      ...resource.children.map((child) => ({
        rel: 'child',
        href: `${href}/child/${child.resource.name}`,
        name: child.resource.name,
        kind: 'collection',
      })),
    ];
  }
  return item;
}

function collectionLink(href: string, name: string) {
  return { rel: 'self', href, name, kind: 'collection' };
}

/** The collection envelope: {items, count, hasMore, limit, offset, links} (+ totalResults). */
export function renderCollection<Row>(
  resource: ResourceDef<Row>,
  selection: { page: Row[]; total: number },
  options: ReadOptions,
  href: string,
): Record<string, unknown> {
  const items = selection.page.map((row) =>
    renderItem(resource, row, options, `${href}/${encodeURIComponent(itemKey(resource, row))}`),
  );
  return {
    items,
    ...(options.totalResults ? { totalResults: selection.total } : {}),
    count: items.length,
    hasMore: options.offset + items.length < selection.total,
    limit: options.limit,
    offset: options.offset,
    links: [collectionLink(href, resource.name)],
  };
}
