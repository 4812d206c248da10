// Operator operations shared by the admin API (apps/admin) and the CLI (packages/cli): one
// implementation of each, so both surfaces answer the same way.
export { ConflictError, InvalidRequestError, NotFoundError } from './errors.ts';
export {
  assertConnectionExists,
  getConnection,
  listConnections,
  pauseConnection,
  resumeConnection,
  saveConnection,
  testConnection,
  withConnectionId,
  type ConnectionDetail,
  type ConnectionTestReport,
} from './connections.ts';
export { syncNow, type SyncRun } from './sync.ts';
export {
  getLedgerRecord,
  ledgerDateFields,
  ledgerEntities,
  ledgerStatuses,
  ledgerWhere,
  queryLedger,
  toLedgerItem,
  type LedgerEventView,
  type LedgerFilter,
  type LedgerItem,
  type LedgerPage,
  type LedgerQuery,
  type LedgerRecordDetail,
} from './ledger.ts';
export {
  replayableStatuses,
  replayRecords,
  type NotRequeued,
  type ReplayableStatus,
  type ReplayResult,
  type ReplaySelection,
} from './replay.ts';
export {
  listBlockedVendors,
  listMappings,
  mappingKindName,
  mappingKindNames,
  parseMappingKind,
  removeMapping,
  setMapping,
  vendorSuggestions,
  type BlockedVendor,
  type MappingKindName,
  type MappingList,
  type SetMappingInput,
  type SetMappingResult,
  type VendorSuggestions,
} from './mappings.ts';
export { dryRunConnection, type DryRunDeps, type DryRunItem } from './dry-run.ts';
export { listConnectionIssues, type ConnectionIssueView } from './issues.ts';
export {
  discrepancyKinds,
  reconcile,
  reconcilePeriodSchema,
  reconcileToCsv,
  type Discrepancy,
  type DiscrepancyKind,
  type LocationTotal,
  type OracleInvoiceSide,
  type ProcurifyBillSide,
  type ReconcileDeps,
  type ReconcilePeriod,
  type ReconcileReport,
  type ReconcileSummary,
  type SideTotal,
} from './reconcile/index.ts';
