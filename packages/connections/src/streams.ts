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
    description: 'GL account combinations (full scan)',
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
  ];
}
