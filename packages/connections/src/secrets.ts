import { z } from 'zod';

/** The decrypted credential blobs token-service works with (the vault stores them as JSON). */
export const procurifySecretSchema = z.object({ clientId: z.string(), clientSecret: z.string() });
export type ProcurifySecret = z.infer<typeof procurifySecretSchema>;

export const oracleSecretSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('client_credentials'), clientId: z.string(), clientSecret: z.string() }),
  z.object({
    type: z.literal('jwt_assertion'),
    clientId: z.string(),
    clientSecret: z.string().optional(),
    username: z.string(),
    privateKey: z.string(),
    certificateThumbprint: z.string(),
  }),
  z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }),
]);
export type OracleSecret = z.infer<typeof oracleSecretSchema>;
