import type { SimClock } from '../core/clock.ts';
import type { Scenario, ScenarioLocation, ScenarioUser } from '../scenario/types.ts';
import { paymentStatusCode, paymentTermRows, shippingTermRows, termNamed } from './reference-data.ts';
import type {
  AccountCodeRecord,
  BillRecord,
  BudgetAccountRecord,
  DepartmentRecord,
  OrderRecord,
  PaymentRecord,
  PoLineRecord,
  PurchaseOrderRecord,
  TermRecord,
  VendorRecord,
} from './records.ts';

const dayMs = 86_400_000;

/** "3CDA5EF4-AC1A-…" and "3cda5ef4ac1a…" name the same bill. */
export function normalizeUuid(value: string): string {
  return value.replace(/-/g, '').toLowerCase();
}

/**
 * The Procurify domain's documents, loaded from a scenario: records indexed by id (and uuid) in
 * Maps, rendered into API shapes per request. The `*.changes.ts` modules write to them.
 */
export class ProcurifyStore {
  private readonly clock: SimClock;

  scenario!: Scenario;
  integrationUser!: ScenarioUser;
  readonly locations = new Map<number, ScenarioLocation>();
  readonly users = new Map<number, ScenarioUser>();
  readonly departments = new Map<number, DepartmentRecord>();
  readonly accountCodes = new Map<number, AccountCodeRecord>();
  readonly budgetAccounts = new Map<number, BudgetAccountRecord>();
  private readonly budgetAccountIds = new Map<string, number>();
  readonly vendors = new Map<number, VendorRecord>();
  private readonly vendorIdsByKey = new Map<string, number>();
  readonly purchaseOrders = new Map<number, PurchaseOrderRecord>();
  private readonly purchaseOrderIdsByUuid = new Map<string, number>();
  readonly bills = new Map<number, BillRecord>();
  private readonly billIdsByUuid = new Map<string, number>();
  private readonly billIdsByGroup = new Map<number, number[]>();
  readonly payments = new Map<number, PaymentRecord>();
  /** Requisitions managed as their own records (open ones, and those purchased from open), by num. */
  readonly orders = new Map<number, OrderRecord>();
  readonly terms: Record<'payment' | 'shipping' | 'paymentMethod' | 'shippingMethod', TermRecord[]> = {
    payment: [],
    shipping: [],
    paymentMethod: [],
    shippingMethod: [],
  };
  private nextIds = {
    vendor: 0,
    accountCode: 0,
    budgetAccount: 0,
    department: 0,
    poLine: 0,
    billItem: 0,
    allocation: 0,
    payment: 0,
    billPayment: 0,
    term: 100,
    purchaseOrder: 0,
    orderNum: 0,
  };

  constructor(clock: SimClock) {
    this.clock = clock;
  }

  /** The simulator clock's now, as records store it. */
  timestamp(): string {
    return this.clock.now().toISOString();
  }

  /** The next free id of a kind of record. */
  nextId(kind: keyof ProcurifyStore['nextIds']): number {
    this.nextIds[kind] += 1;
    return this.nextIds[kind];
  }

  /** Replaces every document with the scenario's. */
  load(scenario: Scenario): {
    purchaseOrders: number;
    requisitions: number;
    bills: number;
    vendors: number;
    payments: number;
  } {
    this.scenario = scenario;
    for (const map of [
      this.locations,
      this.users,
      this.departments,
      this.accountCodes,
      this.budgetAccounts,
      this.budgetAccountIds,
      this.vendors,
      this.vendorIdsByKey,
      this.purchaseOrders,
      this.purchaseOrderIdsByUuid,
      this.bills,
      this.billIdsByUuid,
      this.billIdsByGroup,
      this.payments,
      this.orders,
    ])
      map.clear();
    this.terms.payment = paymentTermRows.map((row) => ({ ...row }));
    this.terms.shipping = shippingTermRows.map((row) => ({ ...row }));
    this.terms.paymentMethod = [];
    this.terms.shippingMethod = [];

    for (const location of scenario.locations) this.locations.set(location.id, location);
    for (const user of scenario.users) this.users.set(user.id, user);
    const integrationUser = scenario.users.find((user) => user.role === 7) ?? scenario.users[0];
    if (!integrationUser) throw new Error('Scenario has no users');
    this.integrationUser = integrationUser;
    for (const department of scenario.departments)
      this.departments.set(department.id, {
        id: department.id,
        name: department.name,
        locationId: department.locationId,
        externalId: department.costCenter,
        active: department.active,
        punchoutEmail: null,
      });
    for (const account of scenario.glAccounts)
      this.accountCodes.set(account.id, {
        id: account.id,
        code: account.code,
        description: account.description,
        accountType: account.accountType as AccountCodeRecord['accountType'],
        active: true,
        parent: null,
      });
    for (const budget of scenario.budgetAccounts)
      this.addBudgetAccount({
        id: budget.id,
        accountCodeId: budget.glAccountId,
        departmentId: budget.departmentId,
      });

    const anchorMs = Date.parse(scenario.anchor);
    scenario.vendors.forEach((vendor, index) => {
      const procurify = vendor.procurify;
      if (!procurify) return;
      const location = scenario.locations[index % scenario.locations.length];
      this.vendors.set(procurify.id, {
        id: procurify.id,
        key: vendor.key,
        name: procurify.name,
        active: true,
        addressLineOne: procurify.address.line1,
        addressLineTwo: null,
        postalCode: procurify.address.postalCode,
        city: procurify.address.city,
        state_province: procurify.address.state,
        country: procurify.address.country,
        phoneOne: procurify.phone,
        phoneTwo: null,
        fax: null,
        email: [procurify.email],
        comments: null,
        contact: null,
        url: null,
        external_id: procurify.externalId,
        currency: location?.currency === 'CAD' ? 2 : 1,
        payment_term_ref: termNamed(this.terms.payment, procurify.paymentTerms),
        shipping_term_ref: null,
        payment_method_ref: null,
        shipping_method_ref: null,
        tax: null,
        type: 4,
        default_payment_method: null,
        is_1099_eligible: false,
        overall_score: null,
        is_auto_email_po_enabled: false,
        po_pdf_labels: '',
        email_configurations: {},
        dateModified: new Date(anchorMs - (300 - index) * dayMs).toISOString(),
      });
      this.vendorIdsByKey.set(vendor.key, procurify.id);
    });

    for (const po of scenario.purchaseOrders) {
      this.purchaseOrders.set(po.id, {
        ...po,
        requisition: { ...po.requisition, modifiedAt: po.createdAt },
        version: 1,
        linesModifiedAt: po.modifiedAt,
      });
      this.purchaseOrderIdsByUuid.set(po.uuid.toLowerCase(), po.id);
    }

    // Bills paid in Procurify, and approved bills with a Procurify Pay payment, have a bill payment.
    const paymentsByGroup = new Map<number, PaymentRecord>();
    for (const payment of scenario.payments) {
      const record: PaymentRecord = { ...payment, creatorId: this.integrationUser.id };
      this.payments.set(payment.id, record);
      for (const group of payment.billGroupIds) paymentsByGroup.set(group, record);
    }
    let billPaymentId = 70_000;
    for (const bill of scenario.bills) {
      const payment = paymentsByGroup.get(bill.group);
      const record: BillRecord = {
        ...bill,
        version: 1,
        payment: payment
          ? {
              id: ++billPaymentId,
              paymentId: payment.id,
              paymentDate: bill.paymentDate ?? payment.processingDate.slice(0, 10),
              amount: bill.total,
              status: paymentStatusCode[payment.status] ?? 5,
              methodType: payment.sourceType === 'external' ? 0 : 6,
              userId: payment.creatorId,
            }
          : null,
      };
      this.bills.set(bill.id, record);
      this.billIdsByUuid.set(normalizeUuid(bill.uuid), bill.id);
      this.billIdsByGroup.set(bill.group, [...(this.billIdsByGroup.get(bill.group) ?? []), bill.id]);
    }

    for (const requisition of scenario.openRequisitions ?? []) {
      this.orders.set(requisition.num, {
        num: requisition.num,
        uuid: requisition.uuid,
        description: requisition.description,
        requesterId: requisition.requesterId,
        departmentId: requisition.departmentId,
        locationId: requisition.locationId,
        currency: requisition.currency,
        status: requisition.status,
        createdAt: requisition.createdAt,
        modifiedAt: requisition.modifiedAt,
        approvedAt: requisition.approvedAt,
        requiredDate: requisition.requiredDate,
        denialComment: requisition.status === 2 ? 'Over budget for this quarter' : null,
        lines: requisition.lines.map(({ vendorKey, ...line }) => ({
          ...line,
          vendorId: this.vendorIdsByKey.get(vendorKey) ?? 0,
          rejected: false,
          modifiedAt: requisition.modifiedAt,
        })),
        purchaseOrderIds: [],
      });
    }

    const maxOf = (values: Iterable<number>, floor: number) => {
      let max = floor;
      for (const value of values) if (value > max) max = value;
      return max;
    };
    let maxLine = 0;
    let maxNum = 0;
    for (const po of scenario.purchaseOrders) {
      maxNum = Math.max(maxNum, po.requisition.num);
      for (const line of po.lines) if (line.id > maxLine) maxLine = line.id;
    }
    for (const order of this.orders.values()) {
      maxNum = Math.max(maxNum, order.num);
      for (const line of order.lines) maxLine = Math.max(maxLine, line.id);
    }
    let maxItem = 0;
    let maxAllocation = 0;
    for (const bill of scenario.bills) {
      for (const item of bill.items) {
        maxItem = Math.max(maxItem, item.id);
        for (const allocation of item.allocations) maxAllocation = Math.max(maxAllocation, allocation.id);
      }
      for (const cost of bill.costs) maxAllocation = Math.max(maxAllocation, cost.allocation.id);
    }
    this.nextIds = {
      vendor: maxOf(this.vendors.keys(), 200),
      accountCode: maxOf(this.accountCodes.keys(), 10),
      budgetAccount: maxOf(this.budgetAccounts.keys(), 1000),
      department: maxOf(this.departments.keys(), 100),
      poLine: maxLine,
      billItem: maxItem,
      allocation: maxAllocation,
      payment: maxOf(this.payments.keys(), 900),
      billPayment: billPaymentId,
      term: 100,
      purchaseOrder: maxOf(this.purchaseOrders.keys(), 1000),
      orderNum: Math.max(maxNum, 7000),
    };
    return {
      purchaseOrders: this.purchaseOrders.size,
      requisitions: this.orders.size,
      bills: this.bills.size,
      vendors: this.vendors.size,
      payments: this.payments.size,
    };
  }

  // ---- lookups -------------------------------------------------------------------------------

  vendorIdForKey(key: string): number | undefined {
    return this.vendorIdsByKey.get(key);
  }

  /**
   * The scenario-style key of a vendor, for records that name vendors by key (POs). Vendors
   * created through the API have none until a PO needs one.
   */
  vendorKeyFor(vendorId: number): string {
    const vendor = this.vendors.get(vendorId);
    if (!vendor) throw new Error(`No vendor ${vendorId}`);
    if (vendor.key === null) {
      vendor.key = `procurify-${vendorId}`;
      this.vendorIdsByKey.set(vendor.key, vendorId);
    }
    return vendor.key;
  }

  /** Adds a PO made in the simulator (a purchased requisition). */
  addPurchaseOrder(po: PurchaseOrderRecord): void {
    this.purchaseOrders.set(po.id, po);
    this.purchaseOrderIdsByUuid.set(po.uuid.toLowerCase(), po.id);
  }

  /** By procurify_PO or uuid. */
  findPurchaseOrder(idOrUuid: string): PurchaseOrderRecord | undefined {
    const id = /^\d+$/.test(idOrUuid)
      ? Number(idOrUuid)
      : this.purchaseOrderIdsByUuid.get(idOrUuid.toLowerCase());
    return id === undefined ? undefined : this.purchaseOrders.get(id);
  }

  /** By uuid (with or without dashes). */
  findBillByUuid(uuid: string): BillRecord | undefined {
    const id = this.billIdsByUuid.get(normalizeUuid(uuid));
    return id === undefined ? undefined : this.bills.get(id);
  }

  /** By id or uuid: for the control API. */
  findBill(idOrUuid: string): BillRecord | undefined {
    return /^\d+$/.test(idOrUuid) && this.bills.has(Number(idOrUuid))
      ? this.bills.get(Number(idOrUuid))
      : this.findBillByUuid(idOrUuid);
  }

  billsInGroup(group: number): BillRecord[] {
    return (this.billIdsByGroup.get(group) ?? []).flatMap((id) => this.bills.get(id) ?? []);
  }

  budgetAccountFor(accountCodeId: number, departmentId: number): BudgetAccountRecord {
    const id = this.budgetAccountIds.get(`${accountCodeId}:${departmentId}`);
    const existing = id === undefined ? undefined : this.budgetAccounts.get(id);
    if (existing) return existing;
    return this.addBudgetAccount({ id: this.nextId('budgetAccount'), accountCodeId, departmentId });
  }

  lineModifiedAt(po: PurchaseOrderRecord, line: PoLineRecord): string {
    return line.modifiedAt ?? po.linesModifiedAt;
  }

  private addBudgetAccount(record: BudgetAccountRecord): BudgetAccountRecord {
    this.budgetAccounts.set(record.id, record);
    this.budgetAccountIds.set(`${record.accountCodeId}:${record.departmentId}`, record.id);
    return record;
  }
}
