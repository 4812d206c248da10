import { z } from 'zod';

/**
 * The Oracle Fusion attributes the connector reads (names per the REST guides, see
 * ../shared/apis/oracle-fusion.md). Objects are loose: other attributes pass through untouched.
 * Flags come back as booleans on some resources and "Y"/"N" on others, so both are accepted.
 */

const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);
const id = z.union([z.number(), z.string()]).transform((value) => String(value));
const flag = z
  .union([z.boolean(), z.enum(['Y', 'N', 'y', 'n', 'true', 'false'])])
  .transform((value) => value === true || value === 'Y' || value === 'y' || value === 'true');
const money = z.union([z.number(), z.string()]).transform((value) => String(value));

/**
 * An expanded child: an array up to REST-Framework-Version 2, a collection `{items, …}` from
 * version 3 on. Either way the caller gets the array.
 */
const children = <T extends z.ZodType>(item: T) =>
  z.union([
    z.array(item),
    z.looseObject({ items: z.array(item) }).transform((collection) => collection.items),
  ]);

export const collectionSchema = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    items: z.array(item),
    count: z.number().int().optional(),
    hasMore: z.boolean().optional(),
    limit: z.number().int().optional(),
    offset: z.number().int().optional(),
    totalResults: z.number().int().optional(),
  });

export const purchaseOrderSchema = loose({
  POHeaderId: id,
  OrderNumber: z.string().nullish(),
  Description: z.string().nullish(),
  Status: z.string().nullish(),
  StatusCode: z.string().nullish(),
  Supplier: z.string().nullish(),
  SupplierSite: z.string().nullish(),
  CurrencyCode: z.string().nullish(),
  ProcurementBU: z.string().nullish(),
  Ordered: money.nullish(),
  LastUpdateDate: z.string().nullish(),
  lines: children(
    loose({
      POLineId: id.optional(),
      LineNumber: z.number().int(),
      Quantity: z.number().nullish(),
      Price: z.number().nullish(),
    }),
  ).optional(),
});
export type OraclePurchaseOrder = z.infer<typeof purchaseOrderSchema>;

export const actionResultSchema = loose({ result: z.unknown().optional() });

export const invoiceSchema = loose({
  InvoiceId: id,
  InvoiceNumber: z.string(),
  InvoiceAmount: money.nullish(),
  InvoiceCurrency: z.string().nullish(),
  InvoiceDate: z.string().nullish(),
  BusinessUnit: z.string().nullish(),
  Supplier: z.string().nullish(),
  SupplierNumber: z.string().nullish(),
  SupplierSite: z.string().nullish(),
  Description: z.string().nullish(),
  PaidStatus: z.string().nullish(),
  AmountPaid: money.nullish(),
  ValidationStatus: z.string().nullish(),
  ApprovalStatus: z.string().nullish(),
  CanceledFlag: flag.nullish(),
  CanceledDate: z.string().nullish(),
  CreationDate: z.string().nullish(),
  LastUpdateDate: z.string().nullish(),
});
export type OracleInvoice = z.infer<typeof invoiceSchema>;

export const relatedInvoiceSchema = loose({
  CheckId: id.nullish(),
  InvoiceId: id,
  InvoiceNumber: z.string().nullish(),
  AmountPaidInvoiceCurrency: money.nullish(),
  AmountPaidPaymentCurrency: money.nullish(),
  DiscountTaken: money.nullish(),
  InvoiceCurrency: z.string().nullish(),
  LastUpdateDate: z.string().nullish(),
});
export type OracleRelatedInvoice = z.infer<typeof relatedInvoiceSchema>;

export const paymentSchema = loose({
  CheckId: id,
  PaymentId: id.nullish(),
  PaymentNumber: id.nullish(),
  PaymentAmount: money.nullish(),
  PaymentDate: z.string().nullish(),
  PaymentCurrency: z.string().nullish(),
  PaymentStatus: z.string().nullish(),
  PaymentDescription: z.string().nullish(),
  PaymentReference: id.nullish(),
  VoidDate: z.string().nullish(),
  Payee: z.string().nullish(),
  PayeeSite: z.string().nullish(),
  SupplierNumber: id.nullish(),
  BusinessUnit: z.string().nullish(),
  LastUpdateDate: z.string().nullish(),
  /** Present when requested through `expand` or child `fields`. */
  relatedInvoices: children(relatedInvoiceSchema).optional(),
});
export type OraclePayment = z.infer<typeof paymentSchema>;

export const supplierSiteSchema = loose({
  SupplierSiteId: id,
  SupplierSite: z.string(),
  ProcurementBU: z.string().nullish(),
  ProcurementBUId: id.nullish(),
  SitePurposePurchasingFlag: flag.nullish(),
  SitePurposePayFlag: flag.nullish(),
  SupplierAddressName: z.string().nullish(),
  InactiveDate: z.string().nullish(),
  LastUpdateDate: z.string().nullish(),
});
export type OracleSupplierSite = z.infer<typeof supplierSiteSchema>;

/** A supplier address (HZ party site): sites reference it by AddressName. */
export const supplierAddressSchema = loose({
  SupplierAddressId: id,
  AddressName: z.string().nullish(),
  AddressLine1: z.string().nullish(),
  AddressLine2: z.string().nullish(),
  City: z.string().nullish(),
  State: z.string().nullish(),
  Province: z.string().nullish(),
  PostalCode: z.string().nullish(),
  CountryCode: z.string().nullish(),
  Country: z.string().nullish(),
  InactiveDate: z.string().nullish(),
  LastUpdateDate: z.string().nullish(),
});
export type OracleSupplierAddress = z.infer<typeof supplierAddressSchema>;

export const supplierSchema = loose({
  SupplierId: id,
  Supplier: z.string(),
  SupplierNumber: id,
  AlternateName: z.string().nullish(),
  Status: z.string().nullish(),
  InactiveDate: z.string().nullish(),
  CreationDate: z.string().nullish(),
  LastUpdateDate: z.string().nullish(),
  sites: children(supplierSiteSchema).optional(),
  addresses: children(supplierAddressSchema).optional(),
});
export type OracleSupplier = z.infer<typeof supplierSchema>;

export const accountCombinationSchema = loose({
  _CODE_COMBINATION_ID: id,
  _CHART_OF_ACCOUNTS_ID: id.nullish(),
  EnabledFlag: flag.nullish(),
  AccountType: z.string().nullish(),
  StartDateActive: z.string().nullish(),
  EndDateActive: z.string().nullish(),
});
export type OracleAccountCombination = z.infer<typeof accountCombinationSchema> & Record<string, unknown>;

export const valueSetValueSchema = loose({
  Value: z.string(),
  Description: z.string().nullish(),
  EnabledFlag: flag.nullish(),
  StartDateActive: z.string().nullish(),
  EndDateActive: z.string().nullish(),
  LastUpdateDate: z.string().nullish(),
});
export type OracleValueSetValue = z.infer<typeof valueSetValueSchema>;

export const businessUnitSchema = loose({
  BusinessUnitId: id,
  BusinessUnitName: z.string(),
  ActiveFlag: flag.nullish(),
});
export type OracleBusinessUnit = z.infer<typeof businessUnitSchema>;

export const procurementBusinessUnitSchema = loose({
  ProcurementBUId: id,
  ProcurementBusinessUnitName: z.string(),
});
export type OracleProcurementBusinessUnit = z.infer<typeof procurementBusinessUnitSchema>;
