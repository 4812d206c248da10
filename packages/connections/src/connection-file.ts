import { z } from 'zod';
import { procurifySubdomainPattern } from '@mlc/upstream';

/** design.md §3 "Connection file": what `mlc connection add --file` and the admin API accept. */

export const connectionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
  message: 'lowercase letters, digits and dashes, at most 63 characters',
});

const nonEmpty = z.string().trim().min(1);

export const oracleAuthSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('client_credentials'),
    tokenUrl: nonEmpty,
    clientId: nonEmpty,
    clientSecret: nonEmpty,
    scope: nonEmpty,
  }),
  z.object({
    /** JWT user assertion: the token acts as `username`; the client signs with its private key. */
    type: z.literal('jwt_assertion'),
    tokenUrl: nonEmpty,
    clientId: nonEmpty,
    clientSecret: nonEmpty.optional(),
    username: nonEmpty,
    privateKey: nonEmpty,
    /** x5t of the certificate uploaded to the confidential application (base64url SHA-1). */
    certificateThumbprint: nonEmpty,
    scope: nonEmpty,
  }),
  z.object({ type: z.literal('basic'), username: nonEmpty, password: nonEmpty }),
]);
export type OracleAuth = z.infer<typeof oracleAuthSchema>;

const segmentSchema = z.union([
  z.object({ name: nonEmpty, value: nonEmpty }),
  z.object({ name: nonEmpty, from: z.enum(['glAccount', 'department', 'costCenter', 'location']) }),
]);

export const accountingSchema = z.object({
  delimiter: z.string().min(1).max(3).default('-'),
  segments: z.array(segmentSchema).min(1),
});
export type Accounting = z.infer<typeof accountingSchema>;

export const scheduleSchema = z.object({
  intervalMinutes: z.number().int().min(1).max(60).default(10),
  masterDataIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  initialLookbackDays: z.number().int().min(0).max(3650).default(30),
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(5),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/**
 * Master-data sync (README "Master data"). Oracle owns suppliers and the chart of accounts:
 * suppliers become Procurify vendors, natural-account values account codes, cost-center values
 * departments. Reading both sides (and the automatic dimension mappings) always happens; `sync`
 * only says whether Procurify is written to.
 */
export const masterDataSchema = z.object({
  /** Oracle suppliers → Procurify vendors: create missing ones, follow renames, moves, deactivation. */
  vendors: z.object({ sync: z.boolean().default(true) }).default({ sync: true }),
  /** VendorTypeEnum of vendors created from suppliers: preferred (3, shown in requests) or regular (4). */
  vendorType: z.enum(['preferred', 'regular']).default('preferred'),
  /**
   * Natural-account values → account codes. Values come from `valueSet` (its values carry
   * descriptions) or, by default, from the enabled account combinations: the distinct values of
   * the segment whose `from` is `glAccount` (no descriptions there: new codes reuse the value).
   */
  glAccounts: z
    .object({ sync: z.boolean().default(true), valueSet: nonEmpty.optional() })
    .default({ sync: true }),
  /**
   * Cost-center values → departments (external_id = the value), from `valueSet` or, by default,
   * the combinations' `costCenter` (else `department`) segment. New departments go to location
   * `locationId` (a Procurify location id; default: the headquarter location).
   */
  costCenters: z
    .object({
      sync: z.boolean().default(true),
      valueSet: nonEmpty.optional(),
      locationId: z.number().int().positive().optional(),
    })
    .default({ sync: true }),
  /** Suppliers created in Oracle for Procurify vendors (with `createSuppliersInOracle`). */
  newSuppliers: z
    .object({
      /** Code of the site each new supplier gets (Oracle allows 15 characters). */
      siteCode: z.string().trim().min(1).max(15).default('PROCURIFY'),
      /** One site per procurement BU; default: the connection's `oracle.procurementBU`. */
      procurementBUs: z.array(nonEmpty).min(1).optional(),
      taxOrganizationType: nonEmpty.default('Corporation'),
    })
    .default({ siteCode: 'PROCURIFY', taxOrganizationType: 'Corporation' }),
});
export type MasterDataOptions = z.infer<typeof masterDataSchema>;

export const optionsSchema = z.object({
  /** Map and store payloads but write nothing upstream. */
  dryRun: z.boolean().default(false),
  matchInvoicesToPo: z.boolean().default(true),
  poSource: z.enum(['purchase_orders', 'approved_requisitions']).default('purchase_orders'),
  paymentsSource: z.enum(['oracle', 'procurify']).default('oracle'),
  /** Procurify vendors with no Oracle supplier: create one (with a site) instead of blocking for a link. */
  createSuppliersInOracle: z.boolean().default(false),
  masterData: masterDataSchema.default(() => masterDataSchema.parse({})),
  /** Procurify unit (lower-case) → Oracle unit of measure; merged over the built-in map. */
  unitMap: z.record(z.string(), z.string()).default({}),
  /** Oracle purchasing category for PO lines whose account has none mapped. */
  defaultCategory: z.string().optional(),
  /**
   * ❓ The invoice line type carrying a bill's tax: Payables' "Tax" lines need regime, rate and
   * jurisdiction details Procurify does not hold, so the amount goes on a Miscellaneous line by default.
   */
  taxLineType: z.enum(['Miscellaneous', 'Tax']).default('Miscellaneous'),
  /** Charge account of the tax line; default: the account of the bill's largest item. */
  taxCombination: z.string().optional(),
  /** Where the `[PRC-PO-{id}]` reference goes: the PO Description, or a descriptive flexfield attribute. */
  poReference: z
    .union([
      z.object({ field: z.literal('description') }),
      z.object({ field: z.literal('dff'), attribute: nonEmpty }),
    ])
    .default({ field: 'description' }),
  /** Oracle writes in flight per connection, across all oracle-writer processes. */
  maxInFlightWrites: z.number().int().min(1).max(64).default(4),
  /** Oracle requests per second per connection, across all processes. */
  oracleRequestsPerSecond: z.number().min(0.1).max(1000).default(10),
  /**
   * ❓ How Payables records a payment made in Procurify (paymentsSource = "procurify"): Procurify
   * has no value for these, and which ones a tenant requires depends on its payment setup. Only
   * the ones set are sent; PaymentMethodCode defaults to CHECK (a manual payment).
   */
  oraclePayments: z
    .object({
      paymentMethodCode: nonEmpty.default('CHECK'),
      disbursementBankAccountName: nonEmpty.optional(),
      paymentDocument: nonEmpty.optional(),
      paymentProcessProfile: nonEmpty.optional(),
    })
    .default({ paymentMethodCode: 'CHECK' }),
});
export type ConnectionOptions = z.infer<typeof optionsSchema>;

export const connectionFileSchema = z.object({
  id: connectionIdSchema,
  name: nonEmpty.max(200),
  procurify: z.object({
    subdomain: z
      .string()
      .regex(procurifySubdomainPattern, { message: 'expected the subdomain only, e.g. "acme"' }),
    baseUrl: nonEmpty.optional(),
    clientId: nonEmpty,
    clientSecret: nonEmpty,
  }),
  oracle: z.object({
    podUrl: nonEmpty,
    baseUrl: nonEmpty.optional(),
    /** ❓ The REST-Framework-Version header; 2 or higher for full q expressions. */
    restFrameworkVersion: z
      .string()
      .regex(/^[1-9]\d*$/)
      .default('4'),
    auth: oracleAuthSchema,
    businessUnit: nonEmpty,
    procurementBU: nonEmpty.optional(),
    buyerEmail: z.email().optional(),
  }),
  accounting: accountingSchema,
  schedule: scheduleSchema.default(() => scheduleSchema.parse({})),
  options: optionsSchema.default(() => optionsSchema.parse({})),
});
export type ConnectionFile = z.infer<typeof connectionFileSchema>;
export type ConnectionFileInput = z.input<typeof connectionFileSchema>;
