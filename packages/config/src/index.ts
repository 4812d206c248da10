export * from './parse-env.ts';
export * from './env-fields.ts';
