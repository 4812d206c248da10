import type { QAttributes } from './q-language.ts';
import type {
  AccountCombinationRow,
  BusinessUnitRecord,
  InvoiceDistributionRow,
  InvoiceInstallmentRow,
  InvoiceLineRecord,
  InvoiceLineRow,
  InvoiceRecord,
  InvoiceRow,
  PaymentRecord,
  PaymentRow,
  ProcurementBusinessUnitRow,
  PurchaseOrderDistributionRow,
  PurchaseOrderLineRecord,
  PurchaseOrderLineRow,
  PurchaseOrderRecord,
  PurchaseOrderRow,
  PurchaseOrderScheduleRecord,
  PurchaseOrderScheduleRow,
  RelatedInvoiceRow,
  BusinessUnitRow,
  SupplierAddressRow,
  SupplierRecord,
  SupplierRow,
  SupplierSiteRow,
  ValueSetRecord,
  ValueSetRow,
  ValueSetValueRow,
} from './records.ts';
import { attributeList, childOf, type ResourceDef, type TopResource } from './resource-def.ts';
import type { OracleStore } from './store.ts';

/** Rows are plain attribute records; TypeScript wants the cast to see them as a string index. */
const asAttributes = (row: object): QAttributes => row as QAttributes;

function plainResource<Row extends object>(
  name: string,
  keyAttribute: keyof Row & string,
  attributeNames: readonly (keyof Row & string)[],
): ResourceDef<Row> {
  return { name, keyAttribute, attributeNames, attributes: asAttributes, children: [] };
}

// ---- Suppliers -------------------------------------------------------------------------------

export const supplierSitesResource = plainResource<SupplierSiteRow>(
  'sites',
  'SupplierSiteId',
  attributeList<SupplierSiteRow>({
    SupplierSiteId: true,
    SupplierSite: true,
    ProcurementBUId: true,
    ProcurementBU: true,
    SupplierAddressName: true,
    SitePurposePurchasingFlag: true,
    SitePurposePayFlag: true,
    SitePurposePrimaryPayFlag: true,
    InactiveDate: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
);

export const supplierAddressesResource = plainResource<SupplierAddressRow>(
  'addresses',
  'SupplierAddressId',
  attributeList<SupplierAddressRow>({
    SupplierAddressId: true,
    AddressName: true,
    AddressLine1: true,
    AddressLine2: true,
    City: true,
    State: true,
    PostalCode: true,
    CountryCode: true,
    Country: true,
    AddressPurposeOrderingFlag: true,
    AddressPurposeRemitToFlag: true,
    InactiveDate: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
);

export const suppliersResource: ResourceDef<SupplierRecord> = {
  name: 'suppliers',
  keyAttribute: 'SupplierId',
  attributeNames: attributeList<SupplierRow>({
    SupplierId: true,
    SupplierPartyId: true,
    Supplier: true,
    SupplierNumber: true,
    AlternateName: true,
    TaxOrganizationType: true,
    SupplierType: true,
    BusinessRelationship: true,
    Status: true,
    InactiveDate: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
  attributes: (record) => asAttributes(record.row),
  children: [
    childOf(supplierSitesResource, (record: SupplierRecord) => record.sites),
    childOf(supplierAddressesResource, (record: SupplierRecord) => record.addresses),
  ],
};

// ---- Purchase orders (draft and submitted share the shape) -----------------------------------

const poDistributions = plainResource<PurchaseOrderDistributionRow>(
  'distributions',
  'PODistributionId',
  attributeList<PurchaseOrderDistributionRow>({
    PODistributionId: true,
    DistributionNumber: true,
    Quantity: true,
    POChargeAccount: true,
    POChargeAccountId: true,
    DeliverToLocationCode: true,
    BudgetDate: true,
  }),
);

const poSchedules: ResourceDef<PurchaseOrderScheduleRecord> = {
  name: 'schedules',
  keyAttribute: 'LineLocationId',
  attributeNames: attributeList<PurchaseOrderScheduleRow>({
    LineLocationId: true,
    ScheduleNumber: true,
    Quantity: true,
    ShipToLocationCode: true,
    RequestedDeliveryDate: true,
    PromisedDeliveryDate: true,
    DestinationTypeCode: true,
  }),
  attributes: (record) => asAttributes(record.row),
  children: [childOf(poDistributions, (record: PurchaseOrderScheduleRecord) => record.distributions)],
};

const poLines: ResourceDef<PurchaseOrderLineRecord> = {
  name: 'lines',
  keyAttribute: 'POLineId',
  attributeNames: attributeList<PurchaseOrderLineRow>({
    POLineId: true,
    LineNumber: true,
    LineType: true,
    Category: true,
    ItemDescription: true,
    Quantity: true,
    UOM: true,
    Price: true,
    Ordered: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
  attributes: (record) => asAttributes(record.row),
  children: [childOf(poSchedules, (record: PurchaseOrderLineRecord) => record.schedules)],
};

const purchaseOrderAttributes = attributeList<PurchaseOrderRow>({
  POHeaderId: true,
  OrderNumber: true,
  Description: true,
  Status: true,
  StatusCode: true,
  DocumentStyle: true,
  ProcurementBUId: true,
  ProcurementBU: true,
  RequisitioningBUId: true,
  RequisitioningBU: true,
  BillToBUId: true,
  BillToBU: true,
  BuyerId: true,
  Buyer: true,
  BuyerEmail: true,
  SupplierId: true,
  Supplier: true,
  SupplierSiteId: true,
  SupplierSite: true,
  CurrencyCode: true,
  PaymentTerms: true,
  DefaultShipToLocationCode: true,
  Ordered: true,
  CreationDate: true,
  LastUpdateDate: true,
});

function purchaseOrderResource(name: string): ResourceDef<PurchaseOrderRecord> {
  return {
    name,
    keyAttribute: 'POHeaderId',
    attributeNames: purchaseOrderAttributes,
    attributes: (record) => asAttributes(record.row),
    children: [childOf(poLines, (record: PurchaseOrderRecord) => record.lines)],
  };
}

export const draftPurchaseOrdersResource = purchaseOrderResource('draftPurchaseOrders');
export const purchaseOrdersResource = purchaseOrderResource('purchaseOrders');

// ---- Invoices --------------------------------------------------------------------------------

const invoiceDistributions = plainResource<InvoiceDistributionRow>(
  'invoiceDistributions',
  'InvoiceDistributionId',
  attributeList<InvoiceDistributionRow>({
    InvoiceDistributionId: true,
    DistributionLineNumber: true,
    DistributionLineType: true,
    DistributionAmount: true,
    DistributionCombination: true,
    AccountingDate: true,
    Description: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
);

const invoiceLines: ResourceDef<InvoiceLineRecord> = {
  name: 'invoiceLines',
  keyAttribute: 'LineNumber',
  attributeNames: attributeList<InvoiceLineRow>({
    LineNumber: true,
    LineType: true,
    LineAmount: true,
    Description: true,
    Quantity: true,
    UnitPrice: true,
    UOM: true,
    DistributionCombination: true,
    PurchaseOrderNumber: true,
    PurchaseOrderLineNumber: true,
    PurchaseOrderScheduleLineNumber: true,
    AccountingDate: true,
    CanceledFlag: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
  attributes: (record) => asAttributes(record.row),
  children: [childOf(invoiceDistributions, (record: InvoiceLineRecord) => record.distributions)],
};

const invoiceInstallments = plainResource<InvoiceInstallmentRow>(
  'invoiceInstallments',
  'InstallmentNumber',
  attributeList<InvoiceInstallmentRow>({
    InstallmentNumber: true,
    DueDate: true,
    GrossAmount: true,
    UnpaidAmount: true,
    PaymentMethod: true,
    PaymentPriority: true,
    HeldFlag: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
);

export const invoicesResource: ResourceDef<InvoiceRecord> = {
  name: 'invoices',
  keyAttribute: 'InvoiceId',
  attributeNames: attributeList<InvoiceRow>({
    InvoiceId: true,
    InvoiceNumber: true,
    InvoiceCurrency: true,
    PaymentCurrency: true,
    InvoiceAmount: true,
    InvoiceDate: true,
    InvoiceType: true,
    InvoiceSource: true,
    InvoiceGroup: true,
    BusinessUnit: true,
    Supplier: true,
    SupplierNumber: true,
    SupplierSite: true,
    Description: true,
    PurchaseOrderNumber: true,
    PaymentTerms: true,
    TermsDate: true,
    PaymentMethod: true,
    PaymentMethodCode: true,
    AccountingDate: true,
    ValidationStatus: true,
    ApprovalStatus: true,
    AccountingStatus: true,
    PaidStatus: true,
    AmountPaid: true,
    CanceledFlag: true,
    CanceledDate: true,
    CanceledBy: true,
    CreatedBy: true,
    CreationDate: true,
    LastUpdatedBy: true,
    LastUpdateDate: true,
  }),
  attributes: (record) => asAttributes(record.row),
  children: [
    childOf(invoiceLines, (record: InvoiceRecord) => record.lines),
    childOf(invoiceInstallments, (record: InvoiceRecord) => record.installments),
  ],
};

// ---- Payments --------------------------------------------------------------------------------

const relatedInvoices: ResourceDef<PaymentRecord['related'][number]> = {
  name: 'relatedInvoices',
  keyAttribute: 'InvoicePaymentId',
  attributeNames: attributeList<RelatedInvoiceRow>({
    InvoicePaymentId: true,
    CheckId: true,
    InvoiceId: true,
    InvoiceNumber: true,
    InvoiceBusinessUnit: true,
    InstallmentNumber: true,
    AmountPaidPaymentCurrency: true,
    AmountPaidInvoiceCurrency: true,
    DiscountTaken: true,
    InvoiceCurrency: true,
    PaymentCurrency: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
  attributes: (related) => asAttributes(related.row),
  children: [],
};

export const paymentsResource: ResourceDef<PaymentRecord> = {
  name: 'payablesPayments',
  keyAttribute: 'CheckId',
  attributeNames: attributeList<PaymentRow>({
    CheckId: true,
    PaymentId: true,
    PaymentNumber: true,
    PaymentAmount: true,
    PaymentDate: true,
    PaymentCurrency: true,
    PaymentStatus: true,
    PaymentType: true,
    PaymentMethod: true,
    PaymentMethodCode: true,
    PaymentDescription: true,
    AccountingDate: true,
    VoidDate: true,
    VoidAccountingDate: true,
    Payee: true,
    PayeeSite: true,
    SupplierNumber: true,
    BusinessUnit: true,
    DisbursementBankAccountName: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
  attributes: (record) => asAttributes(record.row),
  children: [childOf(relatedInvoices, (record: PaymentRecord) => record.related)],
};

// ---- Lists of values and value sets ----------------------------------------------------------

export const accountCombinationsResource = plainResource<AccountCombinationRow>(
  'accountCombinationsLOV',
  '_CODE_COMBINATION_ID',
  attributeList<AccountCombinationRow>({
    _CODE_COMBINATION_ID: true,
    _CHART_OF_ACCOUNTS_ID: true,
    ConcatenatedSegments: true,
    AccountType: true,
    EnabledFlag: true,
    StartDateActive: true,
    EndDateActive: true,
    DetailPostingAllowedFlag: true,
    DetailBudgetingAllowedFlag: true,
    SummaryFlag: true,
    company: true,
    costCenter: true,
    account: true,
    intercompany: true,
  }),
);

const valueSetValues = plainResource<ValueSetValueRow>(
  'values',
  'ValueId',
  attributeList<ValueSetValueRow>({
    ValueId: true,
    Value: true,
    Description: true,
    EnabledFlag: true,
    StartDateActive: true,
    EndDateActive: true,
    SummaryFlag: true,
    CreationDate: true,
    LastUpdateDate: true,
  }),
);

export const valueSetsResource: ResourceDef<ValueSetRecord> = {
  name: 'valueSets',
  keyAttribute: 'ValueSetCode',
  attributeNames: attributeList<ValueSetRow>({
    ValueSetId: true,
    ValueSetCode: true,
    Description: true,
    ValidationType: true,
    ValueDataType: true,
  }),
  attributes: (record) => asAttributes(record.row),
  children: [childOf(valueSetValues, (record: ValueSetRecord) => record.values)],
};

export const finBusinessUnitsResource: ResourceDef<BusinessUnitRecord> = {
  name: 'finBusinessUnitsLOV',
  keyAttribute: 'BusinessUnitId',
  attributeNames: attributeList<BusinessUnitRow>({
    BusinessUnitId: true,
    BusinessUnitName: true,
    ActiveFlag: true,
    PrimaryLedgerId: true,
  }),
  attributes: (record) => asAttributes(record.row),
  children: [],
};

export const procurementBusinessUnitsResource = plainResource<ProcurementBusinessUnitRow>(
  'procurementBusinessUnitsLOV',
  'ProcurementBUId',
  attributeList<ProcurementBusinessUnitRow>({ ProcurementBUId: true, ProcurementBusinessUnitName: true }),
);

// ---- Where each top-level resource's rows come from ------------------------------------------

const byNumber =
  <Row>(map: ReadonlyMap<number, Row>) =>
  (key: string) =>
    /^\d+$/.test(key) ? map.get(Number(key)) : undefined;

function erase<Row>(top: TopResource<Row>): TopResource<object> {
  return top as unknown as TopResource<object>;
}

/** Every collection the simulator serves under /fscmRestApi/resources/11.13.18.05. */
export function topResources(store: OracleStore): TopResource<object>[] {
  const procurementUnits = () =>
    [...store.businessUnits.values()].flatMap((unit) => (unit.procurement ? [unit.procurement] : []));
  return [
    erase<SupplierRecord>({
      resource: suppliersResource,
      all: () => [...store.suppliers.values()],
      byKey: byNumber(store.suppliers),
      finders: {
        // Active on the given date (default today): no InactiveDate, or one after it.
        ActiveSuppliersFinder: (variables) => {
          const date = (variables.BindSysdate ?? store.today()).slice(0, 10);
          return (record) => record.row.InactiveDate === null || record.row.InactiveDate.slice(0, 10) > date;
        },
      },
    }),
    erase<PurchaseOrderRecord>({
      resource: draftPurchaseOrdersResource,
      all: () => [...store.draftPurchaseOrders.values()],
      byKey: byNumber(store.draftPurchaseOrders),
    }),
    erase<PurchaseOrderRecord>({
      resource: purchaseOrdersResource,
      all: () => [...store.purchaseOrders.values()],
      byKey: byNumber(store.purchaseOrders),
    }),
    erase<InvoiceRecord>({
      resource: invoicesResource,
      all: () => [...store.invoices.values()],
      byKey: byNumber(store.invoices),
    }),
    erase<PaymentRecord>({
      resource: paymentsResource,
      all: () => [...store.payments.values()],
      byKey: byNumber(store.payments),
      finders: {
        PaidInvoicesFinder: (variables) => (record) =>
          record.related.some(
            ({ row }) =>
              (variables.InvoiceNumber === undefined || row.InvoiceNumber === variables.InvoiceNumber) &&
              (variables.InvoiceId === undefined || String(row.InvoiceId) === variables.InvoiceId),
          ),
      },
    }),
    erase<AccountCombinationRow>({
      resource: accountCombinationsResource,
      all: () => [...store.accountCombinations.values()],
      byKey: byNumber(store.accountCombinations),
    }),
    erase<ValueSetRecord>({
      resource: valueSetsResource,
      all: () => [...store.valueSets.values()],
      byKey: (key) => store.valueSets.get(key),
    }),
    erase<BusinessUnitRecord>({
      resource: finBusinessUnitsResource,
      all: () => [...store.businessUnits.values()],
      byKey: (key) =>
        [...store.businessUnits.values()].find((unit) => String(unit.row.BusinessUnitId) === key),
    }),
    erase<ProcurementBusinessUnitRow>({
      resource: procurementBusinessUnitsResource,
      all: procurementUnits,
      byKey: (key) => procurementUnits().find((unit) => String(unit.ProcurementBUId) === key),
    }),
  ];
}
