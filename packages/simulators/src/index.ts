export {
  startSimulators,
  defaultCredentials,
  type RunningSimulators,
  type StartSimulatorsOptions,
} from './simulators.ts';
export * from './core/index.ts';
export * from './scenario/index.ts';
export { SimulatorControl } from './control-client.ts';
export {
  simulatorCategoryMappings,
  simulatorConnectionFile,
  simulatorLocationMappings,
  type SimulatorEndpoints,
} from './connection-file.ts';
