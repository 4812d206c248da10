import type { MasterRecord } from '@mlc/db';
import type { MasterRecordInput } from '@mlc/ledger';
import {
  contentHash,
  normalizeVendorName,
  primarySupplierAddress,
  textOrNull,
  vendorFieldsOf,
  type AccountCodeProfile,
  type DepartmentProfile,
  type OracleSegmentValue,
  type SupplierProfile,
  type VendorForSupplier,
  type VendorProfile,
} from '@mlc/mapping';
import type { OracleSupplier } from '@mlc/oracle-client';
import type { ProcurifyAccountCode, ProcurifyDepartment, ProcurifyVendor } from '@mlc/procurify-client';

/**
 * How each kind of master data is cached (MasterRecord) and read back. The streams (full scans)
 * and the writers (write-through after a create or update) both go through these, so a record we
 * just wrote hashes the same when the next scan reads it: nothing looks changed, nothing re-runs.
 */

/** A supplier is usable when it has no inactive date (in the past) and is not marked inactive. */
export function isSupplierActive(supplier: OracleSupplier, now: Date): boolean {
  const inactive = supplier.InactiveDate ? Date.parse(supplier.InactiveDate) <= now.getTime() : false;
  return !inactive && (supplier.Status ?? 'ACTIVE').toUpperCase() !== 'INACTIVE';
}

export function supplierMasterInput(supplier: OracleSupplier, now: Date): MasterRecordInput {
  return {
    externalId: supplier.SupplierId,
    key: supplier.SupplierNumber,
    name: supplier.Supplier,
    normalizedName: normalizeVendorName(supplier.Supplier),
    active: isSupplierActive(supplier, now),
    data: supplier,
    contentHash: contentHash(supplier),
    sourceUpdatedAt: supplier.LastUpdateDate ? new Date(supplier.LastUpdateDate) : null,
  };
}

const activeAt = (inactiveDate: string | null | undefined, now: Date): boolean =>
  !inactiveDate || Date.parse(inactiveDate) > now.getTime();

/** An Oracle supplier (sites and addresses expanded) as the supplier → vendor flow sees it. */
export function supplierProfileOf(supplier: OracleSupplier, now: Date): SupplierProfile {
  const address = primarySupplierAddress(
    (supplier.sites ?? []).map((site) => ({
      siteCode: site.SupplierSite,
      addressName: site.SupplierAddressName ?? null,
      active: activeAt(site.InactiveDate, now),
      purchasing: site.SitePurposePurchasingFlag !== false,
    })),
    (supplier.addresses ?? []).map((row) => ({
      name: row.AddressName ?? null,
      active: activeAt(row.InactiveDate, now),
      line1: row.AddressLine1 ?? null,
      line2: row.AddressLine2 ?? null,
      city: row.City ?? null,
      state: row.State ?? row.Province ?? null,
      postalCode: row.PostalCode ?? null,
      country: row.CountryCode ?? row.Country ?? null,
    })),
  );
  return {
    supplierId: supplier.SupplierId,
    supplierNumber: supplier.SupplierNumber,
    name: supplier.Supplier,
    active: isSupplierActive(supplier, now),
    address,
  };
}

/** The vendor fields this connector reads, and nothing clock- or request-dependent. */
export function vendorProjection(vendor: ProcurifyVendor) {
  return {
    id: vendor.id,
    name: vendor.name,
    active: vendor.active ?? true,
    external_id: vendor.external_id ?? null,
    addressLineOne: vendor.addressLineOne ?? null,
    addressLineTwo: vendor.addressLineTwo ?? null,
    city: vendor.city ?? null,
    state_province: vendor.state_province ?? null,
    postalCode: vendor.postalCode ?? null,
    country: vendor.country ?? null,
    type: vendor.type ?? null,
  };
}
export type VendorProjection = ReturnType<typeof vendorProjection>;

export function vendorMasterInput(vendor: ProcurifyVendor): MasterRecordInput {
  const data = vendorProjection(vendor);
  return {
    externalId: String(vendor.id),
    key: textOrNull(vendor.external_id),
    name: vendor.name,
    normalizedName: normalizeVendorName(vendor.name),
    active: data.active,
    data,
    contentHash: contentHash(data),
    sourceUpdatedAt: vendor.dateModified ? new Date(vendor.dateModified) : null,
  };
}

export function vendorProfileOf(
  record: Pick<MasterRecord, 'externalId' | 'name' | 'key' | 'active' | 'data'>,
): VendorProfile {
  const data = record.data as Partial<VendorProjection>;
  return {
    id: record.externalId,
    name: record.name ?? data.name ?? '',
    externalId: record.key,
    active: record.active,
    type: typeof data.type === 'number' ? data.type : null,
    fields: vendorFieldsOf(data),
  };
}

/** A vendor (projection, from a ledger snapshot) as the vendor → supplier flow sees it. */
export function vendorForSupplierOf(vendor: VendorProjection): VendorForSupplier {
  return {
    id: String(vendor.id),
    name: vendor.name,
    active: vendor.active,
    type: vendor.type,
    address: {
      line1: vendor.addressLineOne,
      line2: vendor.addressLineTwo,
      city: vendor.city,
      state: vendor.state_province,
      postalCode: vendor.postalCode,
      country: vendor.country,
    },
  };
}

export function accountCodeMasterInput(code: ProcurifyAccountCode): MasterRecordInput {
  const data = {
    id: code.id,
    code: code.code,
    description: code.description ?? null,
    account_type: code.account_type ?? null,
    active: code.active ?? true,
    parent: code.parent ?? null,
  };
  return {
    externalId: String(code.id),
    key: code.code,
    name: data.description,
    active: data.active,
    data,
    contentHash: contentHash(data),
  };
}

export function accountCodeProfileOf(
  record: Pick<MasterRecord, 'externalId' | 'key' | 'name' | 'active' | 'data'>,
): AccountCodeProfile {
  const data = record.data as { account_type?: unknown };
  return {
    id: record.externalId,
    code: record.key ?? '',
    description: record.name,
    accountType: typeof data.account_type === 'number' ? data.account_type : null,
    active: record.active,
  };
}

export function departmentMasterInput(department: ProcurifyDepartment): MasterRecordInput {
  const data = {
    id: department.id,
    name: department.name,
    external_id: department.external_id ?? null,
    active: department.active ?? true,
    branch: department.branch ? { id: department.branch.id, name: department.branch.name ?? null } : null,
  };
  return {
    externalId: String(department.id),
    key: textOrNull(department.external_id),
    name: department.name,
    active: data.active,
    data,
    contentHash: contentHash(data),
  };
}

export function departmentProfileOf(
  record: Pick<MasterRecord, 'externalId' | 'key' | 'name' | 'active' | 'data'>,
): DepartmentProfile {
  const data = record.data as { branch?: { id?: unknown } | null };
  const branch = data.branch?.id;
  return {
    id: record.externalId,
    name: record.name ?? '',
    externalId: record.key,
    active: record.active,
    branchId: typeof branch === 'number' || typeof branch === 'string' ? String(branch) : null,
  };
}

export function segmentValueMasterInput(value: OracleSegmentValue): MasterRecordInput {
  return {
    externalId: value.value,
    key: value.value,
    name: value.description,
    active: value.enabled,
    data: value,
    contentHash: contentHash(value),
  };
}
