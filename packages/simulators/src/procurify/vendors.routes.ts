import { zOptimizedVendorRequest, zPatchedOptimizedVendorRequest } from '@mlc/procurify-api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFoundBody, parseDrf } from './drf-errors.ts';
import { createVendor, updateVendor } from './master-data.changes.ts';
import { FilterSet, type QueryParams } from './query-filters.ts';
import type { VendorRecord } from './records.ts';
import { optimizedVendor, vendorDetail, vendorWritten } from './render-master-data.ts';
import { byNumber, byString, integerId, orderingFrom, sendList, type ProcurifyContext } from './responses.ts';

/** The spec's `vendor_group` values and the vendors each shows. */
const vendorGroups: Record<string, (vendor: VendorRecord) => boolean> = {
  all: () => true,
  default: (vendor) => vendor.type === 3 || vendor.type === 4,
  preferred: (vendor) => vendor.type === 3,
  other: () => false,
  credit_card_providers: (vendor) => vendor.type === 6,
  purchasable: (vendor) => vendor.active,
  requestable: (vendor) => vendor.active,
};

export function registerVendorRoutes(app: FastifyInstance, context: ProcurifyContext): void {
  const { store } = context;

  const listVendors = (
    request: FastifyRequest,
    reply: FastifyReply,
    group: (vendor: VendorRecord) => boolean,
  ) => {
    const query = request.query as QueryParams;
    const filters = new FilterSet<VendorRecord>(query)
      .exact('name', (vendor) => vendor.name)
      .exact('external_id', (vendor) => vendor.external_id)
      .integer('type', (vendor) => vendor.type, [1, 2, 3, 4, 5, 6, 7])
      .search('search', (vendor) => [vendor.name, vendor.external_id, ...vendor.email])
      .where(group);
    return sendList(context, request, reply, {
      source: store.vendors.values(),
      filters,
      render: optimizedVendor,
      compare: orderingFrom<VendorRecord>(query, {
        id: byNumber((vendor) => vendor.id),
        name: byString((vendor) => vendor.name),
        dateModified: byString((vendor) => vendor.dateModified),
      }),
    });
  };

  app.get('/api/v3/vendors/', async (request, reply) => listVendors(request, reply, () => true));

  // `/api/v3/vendors/{id}/` and the group paths (`/api/v3/vendors/all/`) share one URL shape.
  app.get<{ Params: { id: string } }>('/api/v3/vendors/:id/', async (request, reply) => {
    const group = vendorGroups[request.params.id];
    if (group) return listVendors(request, reply, group);
    const id = integerId(request.params.id);
    const vendor = id === undefined ? undefined : store.vendors.get(id);
    if (!vendor) return reply.code(404).send(notFoundBody);
    return { metadata: {}, data: vendorDetail(vendor) };
  });

  app.post('/api/v3/vendors/', async (request, reply) => {
    const parsed = parseDrf(zOptimizedVendorRequest, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.errors);
    const vendor = createVendor(store, parsed.data);
    return reply.code(201).send({ metadata: {}, data: vendorDetail(vendor) });
  });

  app.put<{ Params: { id: string } }>('/api/v3/vendors/:id/', async (request, reply) => {
    const id = integerId(request.params.id);
    if (id === undefined || !store.vendors.has(id)) return reply.code(404).send(notFoundBody);
    const parsed = parseDrf(zOptimizedVendorRequest, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.errors);
    return { metadata: {}, data: vendorWritten(updateVendor(store, id, parsed.data)) };
  });

  app.patch<{ Params: { id: string } }>('/api/v3/vendors/:id/', async (request, reply) => {
    const id = integerId(request.params.id);
    if (id === undefined || !store.vendors.has(id)) return reply.code(404).send(notFoundBody);
    const parsed = parseDrf(zPatchedOptimizedVendorRequest, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.errors);
    return { metadata: {}, data: optimizedVendor(updateVendor(store, id, parsed.data)) };
  });
}
