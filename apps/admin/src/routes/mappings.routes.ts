import {
  listBlockedVendors,
  listMappings,
  mappingKindNames,
  NotFoundError,
  parseMappingKind,
  removeMapping,
  setMapping,
  vendorSuggestions,
} from '@mlc/operations';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.ts';
import { connectionParams, defined, limitParam, parse } from '../validate.ts';

const kindName = z.enum(mappingKindNames as [string, ...string[]]);
const key = z.string().trim().min(1).max(200);
const value = z.string().trim().min(1).max(500);

const kindParams = connectionParams.extend({ kind: kindName });
const keyParams = kindParams.extend({ procurifyKey: key });
const setBody = z
  .object({
    oracleValue: value,
    site: value.optional(),
    businessUnit: value.optional(),
    procurementBu: value.optional(),
    shipTo: value.optional(),
    category: value.optional(),
    procurifyLabel: value.optional(),
    oracleLabel: value.optional(),
  })
  .strict();

/** Vendor links and dimension mappings; ranked supplier suggestions for blocked vendors. */
export function registerMappingRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const { prisma } = deps;

  api.get('/connections/:id/mappings', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    return listMappings({ prisma }, id);
  });

  api.get('/connections/:id/mappings/:kind', async (request) => {
    const { id, kind } = parse('params', kindParams, request.params);
    return listMappings({ prisma }, id, parseMappingKind(kind));
  });

  // Setting a mapping re-queues, at once, every record blocked on that Procurify key.
  api.put('/connections/:id/mappings/:kind/:procurifyKey', async (request) => {
    const { id, kind, procurifyKey } = parse('params', keyParams, request.params);
    const body = parse('body', setBody, request.body);
    return setMapping({ prisma }, id, parseMappingKind(kind), { procurifyKey, ...defined(body) });
  });

  api.delete('/connections/:id/mappings/:kind/:procurifyKey', async (request) => {
    const { id, kind, procurifyKey } = parse('params', keyParams, request.params);
    const { removed } = await removeMapping({ prisma }, id, parseMappingKind(kind), procurifyKey);
    if (!removed)
      throw new NotFoundError(`No ${kind} mapping for ${procurifyKey} in ${id}`, {
        code: 'MAPPING_NOT_FOUND',
      });
    return { removed };
  });

  api.get('/connections/:id/vendors/blocked', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    return { vendors: await listBlockedVendors({ prisma }, id) };
  });

  api.get('/connections/:id/vendors/:procurifyVendorId/suggestions', async (request) => {
    const { id, procurifyVendorId } = parse(
      'params',
      connectionParams.extend({ procurifyVendorId: key }),
      request.params,
    );
    const { limit } = parse('query', z.object({ limit: limitParam(20, 3) }).strict(), request.query);
    return vendorSuggestions({ prisma }, id, procurifyVendorId, { limit });
  });
}
