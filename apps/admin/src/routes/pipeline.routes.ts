import { dryRunConnection, reconcile, reconcileToCsv } from '@mlc/operations';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.ts';
import { connectionParams, parse } from '../validate.ts';

const dryRunBody = z.object({ recordIds: z.array(z.uuid()).min(1).max(500).optional() }).strict();
const reconcileQuery = z
  .object({
    from: z.iso.date({ message: 'expected a date YYYY-MM-DD' }),
    to: z.iso.date({ message: 'expected a date YYYY-MM-DD' }),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

/**
 * Dry run (the exact payloads a sync would write, with nothing written) and the reconciliation
 * report (Procurify bills vs Oracle invoices for a period). Both read the upstreams live.
 */
export function registerPipelineRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.post('/connections/:id/dry-run', async (request) => {
    const { id } = parse('params', connectionParams, request.params);
    const { recordIds } = parse('body', dryRunBody, request.body);
    const items = await dryRunConnection(
      { prisma: deps.prisma, connections: deps.connections, tokens: deps.tokens, logger: deps.logger },
      id,
      recordIds ? { recordIds } : {},
    );
    return { items };
  });

  // A read, so viewers may run it; it reads both systems, so it takes a while for a long period.
  api.get('/connections/:id/reconcile', async (request, reply) => {
    const { id } = parse('params', connectionParams, request.params);
    const { from, to, format } = parse('query', reconcileQuery, request.query);
    const report = await reconcile(
      { prisma: deps.prisma, connections: deps.connections, tokens: deps.tokens, logger: deps.logger },
      id,
      { from, to },
    );
    if (format === 'json') return report;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="reconcile-${id}-${from}-${to}.csv"`)
      .send(reconcileToCsv(report));
  });
}
