import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ConnectionStore } from '@mlc/connections';
import { SyncError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { registerMetricsRoute } from '@mlc/observability';
import type { CredentialVault } from '@mlc/vault';
import { testConnection } from './connection-tester.ts';
import type { TokenBroker } from './token-broker.ts';

export interface ServerDeps {
  broker: TokenBroker;
  connections: ConnectionStore;
  vault: CredentialVault;
  internalToken: string;
  logger: Logger;
  /** Resolves when Postgres and Redis answer; rejects with the reason otherwise. */
  checkReady: () => Promise<void>;
}

const system = z.enum(['procurify', 'oracle']);
const tokenRequest = z.object({ connectionId: z.string().min(1), system });
const invalidateRequest = tokenRequest.extend({ fingerprint: z.string().min(8) });
const authFailureRequest = invalidateRequest.extend({ message: z.string().max(2000) });

function errorStatus(error: SyncError): number {
  if (error.code === 'CONNECTION_NOT_FOUND') return 404;
  switch (error.errorClass) {
    case 'auth':
      return 409;
    case 'rate_limited':
      return 429;
    case 'transient':
    case 'uncertain':
      return 503;
    case 'permanent':
    case 'mapping':
      return 422;
  }
}

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message, requestId: reply.request.id } });
}

/**
 * token-service's internal API. Every route but the probes needs `Authorization: Bearer
 * INTERNAL_TOKEN`. Token bodies are never logged (request logging is off; our own lines carry
 * ids and fingerprints only).
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  // No Fastify logger at all, so no request logging either (bodies carry tokens and secrets).
  const app = Fastify({ logger: false });
  const expected = Buffer.from(`Bearer ${deps.internalToken}`);
  const logger = deps.logger.child({ module: 'internal-api' });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await deps.checkReady();
      return { ok: true };
    } catch (error) {
      return sendError(reply, 503, 'NOT_READY', error instanceof Error ? error.message : String(error));
    }
  });

  // Prometheus text (no auth, like the probes): token refreshes, upstream token requests, process.
  registerMetricsRoute(app);

  app.register(async (internal) => {
    internal.addHook('onRequest', async (request, reply) => {
      const given = Buffer.from(request.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return sendError(reply, 401, 'UNAUTHORIZED', 'a valid internal token is required');
      }
    });
    internal.setErrorHandler((error, request, reply) => {
      if (error instanceof SyncError) return sendError(reply, errorStatus(error), error.code, error.message);
      if (error instanceof z.ZodError)
        return sendError(reply, 400, 'INVALID_REQUEST', z.prettifyError(error));
      // Fastify's own 4xx (malformed JSON, body too large): the caller's mistake, not ours.
      const { statusCode } = error as { statusCode?: unknown };
      if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
        const { code } = error as { code?: unknown };
        const message = error instanceof Error ? error.message : 'bad request';
        return sendError(reply, statusCode, typeof code === 'string' ? code : 'BAD_REQUEST', message);
      }
      logger.error({ err: error, route: request.routeOptions.url }, 'internal API error');
      return sendError(reply, 500, 'INTERNAL', 'unexpected error');
    });

    internal.post('/internal/tokens/get', async (request) => {
      const { connectionId, system: target } = tokenRequest.parse(request.body);
      const token = await deps.broker.get(connectionId, target);
      return {
        authorization: token.authorization,
        fingerprint: token.fingerprint,
        expiresAt: Number.isFinite(token.expiresAt) ? new Date(token.expiresAt).toISOString() : null,
      };
    });

    internal.post('/internal/tokens/invalidate', async (request) => {
      const { connectionId, system: target, fingerprint } = invalidateRequest.parse(request.body);
      return { invalidated: await deps.broker.invalidate(connectionId, target, fingerprint) };
    });

    internal.post('/internal/tokens/auth-failure', async (request) => {
      const body = authFailureRequest.parse(request.body);
      await deps.broker.invalidate(body.connectionId, body.system, body.fingerprint);
      const paused = await deps.broker.reportRejectedToken(body.connectionId, body.system, body.message);
      return { paused };
    });

    internal.post('/internal/connections/test', async (request) => {
      const { connectionId } = z.object({ connectionId: z.string().min(1) }).parse(request.body);
      return testConnection({ connectionId, connections: deps.connections, broker: deps.broker, logger });
    });

    internal.put('/internal/connections', async (request, reply) => {
      const saved = await deps.connections.save(request.body, deps.vault);
      return reply.code(saved.created ? 201 : 200).send(saved);
    });
  });
  return app;
}
