/**
 * The rows the simulated pod holds, shaped as Oracle's REST attributes (names and JSON types as
 * the resources return them). Each resource's attribute list in `resources.ts` is checked against
 * these interfaces, so a row and its published attributes cannot drift apart.
 */

export interface BusinessUnitRow {
  BusinessUnitId: number;
  BusinessUnitName: string;
  ActiveFlag: boolean;
  PrimaryLedgerId: number;
}

export interface BusinessUnitRecord {
  row: BusinessUnitRow;
  /** The BU's ledger currency (not an attribute of finBusinessUnitsLOV). */
  currency: string;
  procurement: ProcurementBusinessUnitRow | undefined;
}

export interface ProcurementBusinessUnitRow {
  ProcurementBUId: number;
  ProcurementBusinessUnitName: string;
}

/** accountCombinationsLOV: one attribute per segment of the chart (company-costCenter-account-intercompany). */
export interface AccountCombinationRow {
  _CODE_COMBINATION_ID: number;
  _CHART_OF_ACCOUNTS_ID: number;
  /** The segments joined by the chart's delimiter: what POChargeAccount/DistributionCombination carry. */
  ConcatenatedSegments: string;
  AccountType: string;
  EnabledFlag: 'Y' | 'N';
  StartDateActive: string | null;
  EndDateActive: string | null;
  DetailPostingAllowedFlag: 'Y' | 'N';
  DetailBudgetingAllowedFlag: 'Y' | 'N';
  SummaryFlag: 'Y' | 'N';
  company: string;
  costCenter: string;
  account: string;
  intercompany: string;
}

export interface ValueSetRow {
  ValueSetId: number;
  ValueSetCode: string;
  Description: string;
  ValidationType: string;
  ValueDataType: string;
}

export interface ValueSetValueRow {
  ValueId: number;
  Value: string;
  Description: string;
  EnabledFlag: 'Y' | 'N';
  StartDateActive: string | null;
  EndDateActive: string | null;
  SummaryFlag: 'Y' | 'N';
  CreationDate: string;
  LastUpdateDate: string;
}

export interface ValueSetRecord {
  row: ValueSetRow;
  values: ValueSetValueRow[];
}

export interface SupplierRow {
  SupplierId: number;
  SupplierPartyId: number;
  Supplier: string;
  SupplierNumber: string;
  AlternateName: string | null;
  TaxOrganizationType: string;
  SupplierType: string;
  BusinessRelationship: string;
  Status: string;
  InactiveDate: string | null;
  CreationDate: string;
  LastUpdateDate: string;
}

/** A supplier site; like Oracle's, the row does not carry the parent SupplierId. */
export interface SupplierSiteRow {
  SupplierSiteId: number;
  SupplierSite: string;
  ProcurementBUId: number;
  ProcurementBU: string;
  SupplierAddressName: string | null;
  SitePurposePurchasingFlag: boolean;
  SitePurposePayFlag: boolean;
  SitePurposePrimaryPayFlag: boolean;
  InactiveDate: string | null;
  CreationDate: string;
  LastUpdateDate: string;
}

/** A supplier address (a party site); sites reference it by AddressName (SupplierAddressName). */
export interface SupplierAddressRow {
  SupplierAddressId: number;
  AddressName: string;
  AddressLine1: string;
  AddressLine2: string | null;
  City: string;
  State: string | null;
  PostalCode: string | null;
  CountryCode: string;
  /** The country's name (territory short name). */
  Country: string;
  AddressPurposeOrderingFlag: boolean;
  AddressPurposeRemitToFlag: boolean;
  InactiveDate: string | null;
  CreationDate: string;
  LastUpdateDate: string;
}

export interface SupplierRecord {
  row: SupplierRow;
  sites: SupplierSiteRow[];
  addresses: SupplierAddressRow[];
}

export interface PurchaseOrderRow {
  POHeaderId: number;
  OrderNumber: string | null;
  Description: string | null;
  Status: string;
  StatusCode: string;
  DocumentStyle: string;
  ProcurementBUId: number;
  ProcurementBU: string;
  RequisitioningBUId: number;
  RequisitioningBU: string;
  BillToBUId: number;
  BillToBU: string;
  BuyerId: number;
  Buyer: string;
  BuyerEmail: string;
  SupplierId: number;
  Supplier: string;
  SupplierSiteId: number;
  SupplierSite: string;
  CurrencyCode: string;
  PaymentTerms: string | null;
  DefaultShipToLocationCode: string | null;
  /** Sum of the lines' Ordered amounts. */
  Ordered: number;
  CreationDate: string;
  LastUpdateDate: string;
}

export interface PurchaseOrderLineRow {
  POLineId: number;
  LineNumber: number;
  LineType: string;
  Category: string;
  ItemDescription: string | null;
  Quantity: number;
  UOM: string;
  Price: number;
  /** Quantity × Price. */
  Ordered: number;
  CreationDate: string;
  LastUpdateDate: string;
}

export interface PurchaseOrderScheduleRow {
  LineLocationId: number;
  ScheduleNumber: number;
  Quantity: number;
  ShipToLocationCode: string;
  RequestedDeliveryDate: string | null;
  PromisedDeliveryDate: string | null;
  DestinationTypeCode: string;
}

export interface PurchaseOrderDistributionRow {
  PODistributionId: number;
  DistributionNumber: number;
  Quantity: number;
  POChargeAccount: string;
  POChargeAccountId: number;
  DeliverToLocationCode: string | null;
  BudgetDate: string | null;
}

export interface PurchaseOrderScheduleRecord {
  row: PurchaseOrderScheduleRow;
  distributions: PurchaseOrderDistributionRow[];
}

export interface PurchaseOrderLineRecord {
  row: PurchaseOrderLineRow;
  schedules: PurchaseOrderScheduleRecord[];
}

export interface PurchaseOrderRecord {
  row: PurchaseOrderRow;
  lines: PurchaseOrderLineRecord[];
}

export interface InvoiceRow {
  InvoiceId: number;
  InvoiceNumber: string;
  InvoiceCurrency: string;
  PaymentCurrency: string;
  InvoiceAmount: number;
  InvoiceDate: string;
  InvoiceType: string;
  InvoiceSource: string;
  InvoiceGroup: string | null;
  BusinessUnit: string;
  Supplier: string;
  SupplierNumber: string;
  SupplierSite: string;
  Description: string | null;
  PurchaseOrderNumber: string | null;
  PaymentTerms: string;
  TermsDate: string;
  PaymentMethod: string;
  PaymentMethodCode: string;
  AccountingDate: string;
  ValidationStatus: string;
  ApprovalStatus: string;
  AccountingStatus: string;
  PaidStatus: string;
  AmountPaid: number;
  CanceledFlag: boolean;
  CanceledDate: string | null;
  CanceledBy: string | null;
  CreatedBy: string;
  CreationDate: string;
  LastUpdatedBy: string;
  LastUpdateDate: string;
}

export interface InvoiceLineRow {
  LineNumber: number;
  LineType: string;
  LineAmount: number;
  Description: string | null;
  Quantity: number | null;
  UnitPrice: number | null;
  UOM: string | null;
  DistributionCombination: string | null;
  PurchaseOrderNumber: string | null;
  PurchaseOrderLineNumber: number | null;
  PurchaseOrderScheduleLineNumber: number | null;
  AccountingDate: string;
  CanceledFlag: boolean;
  CreationDate: string;
  LastUpdateDate: string;
}

export interface InvoiceDistributionRow {
  InvoiceDistributionId: number;
  DistributionLineNumber: number;
  DistributionLineType: string;
  DistributionAmount: number;
  DistributionCombination: string;
  AccountingDate: string;
  Description: string | null;
  CreationDate: string;
  LastUpdateDate: string;
}

export interface InvoiceInstallmentRow {
  InstallmentNumber: number;
  DueDate: string;
  GrossAmount: number;
  UnpaidAmount: number;
  PaymentMethod: string;
  PaymentPriority: number;
  HeldFlag: boolean;
  CreationDate: string;
  LastUpdateDate: string;
}

export interface InvoiceLineRecord {
  row: InvoiceLineRow;
  distributions: InvoiceDistributionRow[];
}

export interface InvoiceRecord {
  row: InvoiceRow;
  supplierId: number;
  /** Money is kept in cents; the rows show it as numbers with two decimals. */
  amountCents: number;
  paidCents: number;
  lines: InvoiceLineRecord[];
  installments: InvoiceInstallmentRow[];
}

export interface PaymentRow {
  CheckId: number;
  PaymentId: number;
  PaymentNumber: number;
  PaymentAmount: number;
  PaymentDate: string;
  PaymentCurrency: string;
  PaymentStatus: string;
  PaymentType: string;
  PaymentMethod: string;
  PaymentMethodCode: string;
  PaymentDescription: string | null;
  AccountingDate: string;
  VoidDate: string | null;
  VoidAccountingDate: string | null;
  Payee: string;
  PayeeSite: string;
  SupplierNumber: string;
  BusinessUnit: string;
  DisbursementBankAccountName: string;
  CreationDate: string;
  LastUpdateDate: string;
}

export interface RelatedInvoiceRow {
  InvoicePaymentId: number;
  CheckId: number;
  InvoiceId: number;
  InvoiceNumber: string;
  InvoiceBusinessUnit: string;
  InstallmentNumber: number;
  AmountPaidPaymentCurrency: number;
  AmountPaidInvoiceCurrency: number;
  DiscountTaken: number;
  InvoiceCurrency: string;
  PaymentCurrency: string;
  CreationDate: string;
  LastUpdateDate: string;
}

export interface PaymentRecord {
  row: PaymentRow;
  related: { row: RelatedInvoiceRow; cents: number }[];
}
