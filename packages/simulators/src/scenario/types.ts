/**
 * A seeded tenant pair: one manufacturer's Procurify domain and its Oracle Fusion pod, described
 * once, system-neutrally. Each simulator renders it into its own API shapes (Procurify's official
 * spec, Oracle's REST resources); tests and the demo read it to know what to expect.
 *
 * Money is a decimal string with two places ("1250.00"); quantities are decimal strings too.
 * Timestamps are ISO strings (UTC).
 */

export interface ScenarioOptions {
  /** Same seed, same tenant. Default 42. */
  seed?: number;
  /** Number of purchased POs (10 to 100,000). Default 60. */
  purchaseOrders?: number;
  /** Number of bills. Default: as many as purchase orders. */
  bills?: number;
  /** Documents are dated within the `spreadDays` days before `anchor` (default: now). */
  anchor?: Date;
  spreadDays?: number;
  /** Lines per PO: fixed, or uniform in [min, max]. Default { min: 1, max: 20 }. */
  linesPerPo?: number | { min: number; max: number };
  /**
   * Requisitions not purchased yet (mostly approved, a few pending, denied or draft), for the
   * `poSource = "approved_requisitions"` mode. Default 0. Drawn from their own random stream, so
   * adding them leaves every other record of the seed unchanged.
   */
  openRequisitions?: number;
}

export interface Address {
  line1: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export interface ScenarioCompany {
  name: string;
  /** Procurify subdomain. */
  domain: string;
  baseCurrency: string;
  /** Oracle chart of accounts: company-costCenter-account-intercompany. */
  chartOfAccounts: {
    id: number;
    delimiter: string;
    companyValue: string;
    intercompanyValue: string;
    costCenterValueSet: string;
    accountValueSet: string;
  };
}

export interface ScenarioLocation {
  id: number;
  name: string;
  externalId: string;
  headquarter: boolean;
  currency: string;
  timezone: string;
  address: Address;
  /** The Oracle business unit this location's documents belong to. */
  businessUnit: string;
  shipToLocationCode: string;
}

export interface ScenarioDepartment {
  id: number;
  name: string;
  locationId: number;
  /** The Oracle cost-center segment value; also the Procurify department's external_id. */
  costCenter: string;
  active: boolean;
}

export interface ScenarioGlAccount {
  /** Procurify account-code id. */
  id: number;
  /** Natural account: the Procurify code and the Oracle account segment value. */
  code: string;
  description: string;
  /** Procurify AccountTypeEnum: 0 Assets, 1 Liability, 2 Expense, 3 Income, 4 Equity, 5 Other. */
  accountType: number;
  /** Oracle purchasing category for PO lines charged to this account. */
  category: string;
}

/** A Procurify "account": an account code applied to a department (a budget line). */
export interface ScenarioBudgetAccount {
  id: number;
  glAccountId: number;
  departmentId: number;
}

export type VendorRelation =
  | 'exact' // same name on both sides
  | 'external_id' // Procurify external_id holds the Oracle supplier number (names may differ)
  | 'case' // names differ only in letter case
  | 'punctuation' // …in punctuation and spacing
  | 'legal_suffix' // …in a legal suffix (Inc, LLC, Ltd, GmbH, Co)
  | 'procurify_only' // no Oracle supplier: records are blocked until an operator links one
  | 'oracle_only'; // no Procurify vendor yet: master-data sync creates it

export interface ScenarioSupplierSite {
  supplierSiteId: number;
  /** The site code Oracle documents reference (`SupplierSite`). */
  siteCode: string;
  procurementBU: string;
  purchasing: boolean;
  pay: boolean;
  address: Address;
}

export interface ScenarioVendor {
  /** Stable key, unique in the scenario. */
  key: string;
  relation: VendorRelation;
  procurify?: {
    id: number;
    name: string;
    externalId: string | null;
    email: string;
    phone: string;
    address: Address;
    paymentTerms: string;
  };
  oracle?: {
    supplierId: number;
    supplierNumber: string;
    name: string;
    taxOrganizationType: string;
    sites: ScenarioSupplierSite[];
    createdAt: string;
    lastUpdatedAt: string;
  };
}

export interface ScenarioUser {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  locationId: number;
  departmentId: number;
  /** Procurify RoleEnum value. */
  role: number;
}

export interface ScenarioPoLine {
  /** Procurify order-item id. */
  id: number;
  lineNumber: number;
  name: string;
  sku: string;
  /** Procurify unit as entered (each, box, hr, …). */
  unit: string;
  quantity: string;
  unitPrice: string;
  total: string;
  /** Procurify budget account (account code × department). */
  accountId: number;
  glAccountId: number;
  departmentId: number;
  /** Requisition line comment, when the requester wrote one. */
  note: string | null;
  requiredDate: string;
}

export interface ScenarioRequisition {
  num: number;
  uuid: string;
  description: string;
  requesterId: number;
  departmentId: number;
  createdAt: string;
  approvedAt: string;
}

/** A requisition line not purchased yet: it names its own vendor (an order can mix vendors). */
export interface ScenarioOpenRequisitionLine {
  /** Procurify order-item id (the same id space as PO lines). */
  id: number;
  name: string;
  sku: string;
  unit: string;
  quantity: string;
  unitPrice: string;
  total: string;
  vendorKey: string;
  glAccountId: number;
  departmentId: number;
  note: string | null;
}

/** A requisition (Procurify "order") that no purchaser has turned into a PO yet. */
export interface ScenarioOpenRequisition {
  num: number;
  uuid: string;
  description: string;
  requesterId: number;
  departmentId: number;
  locationId: number;
  currency: string;
  /** OrderStatusEnum: 0 Pending, 1 Approved, 2 Denied, 6 Draft. */
  status: 0 | 1 | 2 | 6;
  createdAt: string;
  modifiedAt: string;
  /** When the last approver approved it (approved requisitions only). */
  approvedAt: string | null;
  /** 'YYYY-MM-DD'. */
  requiredDate: string;
  lines: ScenarioOpenRequisitionLine[];
}

export interface ScenarioPurchaseOrder {
  /** procurify_PO. */
  id: number;
  uuid: string;
  number: string;
  vendorKey: string;
  locationId: number;
  purchaserId: number;
  currency: string;
  createdAt: string;
  modifiedAt: string;
  promiseDate: string;
  paymentTerms: string;
  shippingTerms: string;
  subtotal: string;
  freight: string;
  tax: string;
  total: string;
  /** Procurify PurchaseOrderStateEnum: 0 Purchased, 1 Cancelled, 3 Closed, 4 Paid, 5 Reopened. */
  state: number;
  comment: string;
  requisition: ScenarioRequisition;
  lines: ScenarioPoLine[];
}

export interface ScenarioAllocation {
  id: number;
  accountId: number;
  glAccountId: number;
  departmentId: number;
  amount: string;
}

export interface ScenarioBillItem {
  id: number;
  description: string;
  sku: string;
  unit: string;
  quantity: string;
  unitCost: string;
  /** quantity × unit cost, without tax. */
  total: string;
  taxPercentage: string;
  taxAmount: string;
  /** The PO line billed, for bills on a PO. */
  poLineId: number | null;
  /** GL coding; two or more entries for a split allocation. Amounts sum to `total`. */
  allocations: ScenarioAllocation[];
}

export interface ScenarioBillCost {
  id: number;
  /** Freight, Handling, … (extra header costs). */
  name: string;
  amount: string;
  allocation: ScenarioAllocation;
}

export interface ScenarioBill {
  id: number;
  /** 32 hex characters: the id bill detail and mark-as-paid take. */
  uuid: string;
  /** The supplier's invoice number; empty for a few bills (the connector generates one). */
  invoiceNumber: string;
  vendorKey: string;
  locationId: number;
  /** Procurify BillStatusEnum: 0 Draft, 1 Confirmed, 2 Approved, 3 Denied, 4 Paid, 5 Withdrawn… */
  status: number;
  /** Bill group id (payments reference groups). */
  group: number;
  currency: string;
  invoiceDate: string;
  dueDate: string;
  submittedAt: string;
  modifiedAt: string;
  paymentTerms: string;
  note: string;
  purchaseOrderId: number | null;
  creatorId: number;
  approverId: number;
  items: ScenarioBillItem[];
  costs: ScenarioBillCost[];
  subtotal: string;
  taxAmount: string;
  /** subtotal + costs + tax. */
  total: string;
  /** For bills already paid in Procurify (status 4). */
  paymentDate: string | null;
}

/** A payment made in Procurify (public v1 payments), covering the bills of its groups. */
export interface ScenarioPayment {
  id: number;
  uuid: string;
  billGroupIds: number[];
  amount: string;
  currency: string;
  /** PaymentResponseStatusEnum: paid, approved, processing… */
  status: string;
  processingDate: string;
  createdAt: string;
  updatedAt: string;
  vendorKey: string;
  sourceType: 'direct_debit' | 'financial_account' | 'external';
}

export interface ScenarioOracleValue {
  value: string;
  description: string;
  enabled: boolean;
}

export interface ScenarioAccountCombination {
  id: number;
  /** Segments joined by the chart's delimiter, e.g. "100-110-6100-000". */
  combination: string;
  company: string;
  costCenter: string;
  account: string;
  intercompany: string;
  accountType: string;
  enabled: boolean;
}

export interface ScenarioBusinessUnit {
  id: number;
  name: string;
  currency: string;
  /** Also a procurement BU where the integration user is a procurement agent. */
  procurement: boolean;
}

/** Oracle-side configuration that documents are validated against. */
export interface ScenarioOracleSetup {
  businessUnits: ScenarioBusinessUnit[];
  currencies: string[];
  /** Unit-of-measure names Oracle accepts on PO lines. */
  unitsOfMeasure: string[];
  categories: string[];
  paymentTerms: string[];
  buyers: { id: number; email: string; name: string }[];
  shipToLocations: { code: string; businessUnit: string }[];
  costCenters: ScenarioOracleValue[];
  accounts: ScenarioOracleValue[];
  accountCombinations: ScenarioAccountCombination[];
}

export interface Scenario {
  seed: number;
  anchor: string;
  company: ScenarioCompany;
  locations: ScenarioLocation[];
  departments: ScenarioDepartment[];
  glAccounts: ScenarioGlAccount[];
  budgetAccounts: ScenarioBudgetAccount[];
  vendors: ScenarioVendor[];
  users: ScenarioUser[];
  purchaseOrders: ScenarioPurchaseOrder[];
  bills: ScenarioBill[];
  payments: ScenarioPayment[];
  /** Requisitions not purchased yet (ScenarioOptions.openRequisitions; absent when 0). */
  openRequisitions?: ScenarioOpenRequisition[];
  oracle: ScenarioOracleSetup;
}
