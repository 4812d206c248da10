import { MasterData } from '@mlc/ledger';
import {
  sameValue,
  supplierVendorTypes,
  vendorFieldsOf,
  type VendorField,
  type VendorFields,
} from '@mlc/mapping';
import type { ProcurifyClient, ProcurifyVendor } from '@mlc/procurify-client';
import { vendorMasterInput } from '../../master/master-records.ts';
import { MasterSync } from '../../master/master-sync.ts';
import type { VendorWrite } from '../../map/supplier.mapper.ts';
import type { Target, TargetWriter, WriterContext } from '../target-writer.ts';

type Context = WriterContext<ProcurifyClient>;

/** The vendor carrying this supplier number as external_id (active supplier-type first, then lowest id). */
async function findByExternalId(
  client: ProcurifyClient,
  supplierNumber: string,
): Promise<ProcurifyVendor | undefined> {
  const found = (await client.listVendors({ externalId: supplierNumber })).filter(
    (vendor) => vendor.external_id?.trim() === supplierNumber.trim(),
  );
  const rank = (vendor: ProcurifyVendor) =>
    (vendor.active === false ? 2 : 0) +
    (vendor.type !== undefined && !supplierVendorTypes.has(vendor.type) ? 1 : 0);
  return found.sort((a, b) => rank(a) - rank(b) || a.id - b.id)[0];
}

/** The changes the vendor does not carry yet. */
function unapplied(changes: VendorFields, vendor: ProcurifyVendor): VendorFields {
  const current = vendorFieldsOf(vendor);
  const pending: VendorFields = {};
  for (const [field, value] of Object.entries(changes) as [VendorField, VendorFields[VendorField]][]) {
    if (value !== undefined && !sameValue(value, current[field])) pending[field] = value;
  }
  return pending;
}

/** Keeps the vendor master current with what we just wrote, so the next scan sees no change. */
async function remember(context: Context, vendor: ProcurifyVendor): Promise<void> {
  await new MasterData(context.prisma).upsert(context.settings.id, 'procurify', 'vendor', [
    vendorMasterInput(vendor),
  ]);
}

async function created(
  context: Context,
  payload: Extract<VendorWrite, { action: 'create' }>,
  vendor: ProcurifyVendor,
  via: 'created' | 'adopted',
): Promise<Target> {
  await remember(context, vendor);
  await new MasterSync(context.prisma, context.ledger, context.logger).linkVendor(context.settings.id, {
    procurifyVendorId: String(vendor.id),
    procurifyVendorName: vendor.name,
    oracleSupplierId: payload.supplierId,
    oracleSupplierNumber: payload.supplierNumber,
    oracleSupplierName: payload.supplierName,
    matchedBy: via === 'created' ? 'created' : 'external_id',
  });
  return {
    targetId: String(vendor.id),
    targetNumber: null,
    via,
    details: {
      vendorId: String(vendor.id),
      vendorName: vendor.name,
      carriedFor: String(vendor.id),
      carried: payload.carried,
    },
    message:
      via === 'created'
        ? `created Procurify vendor ${vendor.id} "${vendor.name}" for Oracle supplier ${payload.supplierNumber}`
        : `Procurify vendor ${vendor.id} "${vendor.name}" already carries supplier number ${payload.supplierNumber} (written by an earlier attempt, or by someone in Procurify); adopted, not created again`,
  };
}

function updated(
  payload: Extract<VendorWrite, { action: 'update' }>,
  vendor: ProcurifyVendor,
  written: VendorFields,
): Target {
  const fields = Object.keys(written);
  return {
    targetId: String(vendor.id),
    targetNumber: null,
    via: 'updated',
    details: {
      vendorId: String(vendor.id),
      vendorName: vendor.name,
      carriedFor: String(vendor.id),
      carried: payload.carried,
    },
    message:
      fields.length > 0
        ? `updated Procurify vendor ${vendor.id} "${vendor.name}": ${fields.join(', ')}`
        : `Procurify vendor ${vendor.id} "${vendor.name}" already carries the change (${Object.keys(payload.changes).join(', ')})`,
  };
}

/**
 * Oracle supplier → Procurify vendor (ledger entity `supplier`). A create first looks for a vendor
 * already carrying the supplier number as external_id (a lost response, a retry, someone quicker
 * in Procurify) and adopts it; an update PATCHes only the fields the vendor does not carry yet.
 * Either way the vendor master is written through, and a created vendor is linked to its supplier.
 */
export const vendorWriter: TargetWriter<ProcurifyClient> = {
  async lookUp(context) {
    const payload = context.record.mappedPayload as VendorWrite;
    if (payload.action === 'create') {
      const found = await findByExternalId(context.client, payload.supplierNumber);
      return found ? created(context, payload, found, 'adopted') : undefined;
    }
    const vendor = await context.client.getVendor(Number(payload.vendorId));
    if (Object.keys(unapplied(payload.changes, vendor)).length > 0) return undefined;
    await remember(context, vendor);
    return updated(payload, vendor, {});
  },
  async write(context) {
    const { client } = context;
    const payload = context.record.mappedPayload as VendorWrite;
    if (payload.action === 'create') {
      const existing = await findByExternalId(client, payload.supplierNumber);
      if (existing) return created(context, payload, existing, 'adopted');
      return created(context, payload, await client.createVendor(payload.vendor), 'created');
    }
    const vendor = await client.getVendor(Number(payload.vendorId));
    const pending = unapplied(payload.changes, vendor);
    const result = Object.keys(pending).length > 0 ? await client.updateVendor(vendor.id, pending) : vendor;
    await remember(context, result);
    if (pending['name'] !== undefined)
      await new MasterSync(context.prisma, context.ledger, context.logger).refreshVendorLinks(
        context.settings.id,
      );
    return updated(payload, result, pending);
  },
};
