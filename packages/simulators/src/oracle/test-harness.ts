// Shared by the *.integration.test.ts files of this directory: one simulator per test file,
// driven through app.inject() exactly as a client would call it.
import type { HTTPMethods, LightMyRequestResponse } from 'fastify';
import { SimClock } from '../core/clock.ts';
import { RequestCounters } from '../core/counters.ts';
import { FaultInjector } from '../core/faults.ts';
import type { SimulatorCore } from '../core/sim-server.ts';
import { TokenStore } from '../core/tokens.ts';
import { generateScenario } from '../scenario/generate.ts';
import type { Scenario, ScenarioOptions } from '../scenario/types.ts';
import { buildOracleSimulator, type OracleSimulator } from './index.ts';
import { restBase } from './rest-read.routes.ts';

export const testCredentials = {
  clientId: 'test-oracle-client',
  clientSecret: 'test-oracle-secret',
  scope: 'urn:opc:resource:fa:instanceid=1234567urn:opc:resource:consumer::all',
};

export const basicHeader = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export interface RestCall {
  body?: unknown;
  /** REST-Framework-Version header; omitted means the server default (1). */
  version?: number;
  contentType?: string;
  authorization?: string;
  headers?: Record<string, string>;
}

export interface OracleHarness extends OracleSimulator {
  core: SimulatorCore;
  scenario: Scenario;
  token: string;
  /** A REST call; `path` is relative to /fscmRestApi/resources/11.13.18.05 unless it starts with '/'. */
  rest(method: HTTPMethods, path: string, call?: RestCall): Promise<LightMyRequestResponse>;
  /** GET returning the parsed JSON, failing loudly on anything but 200. */
  getJson<T = Record<string, unknown>>(path: string, call?: RestCall): Promise<T>;
  control(method: HTTPMethods, path: string, body?: unknown): Promise<LightMyRequestResponse>;
  requestToken(): Promise<string>;
}

export async function startOracle(scenarioOptions: ScenarioOptions = {}): Promise<OracleHarness> {
  const options = {
    seed: 42,
    purchaseOrders: 10,
    anchor: new Date('2026-11-20T12:00:00Z'),
    ...scenarioOptions,
  };
  // Simulated now: a day after the scenario's anchor, as when the scenario is generated at start-up.
  const clock = new SimClock();
  clock.advance(options.anchor.getTime() + 86_400_000 - clock.nowMs());
  const tokens = new TokenStore(clock, { expiresInSeconds: 3600 });
  tokens.registerClient(testCredentials);
  const core: SimulatorCore = {
    name: 'oracle',
    clock,
    tokens,
    faults: new FaultInjector(2),
    counters: new RequestCounters(),
  };
  const scenario = generateScenario(options);
  const simulator = buildOracleSimulator({
    core,
    scenario,
    credentials: testCredentials,
    regenerate: (overrides) => generateScenario({ ...options, ...overrides }),
    logger: false,
  });
  await simulator.app.ready();

  const requestToken = async () => {
    const response = await simulator.app.inject({
      method: 'POST',
      url: '/oauth2/v1/token',
      headers: {
        authorization: basicHeader(testCredentials.clientId, testCredentials.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: testCredentials.scope,
      }).toString(),
    });
    if (response.statusCode !== 200) throw new Error(`token request answered ${response.statusCode}`);
    return response.json<{ access_token: string }>().access_token;
  };

  const harness: OracleHarness = {
    ...simulator,
    core,
    scenario,
    token: await requestToken(),
    requestToken,
    rest(method, path, call = {}) {
      const headers: Record<string, string> = {
        authorization: call.authorization ?? `Bearer ${harness.token}`,
        ...call.headers,
      };
      if (call.version !== undefined) headers['rest-framework-version'] = String(call.version);
      if (call.body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
      return simulator.app.inject({
        method,
        url: path.startsWith('/') ? path : `${restBase}/${path}`,
        headers,
        ...(call.body === undefined ? {} : { payload: JSON.stringify(call.body) }),
      });
    },
    async getJson<T>(path: string, call?: RestCall) {
      const response = await harness.rest('GET', path, call);
      if (response.statusCode !== 200)
        throw new Error(`GET ${path} answered ${response.statusCode}: ${response.body}`);
      return response.json<T>();
    },
    control(method, path, body) {
      return simulator.app.inject({
        method,
        url: `/_sim${path}`,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
      });
    },
  };
  return harness;
}

/** q as a URL parameter, encoded the way a careful client encodes it ('+' → %2B). */
export const q = (expression: string) => `q=${encodeURIComponent(expression)}`;

/** Sorted by UTF-16 code units, as the simulator's orderBy sorts strings. */
export function sortedStrings(values: readonly unknown[]): string[] {
  return values.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`scenario lacks ${what}`);
  return value;
}

export interface Collection<T = Record<string, unknown>> {
  items: T[];
  count: number;
  hasMore: boolean;
  limit: number;
  offset: number;
  totalResults?: number;
  links: unknown[];
}

// ---- Documents the tests post, built from the scenario's Oracle side ---------------------------

export function masterData(scenario: Scenario) {
  const suppliers = scenario.vendors.flatMap((vendor) => (vendor.oracle ? [vendor.oracle] : []));
  const usSupplier = suppliers.find((supplier) =>
    supplier.sites.some((site) => site.procurementBU === 'US1 Business Unit'),
  );
  const otherUsSupplier = suppliers.find(
    (supplier) =>
      supplier !== usSupplier && supplier.sites.some((site) => site.procurementBU === 'US1 Business Unit'),
  );
  const caOnlySupplier = suppliers.find((supplier) =>
    supplier.sites.every((site) => site.procurementBU === 'CA1 Business Unit'),
  );
  if (!usSupplier || !otherUsSupplier || !caOnlySupplier)
    throw new Error('scenario lacks the suppliers the tests need');
  const siteIn = (supplier: typeof usSupplier, bu: string) => {
    const site = supplier.sites.find((candidate) => candidate.procurementBU === bu);
    if (!site) throw new Error(`no site in ${bu}`);
    return site.siteCode;
  };
  const enabled = scenario.oracle.accountCombinations.filter((combination) => combination.enabled);
  const disabled = scenario.oracle.accountCombinations.find((combination) => !combination.enabled);
  return {
    usSupplier,
    usSite: siteIn(usSupplier, 'US1 Business Unit'),
    otherUsSupplier,
    otherUsSite: siteIn(otherUsSupplier, 'US1 Business Unit'),
    caOnlySupplier,
    caSite: siteIn(caOnlySupplier, 'CA1 Business Unit'),
    account: must(enabled[0], 'an enabled account combination').combination,
    otherAccount: must(enabled[1], 'two enabled account combinations').combination,
    disabledAccount: must(disabled, 'a disabled account combination').combination,
    buyerEmail: must(scenario.oracle.buyers[0], 'a buyer').email,
    uom: must(scenario.oracle.unitsOfMeasure[0], 'a unit of measure'),
    category: must(scenario.oracle.categories[0], 'a category'),
    shipTo: must(
      scenario.oracle.shipToLocations.find((location) => location.businessUnit === 'US1 Business Unit'),
      'a US ship-to location',
    ).code,
  };
}

export function invoiceBody(scenario: Scenario, overrides: Record<string, unknown> = {}) {
  const data = masterData(scenario);
  return {
    InvoiceNumber: 'INV-1001',
    InvoiceCurrency: 'USD',
    InvoiceAmount: 150.25,
    InvoiceDate: '2026-11-18',
    BusinessUnit: 'US1 Business Unit',
    Supplier: data.usSupplier.name,
    SupplierSite: data.usSite,
    Description: 'Office chairs [PRC-BILL-501]',
    invoiceLines: [
      { LineNumber: 1, LineAmount: 100.25, DistributionCombination: data.account },
      {
        LineNumber: 2,
        LineAmount: 50,
        invoiceDistributions: [
          { DistributionLineNumber: 1, DistributionAmount: 20, DistributionCombination: data.account },
          { DistributionLineNumber: 2, DistributionAmount: 30, DistributionCombination: data.otherAccount },
        ],
      },
    ],
    ...overrides,
  };
}

export function draftPurchaseOrderBody(scenario: Scenario, overrides: Record<string, unknown> = {}) {
  const data = masterData(scenario);
  return {
    ProcurementBU: 'US1 Business Unit',
    RequisitioningBU: 'US1 Business Unit',
    BuyerEmail: data.buyerEmail,
    Supplier: data.usSupplier.name,
    SupplierSite: data.usSite,
    CurrencyCode: 'USD',
    Description: 'Safety gloves [PRC-PO-1042]',
    lines: [
      {
        LineNumber: 1,
        LineType: 'Goods',
        Category: data.category,
        ItemDescription: 'Nitrile gloves, box of 100',
        Quantity: 10,
        UOM: data.uom,
        Price: 12.5,
        schedules: [
          {
            ScheduleNumber: 1,
            ShipToLocationCode: data.shipTo,
            RequestedDeliveryDate: '2026-12-01',
            distributions: [
              { DistributionNumber: 1, Quantity: 6, POChargeAccount: data.account },
              { DistributionNumber: 2, Quantity: 4, POChargeAccount: data.otherAccount },
            ],
          },
        ],
      },
    ],
    ...overrides,
  };
}
