import type {
  AccountCodeRead,
  AccountRead,
  Address,
  AddressSummary,
  Currency,
  CurrencySummary,
  DepartmentSummary,
  LocationView,
  SimpleUserSummary,
  UserSummary,
  VendorRead,
} from '@mlc/procurify-api';
import type { ScenarioLocation, ScenarioUser } from '../scenario/types.ts';
import { authUserId, billingAddressId, currencyNamed, shippingAddressId } from './reference-data.ts';
import type { AccountCodeRecord, DepartmentRecord, VendorRecord } from './records.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * Shapes nested in many documents. A few fields the spec declares `nullable` through
 * `allOf: [$ref]` are rendered as null, as the live API does; see the test support's notes.
 */

export function currency(name: string): Currency {
  const row = currencyNamed(name);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rate: row.rate,
    base: row.base,
    active: true,
  };
}

export function currencySummary(name: string): CurrencySummary {
  const row = currencyNamed(name);
  return { id: row.id, name: row.name, rate: row.rate, base: row.base };
}

function requireLocation(store: ProcurifyStore, id: number): ScenarioLocation {
  const location = store.locations.get(id);
  if (!location) throw new Error(`No location ${id}`);
  return location;
}

export function userOf(store: ProcurifyStore, id: number): ScenarioUser {
  return store.users.get(id) ?? store.integrationUser;
}

/** Users exist since before the scenario's documents. */
function userSince(store: ProcurifyStore): string {
  return new Date(Date.parse(store.scenario.anchor) - 500 * 86_400_000).toISOString();
}

export function departmentSummary(store: ProcurifyStore, department: DepartmentRecord): DepartmentSummary {
  const location = requireLocation(store, department.locationId);
  return {
    id: department.id,
    branch: { id: location.id, name: location.name },
    external_id: department.externalId,
    name: department.name,
    punchout_email: department.punchoutEmail,
    active: department.active,
  };
}

export function departmentOf(store: ProcurifyStore, id: number): DepartmentRecord {
  const department = store.departments.get(id);
  if (!department) throw new Error(`No department ${id}`);
  return department;
}

export function userSummary(store: ProcurifyStore, id: number): UserSummary {
  const user = userOf(store, id);
  const since = userSince(store);
  return {
    id: user.id,
    department: departmentSummary(store, departmentOf(store, user.departmentId)),
    created_at: since,
    updated_at: since,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    position: null,
    phone: null,
    address: null,
    notifications: true,
    is_active: true,
    mobile: false,
    profile_image: null,
    slack_user_id: '',
    is_sso_enabled: false,
    last_changed_by: null,
    user: authUserId(user.id),
  };
}

export function simpleUserSummary(store: ProcurifyStore, id: number): SimpleUserSummary {
  const user = userOf(store, id);
  return {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    position: null,
    profile_image: null,
  };
}

export function accountCodeRead(store: ProcurifyStore, record: AccountCodeRecord): AccountCodeRead {
  let applied = 0;
  for (const budget of store.budgetAccounts.values()) if (budget.accountCodeId === record.id) applied += 1;
  return {
    id: record.id,
    applied_accounts_count: applied,
    code: record.code,
    code_length: record.code.length,
    description: record.description,
    account_type: record.accountType,
    active: record.active,
    parent: record.parent,
  };
}

/** A budget line (account code × department), as PO lines and cost allocations show it. */
export function accountRead(store: ProcurifyStore, accountCodeId: number, departmentId: number): AccountRead {
  const budget = store.budgetAccountFor(accountCodeId, departmentId);
  const code = store.accountCodes.get(accountCodeId);
  if (!code) throw new Error(`No account code ${accountCodeId}`);
  return {
    id: budget.id,
    account_code: accountCodeRead(store, code),
    department: departmentSummary(store, departmentOf(store, departmentId)),
    warning_indicator: false,
    budget_used_approved: 0,
    budget_used_purchased: 0,
    start_datetime: null,
    end_datetime: null,
    budget: '0.00',
    balance_approved: '0.00',
    balance_purchased: '0.00',
    active: true,
  };
}

export function vendorRead(vendor: VendorRecord): VendorRead {
  return {
    id: vendor.id,
    name: vendor.name,
    active: vendor.active,
    addressLineOne: vendor.addressLineOne,
    addressLineTwo: vendor.addressLineTwo,
    postalCode: vendor.postalCode,
    city: vendor.city,
    state_province: vendor.state_province,
    country: vendor.country,
    phoneOne: vendor.phoneOne,
    phoneTwo: vendor.phoneTwo,
    fax: vendor.fax,
    email: [...vendor.email],
    comments: vendor.comments,
    contact: vendor.contact,
    url: vendor.url,
    external_id: vendor.external_id,
    dateModified: vendor.dateModified,
    currency: vendor.currency,
    payment_term_ref: vendor.payment_term_ref,
    shipping_term_ref: vendor.shipping_term_ref,
    payment_method_ref: vendor.payment_method_ref,
    shipping_method_ref: vendor.shipping_method_ref,
    payment_methods: [],
    tax: vendor.tax,
    type: vendor.type,
    default_payment_method: vendor.default_payment_method,
    creditcards: [],
    is_1099_eligible: vendor.is_1099_eligible,
    overall_score: vendor.overall_score === null ? null : Number(vendor.overall_score),
    is_auto_email_po_enabled: vendor.is_auto_email_po_enabled,
    po_pdf_labels: vendor.po_pdf_labels,
    email_configurations: vendor.email_configurations,
  };
}

export function vendorOfKey(store: ProcurifyStore, key: string): VendorRecord {
  const id = store.vendorIdForKey(key);
  const vendor = id === undefined ? undefined : store.vendors.get(id);
  if (!vendor) throw new Error(`No Procurify vendor for scenario vendor ${key}`);
  return vendor;
}

export function locationOf(store: ProcurifyStore, id: number): ScenarioLocation {
  return requireLocation(store, id);
}

function address(location: ScenarioLocation, id: number, kind: string): Address {
  return {
    id,
    name: `${location.name} ${kind}`,
    addressLineOne: location.address.line1,
    city: location.address.city,
    postalCode: location.address.postalCode,
    state_province: location.address.state,
    country: location.address.country,
  };
}

export function addressSummary(
  store: ProcurifyStore,
  location: ScenarioLocation,
  kind: 'billing' | 'shipping',
): AddressSummary {
  const since = userSince(store);
  return {
    ...address(
      location,
      kind === 'billing' ? billingAddressId(location.id) : shippingAddressId(location.id),
      kind,
    ),
    is_active: true,
    created_at: since,
    updated_at: since,
    addressAssociation: kind === 'billing' ? 1 : 2,
    addressLineTwo: '',
    last_changed_by: null,
  };
}

export function locationView(store: ProcurifyStore, location: ScenarioLocation): LocationView {
  let departmentCount = 0;
  for (const department of store.departments.values())
    if (department.locationId === location.id) departmentCount += 1;
  const shipping = address(location, shippingAddressId(location.id), 'shipping');
  return {
    id: location.id,
    name: location.name,
    url: null,
    logo: '',
    currency: currency(location.currency),
    phoneOne: '+1-206-555-0100',
    fax: null,
    email: null,
    primary_billing_address: address(location, billingAddressId(location.id), 'billing'),
    primary_shipping_address: shipping,
    shipping_addresses: [shipping],
    language: 1,
    locationTimezone: location.timezone as Exclude<LocationView['locationTimezone'], undefined>,
    headquarter: location.headquarter,
    department_count: departmentCount,
    active: true,
    external_id: location.externalId,
    legal_entity: {
      id: location.currency === 'CAD' ? 2 : 1,
      uuid:
        location.currency === 'CAD'
          ? '1e9a1e00-0000-4000-8000-000000000002'
          : '1e9a1e00-0000-4000-8000-000000000001',
      name: location.businessUnit.replace(' Business Unit', ' Legal Entity'),
    },
  };
}
