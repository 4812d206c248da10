import type { ClientCredentials } from './core/tokens.ts';
import type { RunningSimulators } from './simulators.ts';

/** What a connection file needs of running simulators (in this process or, by URL, in another). */
export interface SimulatorEndpoints {
  scenario: RunningSimulators['scenario'];
  procurify: { url: string; credentials: ClientCredentials };
  oracle: { url: string; tokenUrl: string; credentials: ClientCredentials & { scope: string } };
}

/**
 * A connection file (design.md §3) pointing at running simulators, with their credentials and
 * the scenario's chart of accounts. For tests, the demo and benchmarks; needs
 * MLC_ALLOW_INSECURE_UPSTREAMS=1 since the simulators speak plain HTTP on loopback.
 */
export function simulatorConnectionFile(
  sims: SimulatorEndpoints,
  overrides: {
    id?: string;
    name?: string;
    options?: Record<string, unknown>;
    schedule?: Record<string, unknown>;
  } = {},
) {
  const { scenario } = sims;
  const chart = scenario.company.chartOfAccounts;
  return {
    id: overrides.id ?? 'cascade-fab',
    name: overrides.name ?? `${scenario.company.name} (simulators)`,
    procurify: {
      subdomain: scenario.company.domain,
      baseUrl: sims.procurify.url,
      clientId: sims.procurify.credentials.clientId,
      clientSecret: sims.procurify.credentials.clientSecret,
    },
    oracle: {
      podUrl: 'https://cascadefab-test.fa.us2.oraclecloud.com',
      baseUrl: sims.oracle.url,
      auth: {
        type: 'client_credentials',
        tokenUrl: sims.oracle.tokenUrl,
        clientId: sims.oracle.credentials.clientId,
        clientSecret: sims.oracle.credentials.clientSecret,
        scope: sims.oracle.credentials.scope,
      },
      businessUnit: 'US1 Business Unit',
      procurementBU: 'US1 Business Unit',
      buyerEmail: scenario.oracle.buyers[0]?.email,
    },
    accounting: {
      delimiter: chart.delimiter,
      segments: [
        { name: 'company', value: chart.companyValue },
        { name: 'costCenter', from: 'department' },
        { name: 'account', from: 'glAccount' },
        { name: 'intercompany', value: chart.intercompanyValue },
      ],
    },
    schedule: { intervalMinutes: 10, ...overrides.schedule },
    options: { defaultCategory: scenario.oracle.categories[0], ...overrides.options },
  };
}

/**
 * The location mappings a finance team would set for the scenario: each Procurify location to
 * its Oracle business unit and ship-to location (Vancouver books into the Canadian BU).
 */
export function simulatorLocationMappings(scenario: RunningSimulators['scenario']) {
  return scenario.locations.map((location) => ({
    kind: 'location' as const,
    procurifyKey: String(location.id),
    procurifyLabel: location.name,
    oracleValue: location.businessUnit,
    attributes: {
      businessUnit: location.businessUnit,
      procurementBU: location.businessUnit,
      shipToLocationCode: location.shipToLocationCode,
    },
  }));
}

/** GL account → Oracle purchasing category, as the scenario defines them. */
export function simulatorCategoryMappings(scenario: RunningSimulators['scenario']) {
  return scenario.glAccounts.map((account) => ({
    kind: 'gl_account' as const,
    procurifyKey: account.code,
    procurifyLabel: account.description,
    oracleValue: account.code,
    attributes: { category: account.category },
  }));
}
