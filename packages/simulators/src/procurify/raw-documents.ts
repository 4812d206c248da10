import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFoundBody } from './drf-errors.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * Malformed documents on demand. The real Procurify API sends what its database holds, and that
 * is not always what its spec promises: an amount as an object, a null total, an id as a string,
 * a record listed and then gone when its detail is read. Tests plant such documents here: a patch
 * rewrites a record's rendering in the list and/or detail response (after the simulator built it
 * from the spec, so anything goes), and `detailStatus: 404` makes the detail vanish while the list
 * still shows the record. The store's record itself is untouched.
 *
 * Control API (JSON): `PUT /_sim/procurify/raw/{bills|purchase-orders}/{id}` with
 * `{list?: Patch, detail?: Patch, detailStatus?: 404}`, where `Patch = {set?: {path: value},
 * unset?: [path]}` and a path is dotted (`items.0.cost_allocations.0.amount`; numbers index
 * arrays); `DELETE` the same URL to serve the record as it is again; `GET /_sim/procurify/raw`
 * lists what is planted. Planting or removing bumps the record's modified time and version, so
 * the connector's next poll reads it.
 */

export interface RawPatch {
  set?: Record<string, unknown>;
  unset?: string[];
}

export interface RawOverride {
  list?: RawPatch;
  detail?: RawPatch;
  detailStatus?: 404;
}

export type RawKind = 'bills' | 'purchase-orders';

/** The planted overrides, by kind and record id (bill id, procurify_PO). */
export class RawOverrides {
  private readonly byKind: Record<RawKind, Map<number, RawOverride>> = {
    bills: new Map(),
    'purchase-orders': new Map(),
  };

  get(kind: RawKind, id: number): RawOverride | undefined {
    return this.byKind[kind].get(id);
  }

  set(kind: RawKind, id: number, override: RawOverride): void {
    this.byKind[kind].set(id, override);
  }

  delete(kind: RawKind, id: number): boolean {
    return this.byKind[kind].delete(id);
  }

  clear(): void {
    for (const map of Object.values(this.byKind)) map.clear();
  }

  list(): Record<RawKind, Record<string, RawOverride>> {
    return {
      bills: Object.fromEntries(this.byKind.bills),
      'purchase-orders': Object.fromEntries(this.byKind['purchase-orders']),
    };
  }
}

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] =>
  typeof value === 'object' && value !== null;

function walkTo(root: unknown, path: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  const parts = path.split('.');
  const key = parts.pop() ?? '';
  let node: unknown = root;
  for (const [index, part] of parts.entries()) {
    if (!isContainer(node)) throw new Error(`path ${path}: ${part} is not inside an object or array`);
    const container = node as Record<string, unknown>;
    // Missing steps are created: an array when the next step is an index.
    const next = parts[index + 1] ?? key;
    if (!isContainer(container[part])) container[part] = /^\d+$/.test(next) ? [] : {};
    node = container[part];
  }
  if (!isContainer(node)) throw new Error(`path ${path} does not lead into an object or array`);
  return { parent: node, key };
}

/** A copy of `document` with the patch applied (the rendering may share objects with the store). */
export function applyRawPatch(document: unknown, patch: RawPatch): unknown {
  const copy = structuredClone(document);
  for (const [path, value] of Object.entries(patch.set ?? {})) {
    const { parent, key } = walkTo(copy, path);
    (parent as Record<string, unknown>)[key] = structuredClone(value);
  }
  for (const path of patch.unset ?? []) {
    const { parent, key } = walkTo(copy, path);
    if (Array.isArray(parent) && /^\d+$/.test(key)) parent.splice(Number(key), 1);
    else delete (parent as Record<string, unknown>)[key];
  }
  return copy;
}

const patchSchema = z.strictObject({
  set: z.record(z.string().min(1), z.unknown()).optional(),
  unset: z.array(z.string().min(1)).optional(),
});
const overrideSchema = z.strictObject({
  list: patchSchema.optional(),
  detail: patchSchema.optional(),
  detailStatus: z.literal(404).optional(),
});

const routes = {
  billList: '/api/v3/ap/bills/',
  billDetail: '/api/v2/ap/bills/:id/',
  poList: '/api/v2/purchase_orders/:role/:status/',
  poDetail: '/api/v2/purchase_orders/:id/',
} as const;

/** The record a detail request names, as kind + id, when it names one. */
function detailTarget(
  store: ProcurifyStore,
  request: FastifyRequest,
): { kind: RawKind; id: number } | undefined {
  const param = (request.params as { id?: string }).id ?? '';
  const url = request.routeOptions.url;
  if (url === routes.billDetail) {
    const bill = store.findBillByUuid(param);
    return bill ? { kind: 'bills', id: bill.id } : undefined;
  }
  if (url === routes.poDetail) {
    const po = store.findPurchaseOrder(param);
    return po ? { kind: 'purchase-orders', id: po.id } : undefined;
  }
  return undefined;
}

function recordIdOf(kind: RawKind, item: unknown): number | undefined {
  if (!isContainer(item) || Array.isArray(item)) return undefined;
  const value = kind === 'bills' ? item['id'] : item['procurify_PO'];
  return typeof value === 'number' ? value : undefined;
}

/**
 * Serves planted overrides on the API routes. Call inside the authenticated API scope, after the
 * authentication hook, so an unauthenticated request still gets its 401 first.
 */
export function registerRawDocumentHooks(
  api: FastifyInstance,
  store: ProcurifyStore,
  overrides: RawOverrides,
): void {
  api.addHook('preHandler', async (request, reply) => {
    const target = detailTarget(store, request);
    if (target && overrides.get(target.kind, target.id)?.detailStatus === 404)
      return reply.code(404).send(notFoundBody);
    return undefined;
  });

  api.addHook('preSerialization', async (request, reply, payload) => {
    if (reply.statusCode >= 400 || !isContainer(payload) || Array.isArray(payload)) return payload;
    const body = payload as { data?: unknown };
    const url = request.routeOptions.url;
    if (url === routes.billList || url === routes.poList) {
      const kind: RawKind = url === routes.billList ? 'bills' : 'purchase-orders';
      if (!Array.isArray(body.data)) return payload;
      return {
        ...body,
        data: body.data.map((item: unknown) => {
          const id = recordIdOf(kind, item);
          const patch = id === undefined ? undefined : overrides.get(kind, id)?.list;
          return patch ? applyRawPatch(item, patch) : item;
        }),
      };
    }
    const target = detailTarget(store, request);
    const patch = target ? overrides.get(target.kind, target.id)?.detail : undefined;
    return patch ? { ...body, data: applyRawPatch(body.data, patch) } : payload;
  });
}

/** `/_sim/procurify/raw/…` (see the module comment). */
export function registerRawDocumentRoutes(
  app: FastifyInstance,
  store: ProcurifyStore,
  overrides: RawOverrides,
): void {
  const prefix = '/_sim/procurify/raw';
  /** The record, stamped as modified now so the next poll reads it again. */
  const touch = (kind: RawKind, id: string): number | undefined => {
    if (kind === 'bills') {
      const bill = store.findBill(id);
      if (!bill) return undefined;
      bill.modifiedAt = store.timestamp();
      bill.version += 1;
      return bill.id;
    }
    const po = store.findPurchaseOrder(id);
    if (!po) return undefined;
    po.modifiedAt = store.timestamp();
    po.version += 1;
    return po.id;
  };

  app.get(prefix, async () => overrides.list());

  for (const kind of ['bills', 'purchase-orders'] as const) {
    app.put<{ Params: { id: string } }>(`${prefix}/${kind}/:id`, async (request, reply) => {
      const parsed = overrideSchema.safeParse(request.body ?? {});
      if (!parsed.success)
        return reply
          .code(400)
          .send({ error: 'invalid_control_request', detail: z.prettifyError(parsed.error) });
      const override: RawOverride = Object.fromEntries(
        Object.entries(parsed.data).filter(([, value]) => value !== undefined),
      );
      const id = touch(kind, request.params.id);
      if (id === undefined)
        return reply.code(404).send({ error: 'not_found', detail: `No ${kind} ${request.params.id}` });
      overrides.set(kind, id, override);
      return { kind, id, override };
    });
    app.delete<{ Params: { id: string } }>(`${prefix}/${kind}/:id`, async (request, reply) => {
      const id = touch(kind, request.params.id);
      if (id === undefined)
        return reply.code(404).send({ error: 'not_found', detail: `No ${kind} ${request.params.id}` });
      return { kind, id, removed: overrides.delete(kind, id) };
    });
  }
}
