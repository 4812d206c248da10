import { randomUUID } from 'node:crypto';
import { registerMetricsRoute, registerProbeRoutes } from '@mlc/observability';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import { presentedToken, type Role } from './auth.ts';
import { boardPath, readOnlyRedirect, registerBullBoards } from './bull-board.ts';
import type { ServerDeps } from './deps.ts';
import { HttpError, sendError, toHttpError } from './http-error.ts';
import { registerConnectionRoutes } from './routes/connections.routes.ts';
import { registerLedgerRoutes } from './routes/ledger.routes.ts';
import { registerMappingRoutes } from './routes/mappings.routes.ts';
import { registerPipelineRoutes } from './routes/pipeline.routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every authenticated request. */
    role: Role | undefined;
  }
}

/** A registered route (API, board, probes): what the auth tests walk through. */
export interface RouteInfo {
  method: string;
  url: string;
}

/** Routes anyone may call: orchestrators probe them without credentials. */
const publicPaths = new Set(['/healthz', '/readyz']);
const readMethods = new Set(['GET', 'HEAD']);

function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0] ?? request.url;
}

function isBoard(path: string): boolean {
  return path === boardPath || path.startsWith(`${boardPath}/`);
}

const requestIdPattern = /^[\w.:-]{1,128}$/;

/**
 * The admin HTTP surface (design.md §3): REST under /api, Bull Board at /admin/queues, probes.
 * Every request but the probes carries the admin or viewer token; viewers only read.
 */
export async function buildServer(
  deps: ServerDeps,
): Promise<{ server: FastifyInstance; routes: RouteInfo[] }> {
  // Typed as Fastify's logger so the instance keeps its default type (pino's is wider).
  const logger: FastifyBaseLogger = deps.logger.child({ module: 'http' });
  const app = Fastify({
    loggerInstance: logger,
    // One line per request from onResponse below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // Keep a caller's id (a proxy's, the CLI's) so one request can be followed across logs.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    trustProxy: deps.trustProxy,
    bodyLimit: 1024 * 1024,
  });
  app.decorateRequest('role', undefined);
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });

  // Answers (rather than throws) its refusals: Bull Board's routes have their own error handler.
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    const path = pathOf(request);
    if (publicPaths.has(path)) return;
    const challenge = isBoard(path)
      ? 'Basic realm="ml-connector", charset="UTF-8"'
      : 'Bearer realm="ml-connector"';

    const waitSeconds = await deps.limiter.blockedForSeconds(request.ip);
    if (waitSeconds > 0) {
      return sendError(
        reply,
        new HttpError(
          429,
          'TOO_MANY_AUTH_FAILURES',
          'Too many failed authentications from this address; try again later',
          {
            headers: { 'retry-after': String(waitSeconds) },
          },
        ),
      );
    }
    const token = presentedToken(request.headers.authorization);
    const role = deps.checker.roleOf(token);
    if (!role) {
      // Only a presented, wrong credential counts: a browser's first credential-less request
      // (answered with the Basic challenge) is not an attack.
      if (token !== undefined) await deps.limiter.recordFailure(request.ip);
      return sendError(
        reply,
        new HttpError(
          401,
          'UNAUTHORIZED',
          token === undefined
            ? 'Authentication required: Authorization: Bearer <ADMIN_TOKEN or ADMIN_VIEWER_TOKEN>'
            : 'The token is not valid',
          { headers: { 'www-authenticate': challenge } },
        ),
      );
    }
    request.role = role;
    if (role === 'viewer') {
      if (!readMethods.has(request.method))
        return sendError(
          reply,
          new HttpError(403, 'FORBIDDEN', 'The viewer token is read-only; this needs the admin token'),
        );
      const redirect = readOnlyRedirect(request.url);
      if (redirect) return reply.redirect(redirect, 302);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const path = pathOf(request);
    const line = {
      method: request.method,
      path,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      role: request.role,
    };
    if (publicPaths.has(path) || (isBoard(path) && reply.statusCode < 400))
      request.log.debug(line, 'request');
    else request.log.info(line, 'request');
  });

  app.setErrorHandler(async (error, request, reply) => {
    const known = toHttpError(error);
    if (known) {
      if (known.statusCode >= 500)
        request.log.warn({ err: error, code: known.code }, 'request failed upstream');
      return sendError(reply, known);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(
      reply,
      new HttpError(500, 'INTERNAL', 'Unexpected error; the request id leads to the log line'),
    );
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendError(reply, new HttpError(404, 'NOT_FOUND', `No route ${request.method} ${pathOf(request)}`)),
  );

  // Probes are public (orchestrators call them without credentials); /metrics is not: it is
  // behind the auth hook like everything else, and a viewer token may scrape it.
  registerProbeRoutes(app, { checks: deps.readiness });
  registerMetricsRoute(app);
  await app.register(
    async (api) => {
      registerConnectionRoutes(api, deps);
      registerLedgerRoutes(api, deps);
      registerMappingRoutes(api, deps);
      registerPipelineRoutes(api, deps);
    },
    { prefix: '/api' },
  );
  await registerBullBoards(app, Object.values(deps.queues));
  await app.ready();
  return { server: app, routes };
}
