export { reconcile, reconcilePeriodSchema, type ReconcileDeps, type ReconcilePeriod } from './reconcile.ts';
export { reconcileToCsv } from './csv.ts';
export {
  discrepancyKinds,
  type Discrepancy,
  type DiscrepancyKind,
  type LocationTotal,
  type OracleInvoiceSide,
  type ProcurifyBillSide,
  type ReconcileReport,
  type ReconcileSummary,
  type SideTotal,
} from './types.ts';
