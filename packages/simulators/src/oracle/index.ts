import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance } from 'fastify';
import { createSimServer, type SimulatorCore } from '../core/sim-server.ts';
import type { ClientCredentials } from '../core/tokens.ts';
import type { Scenario, ScenarioOptions } from '../scenario/types.ts';
import { registerTokenRoute, restAuthentication } from './auth.ts';
import { registerControlRoutes } from './control.routes.ts';
import { OracleRequestError } from './request-error.ts';
import { topResources } from './resources.ts';
import { registerReadRoutes } from './rest-read.routes.ts';
import { registerWriteRoutes } from './rest-write.routes.ts';
import { OracleStore } from './store.ts';

export { OracleStore } from './store.ts';
export { restBase } from './rest-read.routes.ts';
export { tokenPath } from './auth.ts';

export interface OracleSimulatorOptions {
  core: SimulatorCore;
  scenario: Scenario;
  credentials: ClientCredentials & { scope: string };
  regenerate: (options: ScenarioOptions) => Scenario;
  logger: boolean;
}

export interface OracleSimulator {
  app: FastifyInstance;
  store: OracleStore;
}

const statusText: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The HTML page Fusion's front end (OHS / load balancer) answers a failed request with. */
export function oracleErrorPage(status: number): string {
  const text = statusText[status] ?? 'Error';
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>${status} ${text}</title>
</head><body>
<h1>${text}</h1>
<p>The server encountered an internal error or misconfiguration and was unable to complete your request.</p>
<hr>
<address>Oracle-HTTP-Server Server at fa.oraclecloud.com Port 443</address>
</body></html>
`;
}

function faultResponse(kind: 'server_error' | 'rate_limited', status: number) {
  if (kind === 'rate_limited') return { contentType: 'text/plain; charset=utf-8', body: 'Too Many Requests' };
  return { contentType: 'text/html; charset=iso-8859-1', body: oracleErrorPage(status) };
}

/**
 * The Oracle Fusion Cloud ERP simulator: the identity domain's token endpoint, the Financials and
 * Procurement REST resources under /fscmRestApi/resources/11.13.18.05, and `/_sim/oracle` controls.
 */
export function buildOracleSimulator(options: OracleSimulatorOptions): OracleSimulator {
  const { core } = options;
  const store = new OracleStore(core.clock, options.scenario);
  const app = createSimServer({
    core,
    faultResponse,
    reset: (scenarioOptions) => {
      store.load(options.regenerate(scenarioOptions));
      return { ok: true, ...store.summary() };
    },
    logger: options.logger,
  });

  void app.register(formbody);
  // Oracle's media types (resourceitem, action, …) carry JSON like application/json.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(
    /^application\/vnd\.oracle\.adf\.[\w.-]+\+json/,
    { parseAs: 'string' },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, {});
      void parseJson(request, text, done);
    },
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // The control API (shared and Oracle-specific) speaks JSON; the REST API plain text.
    const isControl = request.url.startsWith('/_sim');
    if (error instanceof OracleRequestError) {
      if (isControl)
        return reply
          .code(error.status)
          .send({ error: error.status === 404 ? 'not_found' : 'rejected', detail: error.message });
      return reply.code(error.status).type('text/plain; charset=utf-8').send(error.message);
    }
    const status = error.statusCode ?? 500;
    if (isControl)
      return reply
        .code(status)
        .send({ error: status < 500 ? 'rejected' : 'internal', detail: error.message });
    if (status < 500) return reply.code(status).type('text/plain; charset=utf-8').send(error.message);
    request.log.error(error);
    return reply.code(500).type('text/html; charset=iso-8859-1').send(oracleErrorPage(500));
  });
  // Unknown resources, other versions and paths without the version: a bare 404.
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send(''));

  registerTokenRoute(app, core, options.credentials.scope);
  const hooks = { onRequest: restAuthentication(core) };
  for (const top of topResources(store)) registerReadRoutes(app, hooks, top);
  registerWriteRoutes(app, hooks, store);
  registerControlRoutes(app, store);
  return { app, store };
}
