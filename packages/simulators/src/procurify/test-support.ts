import { createSpecValidator } from '@mlc/procurify-api/validator';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { SimClock } from '../core/clock.ts';
import { RequestCounters } from '../core/counters.ts';
import { FaultInjector } from '../core/faults.ts';
import type { SimulatorCore } from '../core/sim-server.ts';
import { TokenStore } from '../core/tokens.ts';
import { generateScenario } from '../scenario/generate.ts';
import type { Scenario, ScenarioOptions } from '../scenario/types.ts';
import { buildProcurifySimulator } from './index.ts';
import type { ProcurifyStore } from './store.ts';

/** Shared by the Procurify simulator's integration tests (not a test file itself). */

export const testCredentials = { clientId: 'test-procurify-client', clientSecret: 'test-procurify-secret' };
export const audience = 'https://api.procurify.com/';

export interface PaginationBody {
  count: number;
  next: string | null;
  previous: string | null;
  page_size: number;
  num_pages: number;
  current_page: number;
}

/** A list response, its items typed with the spec's generated type (every field present). */
export interface ListOf<T> {
  metadata: { pagination: PaginationBody } & Record<string, unknown>;
  data: Required<T>[];
}

export interface SingleOf<T, M = Record<string, unknown>> {
  metadata: M;
  data: Required<T>;
}

export interface Response<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
  text: string;
}

export interface TestSimulator {
  app: FastifyInstance;
  store: ProcurifyStore;
  core: SimulatorCore;
  scenario: Scenario;
  token: string;
  /** An API call with the bearer token and `X-Procurify-Client: api` (both overridable). */
  api<T = unknown>(
    method: string,
    url: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<Response<T>>;
  /** A call without any default headers (token endpoint, control API). */
  raw<T = unknown>(
    method: string,
    url: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<Response<T>>;
  fetchToken(): Promise<string>;
  /**
   * Moves the simulated clock to `iso` (give or take the milliseconds the call takes) and
   * fetches a fresh token, since days may have passed.
   */
  setClock(iso: string): Promise<void>;
}

export interface TestSimulatorOptions {
  scenario?: ScenarioOptions;
  pageSizeCap?: number;
  tokenSeconds?: number;
}

export async function startTestSimulator(options: TestSimulatorOptions = {}): Promise<TestSimulator> {
  const clock = new SimClock();
  const core: SimulatorCore = {
    name: 'procurify',
    clock,
    tokens: new TokenStore(clock, { expiresInSeconds: options.tokenSeconds ?? 86_400 }),
    faults: new FaultInjector(1),
    counters: new RequestCounters(),
  };
  const scenarioOptions: ScenarioOptions = {
    seed: 11,
    purchaseOrders: 40,
    linesPerPo: { min: 1, max: 6 },
    ...options.scenario,
  };
  const scenario = generateScenario(scenarioOptions);
  const { app, store } = buildProcurifySimulator({
    core,
    scenario,
    credentials: testCredentials,
    pageSizeCap: options.pageSizeCap ?? 100,
    regenerate: (overrides) => generateScenario({ ...scenarioOptions, ...overrides, anchor: clock.now() }),
    logger: false,
  });
  await app.ready();

  const raw: TestSimulator['raw'] = async (method, url, { body, headers = {} } = {}) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const text = response.body;
    const isJson = (response.headers['content-type'] ?? '').includes('json');
    return {
      status: response.statusCode,
      headers: response.headers,
      text,
      body: isJson && text ? JSON.parse(text) : text,
    };
  };
  const fetchToken = async () => {
    const response = await raw<{ access_token: string }>('POST', '/oauth/token', {
      body: {
        client_id: testCredentials.clientId,
        client_secret: testCredentials.clientSecret,
        audience,
        grant_type: 'client_credentials',
      },
    });
    expect(response.status).toBe(200);
    return response.body.access_token;
  };
  const simulator: TestSimulator = {
    app,
    store,
    core,
    scenario,
    token: await fetchToken(),
    raw,
    fetchToken,
    async setClock(iso) {
      await raw('POST', '/_sim/clock/advance', { body: { ms: Date.parse(iso) - clock.nowMs() } });
      simulator.token = await fetchToken();
    },
    api: (method, url, { body, headers = {} } = {}) =>
      raw(method, url, {
        ...(body === undefined ? {} : { body }),
        headers: { authorization: `Bearer ${simulator.token}`, 'x-procurify-client': 'api', ...headers },
      }),
  };
  return simulator;
}

const validator = await createSpecValidator({ closedObjects: true });

/**
 * Places where the official spec contradicts itself, so that no value the API can send passes
 * Ajv; each is named with the condition under which it is tolerated, and nothing else is.
 *
 * - `nullable: true` beside `allOf: [$ref]` (OpenAPI 3.0 "nullable object"): the referenced
 *   schema still applies to null, so the documented "no value" (null) always fails.
 * - PaymentResponse `status` / `payment_source_type`: `type: object` with `allOf` of a *string*
 *   enum; any value fails one of the two (a string is not an object; null is not in the enum).
 * - `locationTimezone`: `type: integer` with `oneOf` of a *string* enum of zone names.
 */
const nullableAllOfFields = new Set([
  'creditcard',
  'catalog_item',
  'recurrence',
  'expense',
  'creditcard_item',
  'bill_payment',
  'approver',
  'payment_term_ref',
  'shipping_term_ref',
  'payment_method_ref',
  'shipping_method_ref',
]);
const enumTypedAsObjectFields = new Set(['status', 'payment_source_type']);

function valueAtPointer(body: unknown, pointer: string): unknown {
  let value = body;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function isKnownContradiction(operationId: string | undefined, error: string, body: unknown): boolean {
  const [pointer = '', ...rest] = error.split(' ');
  const message = rest.join(' ');
  const field = pointer.split('/').at(-1) ?? '';
  const value = valueAtPointer(body, pointer);
  if (nullableAllOfFields.has(field) && value === null) return true;
  if (
    operationId === 'public_v1_payments_list' &&
    enumTypedAsObjectFields.has(field) &&
    typeof value === 'string' &&
    message.startsWith('must be object')
  )
    return true;
  return field === 'locationTimezone' && typeof value === 'string' && message.startsWith('must be integer');
}

/** Violations of the official spec in a response, apart from the spec's own contradictions. */
export function specViolations(method: string, path: string, status: number, body: unknown): string[] {
  const check = validator.validateResponse({ method, path: path.split('?', 1)[0] ?? path }, status, body);
  if (check.operationId === undefined) return check.errors;
  return check.errors.filter((error) => !isKnownContradiction(check.operationId, error, body));
}

/** The raw validator, for the test that documents the contradictions themselves. */
export const specValidator = validator;

/** Asserts the status; on a mismatch the failure shows the response body too. */
export function expectStatus(response: Response, status: number): void {
  expect(response.status === status ? status : `${response.status}: ${response.text.slice(0, 500)}`).toBe(
    status,
  );
}

export function expectSpecCompliant(method: string, path: string, response: Response): void {
  expect(response.status < 300 ? 'success' : `${response.status}: ${response.text.slice(0, 500)}`).toBe(
    'success',
  );
  expect(specViolations(method, path, response.status, response.body)).toEqual([]);
}
