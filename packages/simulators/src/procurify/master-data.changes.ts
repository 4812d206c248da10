import type { AccountCodeRecord, DepartmentRecord, TermRecord, VendorRecord } from './records.ts';
import { StoreError, type TermInput, type VendorInput } from './store-inputs.ts';
import type { ProcurifyStore } from './store.ts';

/** Writes clients make to vendors, account codes and departments (through the API). */

/** Terms and methods are nested objects on the vendor; a new name creates one. */
function resolveTerm(
  store: ProcurifyStore,
  kind: keyof ProcurifyStore['terms'],
  input: TermInput | null | undefined,
): TermRecord | null | undefined {
  if (input === undefined || input === null) return input;
  const rows = store.terms[kind];
  const existing = rows.find((row) => row.name === input.name);
  if (existing) return existing;
  const row = {
    id: store.nextId('term'),
    name: input.name,
    description: input.description ?? null,
    active: input.active ?? true,
  };
  rows.push(row);
  return row;
}

/** Sets the fields a write names (DRF leaves the others as they were) and bumps dateModified. */
function applyVendorInput(store: ProcurifyStore, vendor: VendorRecord, input: VendorInput): void {
  const {
    payment_term_ref,
    shipping_term_ref,
    payment_method_ref,
    shipping_method_ref,
    email_configurations,
    ...plain
  } = input;
  const target = vendor as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(plain)) if (value !== undefined) target[key] = value;
  if (email_configurations)
    vendor.email_configurations = Object.fromEntries(
      Object.entries(email_configurations).map(([key, value]) => [
        key,
        {
          ...(value.auto_po === undefined ? {} : { auto_po: value.auto_po }),
          ...(value.payment_remittance === undefined ? {} : { payment_remittance: value.payment_remittance }),
        },
      ]),
    );
  const refs = [
    ['payment_term_ref', 'payment', payment_term_ref],
    ['shipping_term_ref', 'shipping', shipping_term_ref],
    ['payment_method_ref', 'paymentMethod', payment_method_ref],
    ['shipping_method_ref', 'shippingMethod', shipping_method_ref],
  ] as const;
  for (const [field, kind, value] of refs) {
    const resolved = resolveTerm(store, kind, value);
    if (resolved !== undefined) vendor[field] = resolved;
  }
  vendor.dateModified = store.timestamp();
}

export function createVendor(
  store: ProcurifyStore,
  input: VendorInput & { name: string; email: string[]; type: VendorRecord['type'] },
): VendorRecord {
  const vendor: VendorRecord = {
    id: store.nextId('vendor'),
    key: null,
    name: input.name,
    active: true,
    addressLineOne: null,
    addressLineTwo: null,
    postalCode: null,
    city: null,
    state_province: null,
    country: null,
    phoneOne: null,
    phoneTwo: null,
    fax: null,
    email: [],
    comments: null,
    contact: null,
    url: null,
    external_id: null,
    currency: null,
    payment_term_ref: null,
    shipping_term_ref: null,
    payment_method_ref: null,
    shipping_method_ref: null,
    tax: null,
    type: input.type,
    default_payment_method: null,
    is_1099_eligible: null,
    overall_score: null,
    is_auto_email_po_enabled: false,
    po_pdf_labels: '',
    email_configurations: {},
    dateModified: store.timestamp(),
  };
  applyVendorInput(store, vendor, input);
  store.vendors.set(vendor.id, vendor);
  return vendor;
}

export function updateVendor(store: ProcurifyStore, id: number, input: VendorInput): VendorRecord {
  const vendor = store.vendors.get(id);
  if (!vendor) throw new StoreError('not_found', `No vendor ${id}`);
  applyVendorInput(store, vendor, input);
  return vendor;
}

/** DRF's unique validator on `code` and the `parent` relation. */
function checkAccountCode(
  store: ProcurifyStore,
  code: string,
  parent: number | null | undefined,
  exceptId?: number,
): void {
  for (const existing of store.accountCodes.values())
    if (existing.code === code && existing.id !== exceptId)
      throw new StoreError('invalid', 'duplicate code', {
        code: ['account code with this code already exists.'],
      });
  if (parent !== undefined && parent !== null && !store.accountCodes.has(parent))
    throw new StoreError('invalid', 'unknown parent', {
      parent: [`Invalid pk "${parent}" - object does not exist.`],
    });
}

export function createAccountCode(
  store: ProcurifyStore,
  input: {
    code: string;
    description: string;
    parent?: number | null | undefined;
    account_type?: AccountCodeRecord['accountType'] | undefined;
    departments?: number[] | undefined;
  },
): AccountCodeRecord {
  checkAccountCode(store, input.code, input.parent);
  const unknown = (input.departments ?? []).find((id) => !store.departments.has(id));
  if (unknown !== undefined)
    throw new StoreError('invalid', 'unknown department', {
      departments: [`Invalid pk "${unknown}" - object does not exist.`],
    });
  const record: AccountCodeRecord = {
    id: store.nextId('accountCode'),
    code: input.code,
    description: input.description,
    accountType: input.account_type ?? 2,
    active: true,
    parent: input.parent ?? null,
  };
  store.accountCodes.set(record.id, record);
  for (const departmentId of input.departments ?? []) store.budgetAccountFor(record.id, departmentId);
  return record;
}

export function updateAccountCode(
  store: ProcurifyStore,
  id: number,
  input: {
    code: string;
    description: string;
    parent?: number | null | undefined;
    account_type?: AccountCodeRecord['accountType'] | undefined;
  },
): AccountCodeRecord {
  const record = store.accountCodes.get(id);
  if (!record) throw new StoreError('not_found', `No account code ${id}`);
  checkAccountCode(store, input.code, input.parent, id);
  record.code = input.code;
  record.description = input.description;
  if (input.account_type !== undefined) record.accountType = input.account_type;
  if (input.parent !== undefined) record.parent = input.parent;
  return record;
}

/** Creates a department (`id` undefined) or replaces one; `external_id` carries the cost center. */
export function upsertDepartment(
  store: ProcurifyStore,
  id: number | undefined,
  input: {
    branch: number;
    name: string;
    external_id?: string | null | undefined;
    active?: boolean | undefined;
    punchout_email?: string | null | undefined;
  },
): DepartmentRecord {
  if (!store.locations.has(input.branch))
    throw new StoreError('invalid', 'unknown branch', {
      branch: [`Invalid pk "${input.branch}" - object does not exist.`],
    });
  const existing = id === undefined ? undefined : store.departments.get(id);
  if (id !== undefined && !existing) throw new StoreError('not_found', `No department ${id}`);
  const record: DepartmentRecord = existing ?? {
    id: store.nextId('department'),
    name: input.name,
    locationId: input.branch,
    externalId: null,
    active: true,
    punchoutEmail: null,
  };
  record.name = input.name;
  record.locationId = input.branch;
  if (input.external_id !== undefined) record.externalId = input.external_id;
  if (input.active !== undefined) record.active = input.active;
  if (input.punchout_email !== undefined) record.punchoutEmail = input.punchout_email;
  store.departments.set(record.id, record);
  return record;
}
