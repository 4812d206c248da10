export { SimClock } from './clock.ts';
export { RequestCounters, type RouteCount } from './counters.ts';
export {
  FaultInjector,
  type FaultAction,
  type FaultDecision,
  type FaultRule,
  type ResponseCorruption,
} from './faults.ts';
export { Random } from './random.ts';
export { createSimServer, requireBearer, type SimServerOptions, type SimulatorCore } from './sim-server.ts';
export { TokenStore, type ClientCredentials, type TokenCheck } from './tokens.ts';
