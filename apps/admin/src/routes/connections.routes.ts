import {
  getConnection,
  listConnectionIssues,
  listConnections,
  pauseConnection,
  resumeConnection,
  saveConnection,
  syncNow,
  testConnection,
  withConnectionId,
} from '@mlc/operations';
import { pollQueue } from '@mlc/queues';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.ts';
import { connectionParams, limitParam, parse } from '../validate.ts';

const pauseBody = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();
const issuesQuery = z.object({
  state: z.enum(['open', 'resolved', 'all']).default('all'),
  limit: limitParam(500, 100),
});

/** Connections: list, read, create/update (through token-service), test, sync now, pause, issues. */
export function registerConnectionRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const { prisma, tokens } = deps;

  api.get('/connections', async () => ({ connections: await listConnections({ prisma }) }));

  // The body is a connection file with credentials: it is handed to token-service (the only
  // holder of the master key) and never logged; the answer is the stored view, without secrets.
  api.post('/connections', async (request, reply) => {
    const saved = await saveConnection({ tokens }, parse('body', z.looseObject({}), request.body));
    return reply.code(saved.created ? 201 : 200).send(saved);
  });

  api.get('/connections/:id', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    return getConnection({ prisma }, id);
  });

  api.put('/connections/:id', async (request, reply) => {
    const { id } = parse('params', connectionParams, request.params);
    const file = withConnectionId(parse('body', z.looseObject({}), request.body), id);
    const saved = await saveConnection({ tokens }, file);
    return reply.code(saved.created ? 201 : 200).send(saved);
  });

  api.post('/connections/:id/test', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    return testConnection({ tokens }, id);
  });

  api.post('/connections/:id/sync', async (request, reply) => {
    const { id } = parse('params', connectionParams, request.params);
    const queue = deps.queues[pollQueue.name];
    if (!queue) throw new Error('the poll queue is not open');
    return reply.code(202).send(await syncNow({ prisma, pollQueue: queue }, id));
  });

  api.post('/connections/:id/pause', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    const { reason } = parse('body', pauseBody, request.body);
    return { connection: await pauseConnection({ prisma }, id, reason) };
  });

  api.post('/connections/:id/resume', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    parse('body', z.object({}).strict(), request.body);
    return { connection: await resumeConnection({ prisma }, id) };
  });

  api.get('/connections/:id/issues', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    const query = parse('query', issuesQuery, request.query);
    return { issues: await listConnectionIssues({ prisma }, id, query) };
  });
}
