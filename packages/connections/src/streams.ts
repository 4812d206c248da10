import type { UpstreamSystem } from '@mlc/db';
import type { ConnectionSettings } from './connection-store.ts';

/**
 * What the poller reads for a connection. Transactional streams run every
 * `schedule.intervalMinutes`; master-data streams every `masterDataIntervalMinutes`.
 * Names are stable: they key poll cursors and job schedulers.
 */
export interface StreamDefinition {
  name: string;
  system: UpstreamSystem;
  cadence: 'transactional' | 'master';
  description: string;
  /**
   * Master streams only: read once before a connection's first document poll, because documents
   * map against them (default true). The master-data sync streams say false: documents never wait
   * for them.
   */
  beforeDocuments?: boolean;
}

const catalog = {
  purchaseOrders: {
    name: 'procurify.purchase_orders',
    system: 'procurify',
    cadence: 'transactional',
    description: 'purchased POs (modified_date, date-only)',
  },
  requisitions: {
    name: 'procurify.requisitions',
    system: 'procurify',
    cadence: 'transactional',
    description: 'approved requisitions and their lines',
  },
  bills: {
    name: 'procurify.bills',
    system: 'procurify',
    cadence: 'transactional',
    description: 'bills (last_modified_datetime)',
  },
  locations: {
    name: 'procurify.locations',
    system: 'procurify',
    cadence: 'master',
    description: 'locations (full scan): external ids for ship-to',
  },
  suppliers: {
    name: 'oracle.suppliers',
    system: 'oracle',
    cadence: 'master',
    description: 'suppliers and sites (LastUpdateDate)',
  },
  businessUnits: {
    name: 'oracle.business_units',
    system: 'oracle',
    cadence: 'master',
    description: 'business units (full scan)',
  },
  accountCombinations: {
    name: 'oracle.account_combinations',
    system: 'oracle',
    cadence: 'master',
    description:
      'GL account combinations (full scan); natural-account and cost-center values unless a value set is named',
  },
  vendors: {
    name: 'procurify.vendors',
    system: 'procurify',
    cadence: 'master',
    beforeDocuments: false,
    description: 'vendors (full scan): pairing with suppliers; new suppliers with createSuppliersInOracle',
  },
  accountCodes: {
    name: 'procurify.account_codes',
    system: 'procurify',
    cadence: 'master',
    beforeDocuments: false,
    description: 'account codes (full scan): automatic GL account mappings',
  },
  departments: {
    name: 'procurify.departments',
    system: 'procurify',
    cadence: 'master',
    beforeDocuments: false,
    description: 'departments (full scan): automatic department mappings',
  },
  glAccounts: {
    name: 'oracle.gl_accounts',
    system: 'oracle',
    cadence: 'master',
    beforeDocuments: false,
    description: 'natural-account values of a named value set (full scan) → account codes',
  },
  costCenters: {
    name: 'oracle.cost_centers',
    system: 'oracle',
    cadence: 'master',
    beforeDocuments: false,
    description: 'cost-center values of a named value set (full scan) → departments',
  },
  invoiceStatus: {
    name: 'oracle.invoice_status',
    system: 'oracle',
    cadence: 'transactional',
    description: 'payment status of invoices created from Procurify bills (LastUpdateDate)',
  },
  oraclePayments: {
    name: 'oracle.payments',
    system: 'oracle',
    cadence: 'transactional',
    description: 'payments and voids (LastUpdateDate) of invoices created from Procurify bills',
  },
  procurifyPayments: {
    name: 'procurify.payments',
    system: 'procurify',
    cadence: 'transactional',
    description: 'payments made in Procurify (updated_at), for Oracle',
  },
} as const satisfies Record<string, StreamDefinition>;

export const streamCatalog: Readonly<Record<keyof typeof catalog, StreamDefinition>> = catalog;

/** The streams a connection polls, given its options. */
export function activeStreams(settings: Pick<ConnectionSettings, 'options'>): StreamDefinition[] {
  return [
    catalog.locations,
    catalog.suppliers,
    catalog.businessUnits,
    catalog.accountCombinations,
    settings.options.poSource === 'approved_requisitions' ? catalog.requisitions : catalog.purchaseOrders,
    catalog.bills,
    // One payment direction per connection: where bills are paid decides which side is read.
    ...(settings.options.paymentsSource === 'procurify'
      ? [catalog.procurifyPayments]
      : [catalog.invoiceStatus, catalog.oraclePayments]),
    // Master-data sync (both ways; Procurify is written to as options.masterData says).
    catalog.vendors,
    catalog.accountCodes,
    catalog.departments,
    // Without a named value set, the account-combinations stream derives these values itself.
    ...(settings.options.masterData.glAccounts.valueSet ? [catalog.glAccounts] : []),
    ...(settings.options.masterData.costCenters.valueSet ? [catalog.costCenters] : []),
  ];
}
