import {
  getLedgerRecord,
  ledgerDateFields,
  ledgerEntities,
  ledgerStatuses,
  queryLedger,
  replayableStatuses,
  replayRecords,
} from '@mlc/operations';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.ts';
import { connectionParams, dateParam, defined, limitParam, listParam, parse } from '../validate.ts';

const filterFields = {
  entity: listParam(ledgerEntities).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  dateField: z.enum(ledgerDateFields).optional(),
  q: z.string().trim().min(1).max(200).optional(),
};

const ledgerQuery = z
  .object({
    ...filterFields,
    status: listParam(ledgerStatuses).optional(),
    limit: limitParam(500, 50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

const replayBody = z
  .object({
    statuses: z.array(z.enum(replayableStatuses)).min(1).optional(),
    recordIds: z.array(z.uuid()).min(1).max(10_000).optional(),
    filter: z
      .object({
        entity: z.array(z.enum(ledgerEntities)).min(1).optional(),
        from: dateParam.optional(),
        to: dateParam.optional(),
        dateField: z.enum(ledgerDateFields).optional(),
        q: z.string().trim().min(1).max(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The ledger: filtered pages of records, one record's whole story, replay. */
export function registerLedgerRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const { prisma } = deps;

  api.get('/connections/:id/ledger', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    const { q, ...query } = parse('query', ledgerQuery, request.query);
    return queryLedger({ prisma }, id, defined({ ...query, text: q }));
  });

  api.get('/ledger/:recordId', async (request) => {
    const { recordId } = parse('params', z.object({ recordId: z.uuid() }), request.params);
    return getLedgerRecord({ prisma }, recordId);
  });

  api.post('/connections/:id/replay', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    const body = parse('body', replayBody, request.body);
    const filter = body.filter ? defined({ ...body.filter, text: body.filter.q, q: undefined }) : undefined;
    return replayRecords(
      { prisma },
      id,
      defined({
        statuses: body.statuses,
        recordIds: body.recordIds,
        filter,
        actor: `replayed by an operator (admin API, request ${request.id})`,
      }),
    );
  });
}
