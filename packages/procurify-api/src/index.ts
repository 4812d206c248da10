/**
 * Types and zod schemas generated from Procurify's official OpenAPI description
 * (spec/openapi.yml) by @hey-api/openapi-ts; regenerate with `pnpm --filter @mlc/procurify-api generate`.
 * Consumers pick the fields they rely on (`zBillRead.pick({...})`), so extra or missing fields
 * they do not use never break them.
 */
export * from './generated/index.ts';
export * from './generated/zod.gen.ts';
