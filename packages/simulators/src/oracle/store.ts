import type { SimClock } from '../core/clock.ts';
import type { Scenario, ScenarioCompany, ScenarioSupplierSite, ScenarioVendor } from '../scenario/types.ts';
import { oracleDate, oracleTimestamp } from './format.ts';
import type {
  AccountCombinationRow,
  BusinessUnitRecord,
  InvoiceRecord,
  PaymentRecord,
  PurchaseOrderRecord,
  SupplierAddressRow,
  SupplierRecord,
  SupplierSiteRow,
  ValueSetRecord,
} from './records.ts';

const dayMs = 86_400_000;

/** A country's name as Oracle shows it beside CountryCode (the territory short name). */
export function countryName(code: string): string {
  return new Intl.DisplayNames('en', { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
}

/** New documents get ids above this, like Oracle's 15-digit surrogate keys (300000123456789). */
const idBase = 300_000_100_000_000;

export interface OracleBuyer {
  id: number;
  email: string;
  name: string;
}

/**
 * The simulated pod's state: master data rendered from the scenario, and the documents the
 * connector creates (invoices, purchase orders) and the payments made against them. Indexed by id
 * and by the natural keys requests use, so 100,000 invoices stay fast.
 */
export class OracleStore {
  readonly clock: SimClock;
  chartOfAccounts: ScenarioCompany['chartOfAccounts'];

  readonly businessUnits = new Map<string, BusinessUnitRecord>();
  readonly currencies = new Set<string>();
  readonly unitsOfMeasure = new Set<string>();
  readonly categories = new Set<string>();
  readonly paymentTerms = new Set<string>();
  readonly buyersByEmail = new Map<string, OracleBuyer>();
  readonly shipToLocations = new Map<string, { code: string; businessUnit: string }>();
  readonly accountCombinations = new Map<number, AccountCombinationRow>();
  readonly accountCombinationsBySegments = new Map<string, AccountCombinationRow>();
  readonly valueSets = new Map<string, ValueSetRecord>();

  readonly suppliers = new Map<number, SupplierRecord>();
  private readonly supplierIdByName = new Map<string, number>();
  private readonly supplierIdByNumber = new Map<string, number>();

  readonly invoices = new Map<number, InvoiceRecord>();
  private readonly invoiceBySupplierAndNumber = new Map<string, InvoiceRecord>();
  readonly draftPurchaseOrders = new Map<number, PurchaseOrderRecord>();
  readonly purchaseOrders = new Map<number, PurchaseOrderRecord>();
  private readonly purchaseOrderByNumber = new Map<string, PurchaseOrderRecord>();
  readonly payments = new Map<number, PaymentRecord>();

  private idSequence = idBase;
  private orderNumberSequence = 0;
  private paymentNumberSequence = 0;
  private supplierNumberSequence = 0;

  constructor(clock: SimClock, scenario: Scenario) {
    this.clock = clock;
    this.chartOfAccounts = scenario.company.chartOfAccounts;
    this.load(scenario);
  }

  /** Replaces everything with the scenario's Oracle side; documents start empty. */
  load(scenario: Scenario): void {
    for (const collection of [
      this.businessUnits,
      this.buyersByEmail,
      this.shipToLocations,
      this.accountCombinations,
      this.accountCombinationsBySegments,
      this.valueSets,
      this.suppliers,
      this.supplierIdByName,
      this.supplierIdByNumber,
      this.invoices,
      this.invoiceBySupplierAndNumber,
      this.draftPurchaseOrders,
      this.purchaseOrders,
      this.purchaseOrderByNumber,
      this.payments,
    ])
      collection.clear();
    for (const set of [this.currencies, this.unitsOfMeasure, this.categories, this.paymentTerms]) set.clear();
    this.idSequence = idBase;
    this.orderNumberSequence = 100_000;
    this.paymentNumberSequence = 1000;

    const { oracle, company } = scenario;
    this.chartOfAccounts = company.chartOfAccounts;
    const setupDate = oracleTimestamp(new Date(Date.parse(scenario.anchor) - 800 * dayMs));
    oracle.businessUnits.forEach((unit, index) => {
      this.businessUnits.set(unit.name, {
        row: {
          BusinessUnitId: unit.id,
          BusinessUnitName: unit.name,
          ActiveFlag: true,
          PrimaryLedgerId: 300_000_046_975_001 + index,
        },
        currency: unit.currency,
        procurement: unit.procurement
          ? { ProcurementBUId: unit.id, ProcurementBusinessUnitName: unit.name }
          : undefined,
      });
    });
    for (const code of oracle.currencies) this.currencies.add(code);
    for (const uom of oracle.unitsOfMeasure) this.unitsOfMeasure.add(uom);
    for (const category of oracle.categories) this.categories.add(category);
    for (const terms of oracle.paymentTerms) this.paymentTerms.add(terms);
    for (const buyer of oracle.buyers) this.buyersByEmail.set(buyer.email.toLowerCase(), { ...buyer });
    for (const location of oracle.shipToLocations) this.shipToLocations.set(location.code, { ...location });

    for (const combination of oracle.accountCombinations) {
      const row: AccountCombinationRow = {
        _CODE_COMBINATION_ID: combination.id,
        _CHART_OF_ACCOUNTS_ID: company.chartOfAccounts.id,
        ConcatenatedSegments: combination.combination,
        AccountType: combination.accountType,
        EnabledFlag: combination.enabled ? 'Y' : 'N',
        StartDateActive: null,
        EndDateActive: null,
        DetailPostingAllowedFlag: 'Y',
        DetailBudgetingAllowedFlag: 'Y',
        SummaryFlag: 'N',
        company: combination.company,
        costCenter: combination.costCenter,
        account: combination.account,
        intercompany: combination.intercompany,
      };
      this.accountCombinations.set(combination.id, row);
      this.accountCombinationsBySegments.set(row.ConcatenatedSegments, row);
    }

    const valueSets = [
      {
        code: company.chartOfAccounts.costCenterValueSet,
        description: 'Cost Center',
        values: oracle.costCenters,
      },
      {
        code: company.chartOfAccounts.accountValueSet,
        description: 'Natural Account',
        values: oracle.accounts,
      },
    ];
    valueSets.forEach((set, index) => {
      this.valueSets.set(set.code, {
        row: {
          ValueSetId: 300_000_046_970_001 + index,
          ValueSetCode: set.code,
          Description: set.description,
          ValidationType: 'INDEPENDENT',
          ValueDataType: 'VARCHAR2',
        },
        values: set.values.map((value) => ({
          ValueId: this.nextId(),
          Value: value.value,
          Description: value.description,
          EnabledFlag: value.enabled ? 'Y' : 'N',
          StartDateActive: null,
          EndDateActive: null,
          SummaryFlag: 'N',
          CreationDate: setupDate,
          LastUpdateDate: setupDate,
        })),
      });
    });

    for (const vendor of scenario.vendors)
      if (vendor.oracle) this.addSupplier(this.supplierFromScenario(vendor.oracle));
    this.supplierNumberSequence = Math.max(
      5000,
      ...[...this.supplierIdByNumber.keys()].map(Number).filter(Number.isFinite),
    );
  }

  nextId(): number {
    this.idSequence += 1;
    return this.idSequence;
  }

  nextOrderNumber(): string {
    this.orderNumberSequence += 1;
    return String(this.orderNumberSequence);
  }

  nextPaymentNumber(): number {
    this.paymentNumberSequence += 1;
    return this.paymentNumberSequence;
  }

  nextSupplierNumber(): string {
    do this.supplierNumberSequence += 1;
    while (this.supplierIdByNumber.has(String(this.supplierNumberSequence)));
    return String(this.supplierNumberSequence);
  }

  /** The simulated clock's now, as Oracle renders timestamps. */
  now(): string {
    return oracleTimestamp(this.clock.now());
  }

  today(): string {
    return oracleDate(this.clock.now());
  }

  businessUnit(name: string): BusinessUnitRecord | undefined {
    return this.businessUnits.get(name);
  }

  procurementBusinessUnit(name: string): BusinessUnitRecord | undefined {
    const unit = this.businessUnits.get(name);
    return unit?.procurement ? unit : undefined;
  }

  accountCombination(segments: string): AccountCombinationRow | undefined {
    return this.accountCombinationsBySegments.get(segments);
  }

  supplierByName(name: string): SupplierRecord | undefined {
    const id = this.supplierIdByName.get(name);
    return id === undefined ? undefined : this.suppliers.get(id);
  }

  supplierByNumber(supplierNumber: string): SupplierRecord | undefined {
    const id = this.supplierIdByNumber.get(supplierNumber);
    return id === undefined ? undefined : this.suppliers.get(id);
  }

  addSupplier(record: SupplierRecord): void {
    this.suppliers.set(record.row.SupplierId, record);
    this.supplierIdByName.set(record.row.Supplier, record.row.SupplierId);
    this.supplierIdByNumber.set(record.row.SupplierNumber, record.row.SupplierId);
  }

  renameSupplier(record: SupplierRecord, name: string): void {
    this.supplierIdByName.delete(record.row.Supplier);
    record.row.Supplier = name;
    this.supplierIdByName.set(name, record.row.SupplierId);
  }

  invoiceBySupplier(supplierId: number, invoiceNumber: string): InvoiceRecord | undefined {
    return this.invoiceBySupplierAndNumber.get(`${supplierId}\u0000${invoiceNumber}`);
  }

  addInvoice(record: InvoiceRecord): void {
    this.invoices.set(record.row.InvoiceId, record);
    this.invoiceBySupplierAndNumber.set(`${record.supplierId}\u0000${record.row.InvoiceNumber}`, record);
  }

  purchaseOrderByOrderNumber(orderNumber: string): PurchaseOrderRecord | undefined {
    return this.purchaseOrderByNumber.get(orderNumber);
  }

  /** A submitted document: it leaves the drafts and becomes a purchaseOrders row. */
  addPurchaseOrder(record: PurchaseOrderRecord): void {
    this.draftPurchaseOrders.delete(record.row.POHeaderId);
    this.purchaseOrders.set(record.row.POHeaderId, record);
    if (record.row.OrderNumber !== null) this.purchaseOrderByNumber.set(record.row.OrderNumber, record);
  }

  summary(): Record<string, number> {
    return {
      suppliers: this.suppliers.size,
      accountCombinations: this.accountCombinations.size,
      invoices: this.invoices.size,
      draftPurchaseOrders: this.draftPurchaseOrders.size,
      purchaseOrders: this.purchaseOrders.size,
      payments: this.payments.size,
    };
  }

  private supplierFromScenario(supplier: NonNullable<ScenarioVendor['oracle']>): SupplierRecord {
    return {
      row: {
        SupplierId: supplier.supplierId,
        SupplierPartyId: supplier.supplierId + 1_000_000,
        Supplier: supplier.name,
        SupplierNumber: supplier.supplierNumber,
        AlternateName: null,
        TaxOrganizationType: supplier.taxOrganizationType,
        SupplierType: 'Supplier',
        BusinessRelationship: 'Spend Authorized',
        Status: 'ACTIVE',
        InactiveDate: null,
        CreationDate: oracleTimestamp(supplier.createdAt),
        LastUpdateDate: oracleTimestamp(supplier.lastUpdatedAt),
      },
      sites: supplier.sites.map((site) => this.siteFromScenario(site, supplier.createdAt)),
      addresses: supplier.sites.map((site) => this.addressFromScenario(site, supplier.createdAt)),
    };
  }

  /** Each scenario site's address, named as the site references it. */
  private addressFromScenario(site: ScenarioSupplierSite, createdAt: string): SupplierAddressRow {
    return {
      SupplierAddressId: site.supplierSiteId + 1_000_000,
      AddressName: `${site.address.city} ${site.address.line1}`,
      AddressLine1: site.address.line1,
      AddressLine2: null,
      City: site.address.city,
      State: site.address.state,
      PostalCode: site.address.postalCode,
      CountryCode: site.address.country,
      Country: countryName(site.address.country),
      AddressPurposeOrderingFlag: true,
      AddressPurposeRemitToFlag: true,
      InactiveDate: null,
      CreationDate: oracleTimestamp(createdAt),
      LastUpdateDate: oracleTimestamp(createdAt),
    };
  }

  private siteFromScenario(site: ScenarioSupplierSite, createdAt: string): SupplierSiteRow {
    return {
      SupplierSiteId: site.supplierSiteId,
      SupplierSite: site.siteCode,
      ProcurementBUId: this.businessUnits.get(site.procurementBU)?.row.BusinessUnitId ?? 0,
      ProcurementBU: site.procurementBU,
      SupplierAddressName: `${site.address.city} ${site.address.line1}`,
      SitePurposePurchasingFlag: site.purchasing,
      SitePurposePayFlag: site.pay,
      SitePurposePrimaryPayFlag: site.pay,
      InactiveDate: null,
      CreationDate: oracleTimestamp(createdAt),
      LastUpdateDate: oracleTimestamp(createdAt),
    };
  }
}
