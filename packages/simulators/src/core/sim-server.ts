import { setTimeout as delay } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SimClock } from './clock.ts';
import type { RequestCounters } from './counters.ts';
import { corruptPayload, type FaultDecision, type FaultInjector } from './faults.ts';
import type { TokenCheck, TokenStore } from './tokens.ts';

/** The state every simulator has besides its documents. */
export interface SimulatorCore {
  name: 'procurify' | 'oracle';
  clock: SimClock;
  faults: FaultInjector;
  counters: RequestCounters;
  tokens: TokenStore;
}

export interface SimServerOptions {
  core: SimulatorCore;
  /** How this upstream answers an injected 5xx or 429 (Oracle often with HTML, Procurify with JSON). */
  faultResponse: (
    kind: 'server_error' | 'rate_limited',
    status: number,
  ) => { contentType: string; body: string };
  /** Reloads the documents from a freshly generated scenario (POST /_sim/reset). */
  reset: (options: { seed?: number; purchaseOrders?: number; bills?: number }) => unknown;
  /** Fastify's logger; off by default (the simulators are quiet test fixtures). */
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    simFault: FaultDecision | null;
  }
}

const controlPrefix = '/_sim';

function faultKey(request: FastifyRequest): string {
  return `${request.method} ${request.url.split('?', 1)[0]}`;
}

function counterKey(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
}

/**
 * A Fastify server with the machinery both simulators share: fault injection and request
 * counting on every API route, and the common control API under `/_sim`.
 */
export function createSimServer(options: SimServerOptions): FastifyInstance {
  const { core } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 20 * 1024 * 1024,
    // Real upstreams take long ids in paths; trailing slashes are significant (Procurify's paths end in one).
    routerOptions: { maxParamLength: 500, ignoreTrailingSlash: false },
  });
  app.decorateRequest('simFault', null);

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(controlPrefix)) return;
    const decision = core.faults.decide(faultKey(request));
    request.simFault = decision;
    if (decision.latencyMs > 0) await delay(decision.latencyMs);
    const action = decision.action;
    if (!action) return;
    switch (action.kind) {
      case 'reset':
        core.counters.record(counterKey(request), 'reset');
        request.raw.socket.resetAndDestroy();
        return reply.hijack();
      case 'timeout':
        core.counters.record(counterKey(request), 'timeout');
        await delay(action.holdMs);
        request.raw.socket.destroy();
        return reply.hijack();
      case 'server_error':
      case 'rate_limited': {
        const status = action.kind === 'server_error' ? action.status : 429;
        const response = options.faultResponse(action.kind, status);
        if (action.kind === 'rate_limited') reply.header('retry-after', String(action.retryAfterSeconds));
        return reply.code(status).type(response.contentType).send(response.body);
      }
      case 'lost_response':
      case 'corrupt_response':
        return; // handled in onSend, after the handler has done its work
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.simFault?.action?.kind === 'lost_response' && reply.statusCode < 400) {
      core.counters.record(counterKey(request), 'lost');
      // The request was processed (a create happened); the client never hears about it.
      request.raw.socket.destroy();
    }
    const action = request.simFault?.action;
    if (action?.kind === 'corrupt_response' && reply.statusCode < 400) {
      const text =
        typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : undefined;
      if (text !== undefined) return corruptPayload(text, action.corruption);
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith(controlPrefix) || request.simFault?.action?.kind === 'lost_response') return;
    core.counters.record(counterKey(request), reply.statusCode);
  });

  registerControlRoutes(app, options);
  return app;
}

/**
 * Checks the bearer token (and any `tokenMaxAgeSeconds` fault) of an API request. Returns the
 * token's client, or sends the 401 itself and returns undefined.
 */
export function requireBearer(
  core: SimulatorCore,
  request: FastifyRequest,
  reply: FastifyReply,
  unauthorized: (reason: Exclude<TokenCheck, { ok: true }>['reason'] | 'too_old') => unknown,
): string | undefined {
  const check = core.tokens.check(request.headers.authorization);
  const maxAge = request.simFault?.tokenMaxAgeSeconds;
  if (check.ok && (maxAge === undefined || check.ageSeconds <= maxAge)) return check.clientId;
  const reason = check.ok ? 'too_old' : check.reason;
  void reply.code(401).send(unauthorized(reason));
  return undefined;
}

const faultRuleSchema = z.object({
  match: z.string().min(1),
  latencyMs: z
    .union([z.number().nonnegative(), z.object({ min: z.number().nonnegative(), max: z.number() })])
    .optional(),
  serverErrorRate: z.number().min(0).max(1).optional(),
  serverErrorStatuses: z.array(z.number().int().min(500).max(599)).optional(),
  rateLimitRate: z.number().min(0).max(1).optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  resetRate: z.number().min(0).max(1).optional(),
  timeoutRate: z.number().min(0).max(1).optional(),
  timeoutHoldMs: z.number().nonnegative().optional(),
  lostResponseRate: z.number().min(0).max(1).optional(),
  corruptRate: z.number().min(0).max(1).optional(),
  corruption: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('truncate') }),
      z.object({ kind: z.literal('empty') }),
      z.object({ kind: z.literal('omit'), fields: z.array(z.string().min(1)).min(1) }),
      z.object({ kind: z.literal('set'), fields: z.record(z.string().min(1), z.unknown()) }),
    ])
    .optional(),
  tokenMaxAgeSeconds: z.number().nonnegative().optional(),
  times: z.number().int().positive().optional(),
});

function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  reply: FastifyReply,
): z.infer<T> | undefined {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  void reply.code(400).send({ error: 'invalid_control_request', detail: z.prettifyError(result.error) });
  return undefined;
}

function registerControlRoutes(app: FastifyInstance, options: SimServerOptions): void {
  const { core } = options;
  app.get(`${controlPrefix}/health`, async () => ({ ok: true, simulator: core.name, now: core.clock.now() }));

  app.get(`${controlPrefix}/counters`, async () => core.counters.snapshot());
  app.delete(`${controlPrefix}/counters`, async () => {
    core.counters.reset();
    return { ok: true };
  });

  app.get(`${controlPrefix}/faults`, async () => ({
    rules: core.faults.list(),
    injected: core.faults.injected,
  }));
  app.put(`${controlPrefix}/faults`, async (request, reply) => {
    const body = parseBody(
      z.object({ rules: z.array(faultRuleSchema), seed: z.number().int().optional() }),
      request.body,
      reply,
    );
    if (!body) return reply;
    core.faults.configure(body.rules as Parameters<FaultInjector['configure']>[0], body.seed);
    return { rules: core.faults.list() };
  });
  app.delete(`${controlPrefix}/faults`, async () => {
    core.faults.clear();
    return { ok: true };
  });

  app.get(`${controlPrefix}/clock`, async () => ({ now: core.clock.now(), offsetMs: core.clock.offset }));
  app.post(`${controlPrefix}/clock/advance`, async (request, reply) => {
    const body = parseBody(
      z.object({ ms: z.number().optional(), seconds: z.number().optional(), days: z.number().optional() }),
      request.body,
      reply,
    );
    if (!body) return reply;
    const ms = (body.ms ?? 0) + (body.seconds ?? 0) * 1000 + (body.days ?? 0) * 86_400_000;
    return { now: core.clock.advance(ms) };
  });

  app.post(`${controlPrefix}/tokens/expire`, async () => ({ expired: core.tokens.expireAll() }));
  app.post(`${controlPrefix}/tokens/revoke`, async (request, reply) => {
    const body = parseBody(z.object({ clientId: z.string().optional() }), request.body, reply);
    if (!body) return reply;
    core.tokens.revoke(body.clientId);
    return { ok: true };
  });
  app.post(`${controlPrefix}/tokens/restore`, async (request, reply) => {
    const body = parseBody(z.object({ clientId: z.string().optional() }), request.body, reply);
    if (!body) return reply;
    core.tokens.restore(body.clientId);
    return { ok: true };
  });
  app.put(`${controlPrefix}/tokens/lifetime`, async (request, reply) => {
    const body = parseBody(z.object({ expiresInSeconds: z.number().int().positive() }), request.body, reply);
    if (!body) return reply;
    core.tokens.expiresInSeconds = body.expiresInSeconds;
    return { expiresInSeconds: body.expiresInSeconds };
  });
  app.get(`${controlPrefix}/tokens`, async () => ({
    issued: core.tokens.issuedCount,
    expiresInSeconds: core.tokens.expiresInSeconds,
  }));

  app.post(`${controlPrefix}/reset`, async (request, reply) => {
    const body = parseBody(
      z.object({
        seed: z.number().int().optional(),
        purchaseOrders: z.number().int().min(0).max(100_000).optional(),
        bills: z.number().int().min(0).max(100_000).optional(),
      }),
      request.body,
      reply,
    );
    if (!body) return reply;
    core.counters.reset();
    core.faults.clear();
    return (await options.reset(stripUndefined(body))) ?? { ok: true };
  });
}

function stripUndefined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
