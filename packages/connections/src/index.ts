export * from './connection-file.ts';
export {
  ConnectionNotFoundError,
  ConnectionStore,
  oracleRestPath,
  toSettings,
  type ConnectionSettings,
  type ConnectionView,
} from './connection-store.ts';
export {
  oracleSecretSchema,
  procurifySecretSchema,
  type OracleSecret,
  type ProcurifySecret,
} from './secrets.ts';
export {
  raiseConnectionIssue,
  resolveConnectionIssue,
  type ConnectionIssueKind,
} from './connection-issues.ts';
export { activeStreams, streamCatalog, type StreamDefinition } from './streams.ts';
