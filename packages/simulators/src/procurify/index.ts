import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createSimServer, requireBearer, type SimulatorCore } from '../core/sim-server.ts';
import type { ClientCredentials } from '../core/tokens.ts';
import type { Scenario, ScenarioOptions } from '../scenario/types.ts';
import { registerBillRoutes } from './bills.routes.ts';
import { registerControlRoutes } from './control.routes.ts';
import { serverErrorPage, serveUrlsLikeDjango } from './django-urls.ts';
import { registerMasterDataRoutes } from './master-data.routes.ts';
import { registerOauthRoutes } from './oauth.routes.ts';
import { registerOrderRoutes } from './orders.routes.ts';
import { registerPaymentRoutes } from './payments.routes.ts';
import { registerPurchaseOrderRoutes } from './purchase-orders.routes.ts';
import { RawOverrides, registerRawDocumentHooks, registerRawDocumentRoutes } from './raw-documents.ts';
import type { ProcurifyContext } from './responses.ts';
import { ProcurifyStore } from './store.ts';
import { registerVendorRoutes } from './vendors.routes.ts';

export { ProcurifyStore } from './store.ts';

export interface ProcurifySimulatorOptions {
  core: SimulatorCore;
  scenario: Scenario;
  credentials: ClientCredentials;
  /** Largest page_size honoured (larger requests are lowered to it). */
  pageSizeCap: number;
  /** Builds the scenario `POST /_sim/reset` loads. */
  regenerate: (options: ScenarioOptions) => Scenario;
  logger: boolean;
}

export interface ProcurifySimulator {
  app: FastifyInstance;
  store: ProcurifyStore;
}

const statusText: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** Injected faults: DRF's throttling body for 429; the load balancer's HTML page for 5xx. */
function faultResponse(
  kind: 'server_error' | 'rate_limited',
  status: number,
): { contentType: string; body: string } {
  if (kind === 'rate_limited')
    return { contentType: 'application/json', body: JSON.stringify({ detail: 'Request was throttled.' }) };
  if (status === 500) return { contentType: 'text/html; charset=utf-8', body: serverErrorPage };
  const title = `${status} ${statusText[status] ?? 'Error'}`;
  return {
    contentType: 'text/html',
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** DRF authentication, then Procurify's client header check, before every API view. */
function authenticate(core: SimulatorCore) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const clientId = requireBearer(core, request, reply, (reason) => {
      void reply.header('www-authenticate', 'Bearer realm="api"');
      if (reason === 'missing') return { detail: 'Authentication credentials were not provided.' };
      return {
        detail: reason === 'expired' || reason === 'too_old' ? 'Signature has expired.' : 'Invalid token.',
      };
    });
    if (clientId === undefined) return reply;
    if (request.headers['x-procurify-client'] !== 'api')
      return reply.code(403).send({ detail: 'Requests must carry the header "X-Procurify-Client: api".' });
    return undefined;
  };
}

/** Errors Fastify raises before a view runs (bad JSON, unsupported content type), as DRF words them. */
function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error(error);
    return reply.code(500).type('text/html; charset=utf-8').send(serverErrorPage);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return reply
      .code(415)
      .send({ detail: `Unsupported media type "${request.headers['content-type'] ?? ''}" in request.` });
  if (error.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError)
    return reply.code(400).send({ detail: `JSON parse error - ${error.message}` });
  return reply.code(status).send({ detail: error.message });
}

/** The Procurify API simulator: token service, the endpoints the connector uses, and its control API. */
export function buildProcurifySimulator(options: ProcurifySimulatorOptions): ProcurifySimulator {
  const { core } = options;
  // startSimulators registers the client too; doing it here lets the builder stand alone.
  core.tokens.registerClient(options.credentials);
  const store = new ProcurifyStore(core.clock);
  store.load(options.scenario);
  const rawOverrides = new RawOverrides();
  const app = createSimServer({
    core,
    faultResponse,
    reset: (reset) => {
      rawOverrides.clear();
      return { ok: true, loaded: store.load(options.regenerate(reset)) };
    },
    logger: options.logger,
  });
  void app.register(formbody);
  serveUrlsLikeDjango(app);
  app.setErrorHandler(sendError);

  const context: ProcurifyContext = { core, store, pageSizeCap: options.pageSizeCap };
  registerOauthRoutes(app, context);
  void app.register(async (api) => {
    api.addHook('preHandler', authenticate(core));
    registerRawDocumentHooks(api, store, rawOverrides);
    registerPurchaseOrderRoutes(api, context);
    registerOrderRoutes(api, context);
    registerBillRoutes(api, context);
    registerPaymentRoutes(api, context);
    registerVendorRoutes(api, context);
    registerMasterDataRoutes(api, context);
  });
  registerControlRoutes(app, store);
  registerRawDocumentRoutes(app, store, rawOverrides);
  return { app, store };
}
