import type { FastifyRequest } from 'fastify';
import { queryValue, type QueryParams } from './query-filters.ts';

export interface Pagination {
  count: number;
  next: string | null;
  previous: string | null;
  page_size: number;
  num_pages: number;
  current_page: number;
}

/** The page size when the client names none (the spec's examples show 10). */
export const defaultPageSize = 10;

/** DRF's `_positive_int(strict=True, cutoff=max_page_size)`: bad values fall back to the default. */
function pageSizeOf(query: QueryParams, cap: number): number {
  const raw = queryValue(query, 'page_size');
  if (raw === undefined || !/^\s*\+?\d+\s*$/.test(raw)) return Math.min(defaultPageSize, cap);
  const size = Number(raw);
  return size <= 0 ? Math.min(defaultPageSize, cap) : Math.min(size, cap);
}

/**
 * DRF's replace_query_param/remove_query_param: the request's absolute URL with `page` set (or
 * removed), keys sorted as Python's urlencode(sorted(...)) leaves them.
 */
function pageUrl(request: FastifyRequest, page: number | null): string {
  const [path = '/', search = ''] = request.url.split('?', 2);
  const grouped = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(search))
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  if (page === null) grouped.delete('page');
  else grouped.set('page', [String(page)]);
  const params = new URLSearchParams();
  for (const key of [...grouped.keys()].sort())
    for (const value of grouped.get(key) ?? []) params.append(key, value);
  const query = params.toString();
  return `${request.protocol}://${request.host}${path}${query ? `?${query}` : ''}`;
}

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

export interface PageOptions<T> {
  /** Largest page_size honoured; larger requests are lowered to it. */
  cap: number;
  matches: (item: T) => boolean;
  /** Sorts the matches (otherwise they keep the source's order, and only the page is kept). */
  compare?: ((a: T, b: T) => number) | undefined;
}

/**
 * DRF PageNumberPagination over `source`: `page` (1-based, or 'last') and `page_size`; a page
 * beyond the last is `undefined` (the caller answers 404 "Invalid page."). Without a sort the
 * source is streamed and only the requested page is kept, so 100,000 records cost one pass.
 */
export function paginate<T>(
  request: FastifyRequest,
  source: Iterable<T>,
  options: PageOptions<T>,
): Page<T> | undefined {
  const query = request.query as QueryParams;
  const pageSize = pageSizeOf(query, options.cap);
  const rawPage = queryValue(query, 'page') ?? '1';
  const requested =
    rawPage === 'last' ? undefined : /^\s*\d+\s*$/.test(rawPage) ? Number(rawPage) : Number.NaN;
  if (Number.isNaN(requested)) return undefined;

  const { count, items, page } =
    options.compare || requested === undefined
      ? sortedPage(source, options, pageSize, requested)
      : streamedPage(source, options.matches, pageSize, requested);
  const numPages = Math.max(1, Math.ceil(count / pageSize));
  if (page < 1 || page > numPages) return undefined;
  return {
    items,
    pagination: {
      count,
      next: page < numPages ? pageUrl(request, page + 1) : null,
      previous: page > 1 ? pageUrl(request, page === 2 ? null : page - 1) : null,
      page_size: pageSize,
      num_pages: numPages,
      current_page: page,
    },
  };
}

interface Slice<T> {
  count: number;
  items: T[];
  page: number;
}

/** Every match, sorted, then the page (`undefined` asks for the last page). */
function sortedPage<T>(
  source: Iterable<T>,
  options: PageOptions<T>,
  pageSize: number,
  requested: number | undefined,
): Slice<T> {
  const all: T[] = [];
  for (const item of source) if (options.matches(item)) all.push(item);
  if (options.compare) all.sort(options.compare);
  const page = requested ?? Math.max(1, Math.ceil(all.length / pageSize));
  return { count: all.length, items: all.slice((page - 1) * pageSize, page * pageSize), page };
}

/** One pass in source order, keeping only the requested page. */
function streamedPage<T>(
  source: Iterable<T>,
  matches: (item: T) => boolean,
  pageSize: number,
  page: number,
): Slice<T> {
  const start = (page - 1) * pageSize;
  const items: T[] = [];
  let count = 0;
  for (const item of source) {
    if (!matches(item)) continue;
    if (count >= start && count < start + pageSize) items.push(item);
    count += 1;
  }
  return { count, items, page };
}
