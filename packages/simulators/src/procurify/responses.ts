import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorCore } from '../core/sim-server.ts';
import { invalidPageBody } from './drf-errors.ts';
import { paginate, type Pagination } from './pagination.ts';
import { queryValue, type FilterSet, type QueryParams } from './query-filters.ts';
import type { ProcurifyStore } from './store.ts';

/** What every API route module needs. */
export interface ProcurifyContext {
  core: SimulatorCore;
  store: ProcurifyStore;
  /** Largest page_size honoured. */
  pageSizeCap: number;
}

export type Compare<T> = (a: T, b: T) => number;

/**
 * DRF OrderingFilter: `order_by=field` or `-field` (comma-separated for several); fields the
 * view does not allow are ignored. Undefined when nothing usable was asked for.
 */
export function orderingFrom<T>(
  query: QueryParams,
  fields: Record<string, Compare<T>>,
): Compare<T> | undefined {
  const raw = queryValue(query, 'order_by');
  if (!raw) return undefined;
  const comparators: Compare<T>[] = [];
  for (const term of raw.split(',').map((part) => part.trim())) {
    const descending = term.startsWith('-');
    const compare = fields[descending ? term.slice(1) : term];
    if (compare) comparators.push(descending ? (a, b) => compare(b, a) : compare);
  }
  if (comparators.length === 0) return undefined;
  return (a, b) => {
    for (const compare of comparators) {
      const result = compare(a, b);
      if (result !== 0) return result;
    }
    return 0;
  };
}

export const byString =
  <T>(read: (item: T) => string): Compare<T> =>
  (a, b) => {
    const left = read(a);
    const right = read(b);
    return left < right ? -1 : left > right ? 1 : 0;
  };

export const byNumber =
  <T>(read: (item: T) => number): Compare<T> =>
  (a, b) =>
    read(a) - read(b);

export interface ListOptions<T> {
  source: Iterable<T>;
  filters: FilterSet<T>;
  render: (item: T) => unknown;
  compare?: Compare<T> | undefined;
  /** Extra `metadata` keys, computed once the page is known (e.g. the PO list's `counts`). */
  metadata?: ((page: { items: T[]; pagination: Pagination }) => Record<string, unknown>) | undefined;
  /** Called for every record that matches the filters (for whole-result summaries). */
  onMatch?: ((item: T) => void) | undefined;
}

/** A filtered, paginated list in Procurify's envelope: `{metadata: {pagination, …}, data: […]}`. */
export function sendList<T>(
  context: ProcurifyContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: ListOptions<T>,
): FastifyReply {
  const { filters, onMatch } = options;
  if (!filters.isValid) return reply.code(400).send(filters.errors);
  const page = paginate(request, options.source, {
    cap: context.pageSizeCap,
    compare: options.compare,
    matches: onMatch
      ? (item) => {
          if (!filters.matches(item)) return false;
          onMatch(item);
          return true;
        }
      : (item) => filters.matches(item),
  });
  if (!page) return reply.code(404).send(invalidPageBody);
  return reply.send({
    metadata: { ...options.metadata?.(page), pagination: page.pagination },
    data: page.items.map(options.render),
  });
}

/** Path ids that must be integers (DRF's `<int:pk>` routes answer 404 to anything else). */
export function integerId(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}
