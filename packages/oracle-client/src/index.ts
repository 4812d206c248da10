export {
  createOracleClient,
  quote,
  type CollectionQuery,
  type OracleClient,
  type OracleClientOptions,
} from './oracle-client.ts';
export {
  buildUserAssertion,
  requestOracleToken,
  type OracleCredentials,
  type OracleIssuedToken,
  type OracleTokenRequest,
} from './token.ts';
export type {
  OracleAccountCombination,
  OracleBusinessUnit,
  OracleInvoice,
  OraclePayment,
  OracleProcurementBusinessUnit,
  OraclePurchaseOrder,
  OracleRelatedInvoice,
  OracleSupplier,
  OracleSupplierAddress,
  OracleSupplierSite,
  OracleValueSetValue,
} from './schemas.ts';
export { supplierSchema } from './schemas.ts';
