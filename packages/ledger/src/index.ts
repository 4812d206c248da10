export {
  Ledger,
  type KnownVersion,
  type RecordResult,
  type RequeueFilter,
  type SourceVersion,
  type TargetRef,
  type Transition,
  type TransitionFields,
} from './ledger.ts';
export { MasterData, type MasterRecordInput } from './master-data.ts';
export { Mappings, type DimensionMappingInput, type MappingKind, type VendorLinkInput } from './mappings.ts';
