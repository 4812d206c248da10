export {
  blocked,
  describeMissing,
  failed,
  MissingMappings,
  mappingFailureCodes,
  type MapOutcome,
  type MappingFailureCode,
} from './outcome.ts';
export {
  allocateRounded,
  currencyCode,
  currencyDecimals,
  formatMoney,
  maxAbsoluteAmount,
  Money,
  parseMoney,
  roundMoney,
  roundMoneyDecimal,
  sumMoney,
  toAmountNumber,
} from './money.ts';
export { canonicalJson, contentHash, volatileKeys } from './content-hash.ts';
export { calendarDate, cleanText, descriptionMaxLength, truncateText } from './text.ts';
export {
  featureSimilarity,
  legalSuffixes,
  nameFeatures,
  nameSimilarity,
  normalizeVendorName,
  type NameFeatures,
} from './vendor-name.ts';
export {
  chooseSupplierSite,
  exactNameKey,
  matchVendor,
  maxSuggestions,
  minSuggestionScore,
  SupplierIndex,
  type SupplierCandidate,
  type SupplierSiteCandidate,
  type VendorLinkRef,
  type VendorMatch,
  type VendorRef,
  type VendorSuggestion,
} from './vendor-match.ts';
export {
  buildChargeAccount,
  chargeSourceFromAccount,
  type ChargeAccountResult,
  type ChargeSource,
  type DimensionKind,
  type DimensionLookup,
} from './charge-account.ts';
export { defaultUnitMap, oracleUnit } from './units.ts';
export {
  mapPurchaseOrder,
  poReference,
  purchaseOrderLineNumbers,
  type OracleDraftPurchaseOrder,
  type OracleDraftPurchaseOrderDistribution,
  type OracleDraftPurchaseOrderLine,
  type OracleDraftPurchaseOrderSchedule,
  type PoMappingContext,
} from './purchase-order.ts';
export {
  billReference,
  billStatusNames,
  isBillEligible,
  mapBill,
  type BillMappingContext,
  type OracleInvoiceDistribution,
  type OracleInvoiceLine,
  type OracleInvoicePayload,
} from './bill.ts';
