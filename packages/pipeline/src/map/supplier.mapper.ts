import type { Prisma } from '@mlc/db';
import {
  findVendorForSupplier,
  planSupplierCreation,
  planVendorSync,
  vendorFieldsFromSupplier,
  type SupplierCandidate,
  type VendorFields,
} from '@mlc/mapping';
import { supplierSchema } from '@mlc/oracle-client';
import { z } from 'zod';
import { supplierProfileOf, vendorForSupplierOf, type VendorProjection } from '../master/master-records.ts';
import { MasterSync } from '../master/master-sync.ts';
import { resolveVendor } from './documents.mapper.ts';
import type { EntityMapper } from './entity-mapper.ts';
import { carriedTo, keepCarried, previousSync, waitForMaster } from './master-mapping.ts';

/** What procurify-writer gets for a supplier record (see vendor.writer.ts). */
export type VendorWrite =
  | {
      action: 'create';
      vendor: Record<string, unknown>;
      supplierId: string;
      supplierNumber: string;
      supplierName: string;
      carried: VendorFields;
    }
  | { action: 'update'; vendorId: string; changes: VendorFields; carried: VendorFields };

const vendorTypes = { preferred: 3, regular: 4 } as const;

/**
 * Oracle supplier → Procurify vendor. Pairs by stable ids first (the vendor written before, a
 * vendor link), matches only a supplier never paired (external_id = supplier number, one exact or
 * normalized name), then plans the smallest write: create, update what changed in Oracle since the
 * last sync, or nothing (in sync). A pairing found by matching is remembered as a vendor link.
 */
export const supplierMapper: EntityMapper = async (deps, settings, record, options) => {
  if (!settings.options.masterData.vendors.sync)
    return {
      outcome: { kind: 'skipped', reason: 'Vendor sync is off (options.masterData.vendors.sync)' },
      details: {},
    };
  const waiting = await waitForMaster(
    deps,
    settings,
    record,
    'procurify.vendors',
    'Procurify vendors',
    options,
  );
  if (waiting) return waiting;
  const supplier = supplierSchema.parse(record.sourceSnapshot);
  const profile = supplierProfileOf(supplier, new Date());
  const fields = vendorFieldsFromSupplier(profile);
  if (fields.kind === 'failed')
    return { outcome: { kind: 'failed', code: fields.code, reason: fields.reason }, details: {} };

  const connectionId = settings.id;
  const ours = {
    OR: [
      { oracleSupplierId: supplier.SupplierId },
      { oracleSupplierId: null, oracleSupplierNumber: supplier.SupplierNumber },
    ],
  };
  const [{ details: previous }, vendors, suppliers, linked, others] = await Promise.all([
    previousSync(deps, record),
    deps.cache.vendorIndex(connectionId),
    deps.cache.supplierIndex(connectionId),
    deps.prisma.vendorLink.findMany({
      where: { connectionId, ...ours },
      select: { procurifyVendorId: true },
    }),
    deps.prisma.vendorLink.findMany({
      where: { connectionId, NOT: ours },
      select: { procurifyVendorId: true },
    }),
  ]);
  const othersNamed = (named: SupplierCandidate[]) =>
    named.some((candidate) => candidate.active && candidate.supplierId !== supplier.SupplierId);
  const counterpart = findVendorForSupplier(profile, {
    targetVendorId: record.targetId,
    linkedVendorIds: linked.map((link) => link.procurifyVendorId),
    linkedElsewhere: new Set(others.map((link) => link.procurifyVendorId)),
    vendors,
    sharedNames: {
      exact: othersNamed(suppliers.exact(supplier.Supplier)),
      normalized: othersNamed(suppliers.normalized(supplier.Supplier)),
    },
  });
  if (counterpart.kind === 'ambiguous') {
    const ids = counterpart.candidates.map((vendor) => `${vendor.id} "${vendor.name}"`).join(', ');
    return {
      outcome: {
        kind: 'blocked',
        reason:
          `Several Procurify vendors could be Oracle supplier ${supplier.SupplierNumber} "${supplier.Supplier}": ${ids}.` +
          ` Link the right one: mlc mapping set ${connectionId} vendor <PROCURIFY_VENDOR_ID> ${supplier.SupplierNumber}`,
        missing: [{ kind: 'vendor_for_supplier', key: supplier.SupplierNumber, label: supplier.Supplier }],
        suggestions: [],
      },
      details: {
        candidates: counterpart.candidates.map((vendor) => ({ id: vendor.id, name: vendor.name })),
        ...keepCarried(previous),
      },
    };
  }
  const vendor = counterpart.kind === 'found' ? counterpart.vendor : undefined;
  const matchedBy = counterpart.kind === 'found' ? counterpart.matchedBy : null;
  if (vendor && options.rememberLinks && matchedBy !== 'target' && matchedBy !== 'link') {
    await new MasterSync(deps.prisma, deps.ledger, deps.logger).linkVendor(connectionId, {
      procurifyVendorId: vendor.id,
      procurifyVendorName: vendor.name,
      oracleSupplierId: supplier.SupplierId,
      oracleSupplierNumber: supplier.SupplierNumber,
      oracleSupplierName: supplier.Supplier,
      matchedBy: matchedBy as 'external_id' | 'exact_name' | 'normalized_name',
    });
  }
  const plan = planVendorSync({
    desired: fields.fields,
    vendor,
    previous: vendor ? carriedTo(previous, vendor.id) : undefined,
    vendorType: vendorTypes[settings.options.masterData.vendorType],
  });
  const pairing = vendor ? { vendorId: vendor.id, vendorName: vendor.name, matchedBy } : {};
  const carried = fields.fields as Prisma.InputJsonObject;
  switch (plan.kind) {
    case 'skip':
      return {
        outcome: { kind: 'skipped', reason: plan.reason },
        details: { ...pairing, ...keepCarried(previous) },
      };
    case 'in_sync':
      return {
        outcome: { kind: 'mapped', payload: null, warnings: fields.warnings },
        details: { ...pairing, carriedFor: plan.vendorId, carried },
        inSync: {
          targetId: plan.vendorId,
          targetNumber: null,
          message: `Procurify vendor ${plan.vendorId} "${vendor?.name ?? ''}" already carries what Oracle has (${matchedBy ?? 'paired'})`,
        },
      };
    case 'create':
      return {
        outcome: {
          kind: 'mapped',
          warnings: fields.warnings,
          payload: {
            action: 'create',
            vendor: plan.vendor,
            supplierId: supplier.SupplierId,
            supplierNumber: supplier.SupplierNumber,
            supplierName: supplier.Supplier,
            carried: fields.fields,
          } satisfies VendorWrite,
        },
        operation: 'create',
        details: { ...keepCarried(previous) },
      };
    case 'update':
      return {
        outcome: {
          kind: 'mapped',
          warnings: fields.warnings,
          payload: {
            action: 'update',
            vendorId: plan.vendorId,
            changes: plan.changes,
            carried: fields.fields,
          } satisfies VendorWrite,
        },
        operation: 'update',
        details: { ...pairing, changes: plan.changes as Prisma.InputJsonObject, ...keepCarried(previous) },
      };
  }
};

const vendorSnapshotSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  active: z.boolean(),
  external_id: z.string().nullable(),
  addressLineOne: z.string().nullable(),
  addressLineTwo: z.string().nullable(),
  city: z.string().nullable(),
  state_province: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  type: z.number().int().nullable(),
});

/**
 * Procurify vendor → Oracle supplier (only with `createSuppliersInOracle`). A vendor that pairs
 * with a supplier (link, external_id, one exact or normalized name) is in sync and the pairing is
 * remembered; a vendor with several equally named suppliers, or a link to a supplier Oracle does
 * not have, waits for a person; any other active supplier-type vendor gets a new Oracle supplier
 * with a site (then the records blocked on it are re-queued by the writer).
 */
export const vendorMapper: EntityMapper = async (deps, settings, record, options) => {
  if (!settings.options.createSuppliersInOracle)
    return {
      outcome: {
        kind: 'skipped',
        reason: 'createSuppliersInOracle is off: vendors without a supplier wait for a link',
      },
      details: {},
    };
  const waiting = await waitForMaster(
    deps,
    settings,
    record,
    'oracle.suppliers',
    'Oracle suppliers',
    options,
  );
  if (waiting) return waiting;
  const vendor = vendorSnapshotSchema.parse(record.sourceSnapshot) as VendorProjection;
  const resolution = await resolveVendor(deps, settings, vendor, options.rememberLinks);
  if (resolution.kind === 'linked') {
    const { supplier } = resolution;
    return {
      outcome: { kind: 'mapped', payload: null, warnings: [] },
      details: {
        supplierNumber: supplier.supplierNumber,
        supplier: supplier.name,
        matchedBy: resolution.matchedBy,
      },
      inSync: {
        targetId: supplier.supplierId,
        targetNumber: supplier.supplierNumber,
        message: `linked to Oracle supplier ${supplier.supplierNumber} "${supplier.name}" (${resolution.matchedBy})`,
      },
    };
  }
  const [link, suppliers] = await Promise.all([
    deps.prisma.vendorLink.findUnique({
      where: {
        connectionId_procurifyVendorId: { connectionId: settings.id, procurifyVendorId: String(vendor.id) },
      },
    }),
    deps.cache.supplierIndex(settings.id),
  ]);
  const active = (list: { active: boolean }[]) => list.filter((supplier) => supplier.active).length;
  const ambiguous = active(suppliers.exact(vendor.name)) > 1 || active(suppliers.normalized(vendor.name)) > 1;
  // A person linked it (to a supplier Oracle does not show), or must choose: never create then.
  if (link || ambiguous) return { outcome: resolution.outcome, details: {} };

  const newSuppliers = settings.options.masterData.newSuppliers;
  const outcome = planSupplierCreation(vendorForSupplierOf(vendor), {
    siteCode: newSuppliers.siteCode,
    procurementBUs: newSuppliers.procurementBUs ?? [settings.oracle.procurementBU],
    taxOrganizationType: newSuppliers.taxOrganizationType,
  });
  const similar = resolution.outcome.suggestions;
  if (outcome.kind === 'mapped' && similar.length > 0)
    outcome.warnings.push(
      `Similar Oracle suppliers exist: ${similar.map((s) => `${s.name} (${s.supplierNumber}, ${Math.round(s.score * 100)}%)`).join('; ')}`,
    );
  return {
    outcome,
    operation: 'create',
    details: { suggestions: similar as unknown as Prisma.InputJsonArray },
  };
};
