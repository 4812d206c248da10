import type { FastifyInstance } from 'fastify';
import { SimClock } from './core/clock.ts';
import { RequestCounters } from './core/counters.ts';
import { FaultInjector } from './core/faults.ts';
import type { SimulatorCore } from './core/sim-server.ts';
import { TokenStore, type ClientCredentials } from './core/tokens.ts';
import { buildOracleSimulator, type OracleSimulator } from './oracle/index.ts';
import { buildProcurifySimulator, type ProcurifySimulator } from './procurify/index.ts';
import { generateScenario } from './scenario/generate.ts';
import type { Scenario, ScenarioOptions } from './scenario/types.ts';

/** Credentials the simulators accept unless told otherwise (development values, not secrets). */
export const defaultCredentials = {
  procurify: { clientId: 'sim-procurify-client', clientSecret: 'sim-procurify-secret' },
  oracle: {
    clientId: 'sim-oracle-client',
    clientSecret: 'sim-oracle-secret',
    scope: 'urn:opc:resource:fa:instanceid=1234567urn:opc:resource:consumer::all',
  },
} as const;

export interface StartSimulatorsOptions extends ScenarioOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  procurifyPort?: number;
  oraclePort?: number;
  procurifyCredentials?: ClientCredentials;
  oracleCredentials?: ClientCredentials & { scope: string };
  /** Token lifetimes in seconds (defaults 86400 and 3600, as the real services). */
  procurifyTokenSeconds?: number;
  oracleTokenSeconds?: number;
  /** Largest page_size Procurify honours (default 100). */
  procurifyPageSizeCap?: number;
  logger?: boolean;
}

export interface RunningSimulator<Store> {
  url: string;
  app: FastifyInstance;
  core: SimulatorCore;
  store: Store;
}

export interface RunningSimulators {
  scenario: Scenario;
  procurify: RunningSimulator<ProcurifySimulator['store']> & { credentials: ClientCredentials };
  oracle: RunningSimulator<OracleSimulator['store']> & {
    credentials: ClientCredentials & { scope: string };
    /** The identity domain's token endpoint (served by the same process). */
    tokenUrl: string;
  };
  close(): Promise<void>;
}

function createCore(
  name: SimulatorCore['name'],
  tokenSeconds: number,
  credentials: ClientCredentials,
): SimulatorCore {
  const clock = new SimClock();
  const tokens = new TokenStore(clock, { expiresInSeconds: tokenSeconds });
  tokens.registerClient(credentials);
  return {
    name,
    clock,
    tokens,
    faults: new FaultInjector(name === 'procurify' ? 1 : 2),
    counters: new RequestCounters(),
  };
}

/** Starts both simulators on loopback (or `host`) with one seeded scenario. */
export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const host = options.host ?? '127.0.0.1';
  const procurifyCredentials = options.procurifyCredentials ?? { ...defaultCredentials.procurify };
  const oracleCredentials = options.oracleCredentials ?? { ...defaultCredentials.oracle };
  const scenarioOptions: ScenarioOptions = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.purchaseOrders === undefined ? {} : { purchaseOrders: options.purchaseOrders }),
    ...(options.bills === undefined ? {} : { bills: options.bills }),
    ...(options.anchor === undefined ? {} : { anchor: options.anchor }),
    ...(options.spreadDays === undefined ? {} : { spreadDays: options.spreadDays }),
    ...(options.linesPerPo === undefined ? {} : { linesPerPo: options.linesPerPo }),
    ...(options.openRequisitions === undefined ? {} : { openRequisitions: options.openRequisitions }),
  };
  const scenario = generateScenario(scenarioOptions);

  const procurifyCore = createCore(
    'procurify',
    options.procurifyTokenSeconds ?? 86_400,
    procurifyCredentials,
  );
  const oracleCore = createCore('oracle', options.oracleTokenSeconds ?? 3_600, oracleCredentials);
  const regenerate = (overrides: ScenarioOptions) =>
    generateScenario({ ...scenarioOptions, ...overrides, anchor: procurifyCore.clock.now() });

  const procurify = buildProcurifySimulator({
    core: procurifyCore,
    scenario,
    credentials: procurifyCredentials,
    pageSizeCap: options.procurifyPageSizeCap ?? 100,
    regenerate,
    logger: options.logger ?? false,
  });
  const oracle = buildOracleSimulator({
    core: oracleCore,
    scenario,
    credentials: oracleCredentials,
    regenerate,
    logger: options.logger ?? false,
  });

  const procurifyUrl = await procurify.app.listen({ host, port: options.procurifyPort ?? 0 });
  const oracleUrl = await oracle.app.listen({ host, port: options.oraclePort ?? 0 });
  return {
    scenario,
    procurify: {
      url: procurifyUrl,
      app: procurify.app,
      core: procurifyCore,
      store: procurify.store,
      credentials: procurifyCredentials,
    },
    oracle: {
      url: oracleUrl,
      app: oracle.app,
      core: oracleCore,
      store: oracle.store,
      credentials: oracleCredentials,
      tokenUrl: `${oracleUrl}/oauth2/v1/token`,
    },
    async close() {
      await Promise.all([procurify.app.close(), oracle.app.close()]);
    },
  };
}
