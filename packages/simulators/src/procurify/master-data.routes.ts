import {
  zAccountCodeCreateRequest,
  zAccountCodeUpdateRequest,
  zDepartmentUpsertRequest,
} from '@mlc/procurify-api';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ScenarioLocation } from '../scenario/types.ts';
import { notFoundBody, parseDrf } from './drf-errors.ts';
import { FilterSet, type QueryParams } from './query-filters.ts';
import type { AccountCodeRecord, DepartmentRecord } from './records.ts';
import { createAccountCode, updateAccountCode, upsertDepartment } from './master-data.changes.ts';
import { departmentRead, userProfileMe } from './render-master-data.ts';
import { accountCodeRead, locationView } from './render-shared.ts';
import { byNumber, byString, integerId, orderingFrom, sendList, type ProcurifyContext } from './responses.ts';
import { StoreError } from './store-inputs.ts';

/** Relation and uniqueness problems the store found, as DRF reports them. */
function sendStoreError(reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof StoreError)) throw error;
  if (error.code === 'not_found') return reply.code(404).send(notFoundBody);
  return reply.code(400).send(error.fieldErrors);
}

/** `locations=1&locations=2` or `locations=1,2`. */
function idsOf(query: QueryParams, name: string): number[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw])
    .flatMap((value) => value.split(','))
    .filter((value) => /^\d+$/.test(value.trim()))
    .map(Number);
}

export function registerMasterDataRoutes(app: FastifyInstance, context: ProcurifyContext): void {
  const { store } = context;

  app.get('/api/v3/account-codes/', async (request, reply) => {
    const query = request.query as QueryParams;
    const parents = new Set([...store.accountCodes.values()].map((code) => code.parent));
    const filters = new FilterSet<AccountCodeRecord>(query)
      .exact('code', (code) => code.code)
      .boolean('active', (code) => code.active)
      .boolean('is_parent', (code) => parents.has(code.id))
      .search('search', (code) => [code.code, code.description]);
    return sendList(context, request, reply, {
      source: store.accountCodes.values(),
      filters,
      render: (code) => accountCodeRead(store, code),
      compare: orderingFrom<AccountCodeRecord>(query, {
        id: byNumber((code) => code.id),
        code: byString((code) => code.code),
        description: byString((code) => code.description),
      }),
    });
  });

  app.post('/api/v3/account-codes/', async (request, reply) => {
    const parsed = parseDrf(zAccountCodeCreateRequest, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.errors);
    try {
      return await reply
        .code(201)
        .send({ metadata: {}, data: accountCodeRead(store, createAccountCode(store, parsed.data)) });
    } catch (error) {
      return sendStoreError(reply, error);
    }
  });

  app.put<{ Params: { id: string } }>('/api/v3/account-codes/:id/', async (request, reply) => {
    const id = integerId(request.params.id);
    if (id === undefined || !store.accountCodes.has(id)) return reply.code(404).send(notFoundBody);
    const parsed = parseDrf(zAccountCodeUpdateRequest, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.errors);
    try {
      return { metadata: {}, data: accountCodeRead(store, updateAccountCode(store, id, parsed.data)) };
    } catch (error) {
      return sendStoreError(reply, error);
    }
  });

  app.get('/api/v3/departments/', async (request, reply) => {
    const query = request.query as QueryParams;
    const locations = idsOf(query, 'locations');
    const filters = new FilterSet<DepartmentRecord>(query)
      .integer('branch', (department) => department.locationId)
      .search('search', (department) => [department.name, department.externalId])
      .where((department) => locations === undefined || locations.includes(department.locationId));
    return sendList(context, request, reply, {
      source: store.departments.values(),
      filters,
      render: (department) => departmentRead(store, department),
      compare: orderingFrom<DepartmentRecord>(query, {
        id: byNumber((department) => department.id),
        name: byString((department) => department.name),
      }),
    });
  });

  app.post('/api/v3/departments/', async (request, reply) => {
    const parsed = parseDrf(zDepartmentUpsertRequest, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.errors);
    try {
      return await reply
        .code(201)
        .send({ metadata: {}, data: departmentRead(store, upsertDepartment(store, undefined, parsed.data)) });
    } catch (error) {
      return sendStoreError(reply, error);
    }
  });

  app.put<{ Params: { id: string } }>('/api/v3/departments/:id/', async (request, reply) => {
    const id = integerId(request.params.id);
    if (id === undefined || !store.departments.has(id)) return reply.code(404).send(notFoundBody);
    const parsed = parseDrf(zDepartmentUpsertRequest, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.errors);
    try {
      return { metadata: {}, data: departmentRead(store, upsertDepartment(store, id, parsed.data)) };
    } catch (error) {
      return sendStoreError(reply, error);
    }
  });

  app.get('/api/v2/locations/', async (request, reply) => {
    const query = request.query as QueryParams;
    const filters = new FilterSet<ScenarioLocation>(query)
      .boolean('active', () => true)
      .boolean('headquarter', (location) => location.headquarter)
      .search('search', (location) => [location.name, location.externalId]);
    return sendList(context, request, reply, {
      source: store.locations.values(),
      filters,
      render: (location) => locationView(store, location),
      compare: orderingFrom<ScenarioLocation>(query, {
        id: byNumber((location) => location.id),
        name: byString((location) => location.name),
      }),
    });
  });

  app.get<{ Params: { id: string } }>('/api/v2/locations/:id/', async (request, reply) => {
    const id = integerId(request.params.id);
    const location = id === undefined ? undefined : store.locations.get(id);
    if (!location) return reply.code(404).send(notFoundBody);
    return { metadata: {}, data: locationView(store, location) };
  });

  app.get('/api/v3/users/me/', async () => ({ metadata: {}, data: userProfileMe(store) }));
}
