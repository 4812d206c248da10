export { mapWithConcurrency } from './concurrency.ts';
export { pollStream, type PollDeps, type PollOutcome } from './poll/poll-service.ts';
export { reconcileSchedules } from './poll/schedules.ts';
export { sweepStaleRecords } from './poll/sweeper.ts';
export { streams, type Stream, type StreamContext, type StreamResult } from './poll/streams/index.ts';
export { mapRecord, type MapDeps } from './map/map-record.service.ts';
export type { EntityMapper, EntityMapResult } from './map/entity-mapper.ts';
export { entityMappers } from './map/mappers.ts';
export { resolveVendor } from './map/documents.mapper.ts';
export { MappingContextCache, toSupplierCandidate } from './map/mapping-context.ts';
export { writeRecord, type WriteDeps, type WriteResult } from './write/write-record.service.ts';
export type { Target, TargetWriter, TargetWriters, WriterContext } from './write/target-writer.ts';
export { oracleWriters } from './write/oracle/index.ts';
export { procurifyWriters } from './write/procurify/index.ts';
export { createInvoicePaymentWriter } from './write/procurify/invoice-payment.writer.ts';
export {
  defaultMarkPaidBatchOptions,
  MarkPaidBatcher,
  type MarkPaidBatchOptions,
} from './write/procurify/mark-paid-batcher.ts';
export { entityTargets, systemLabel, type TargetSystem } from './entities.ts';
export { ConnectionLimits } from './write/connection-limits.ts';
export { mapSource, type MapSource } from './map/map-record.service.ts';
export { dryRun, type DryRunDeps, type DryRunItem } from './dry-run.ts';
