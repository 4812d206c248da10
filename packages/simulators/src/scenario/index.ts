export * from './types.ts';
export { generateScenario, formatCents, parseCents, vendorByKey } from './generate.ts';
