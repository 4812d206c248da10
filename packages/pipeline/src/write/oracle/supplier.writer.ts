import { MasterData } from '@mlc/ledger';
import type { SupplierCreation } from '@mlc/mapping';
import type { OracleClient, OracleSupplier } from '@mlc/oracle-client';
import { supplierMasterInput } from '../../master/master-records.ts';
import { MasterSync } from '../../master/master-sync.ts';
import type { Target, TargetWriter, WriterContext } from '../target-writer.ts';

type Context = WriterContext<OracleClient>;

/**
 * Gives a supplier this connector created the address and sites the payload asks for, each only
 * when it is not there yet (a retry after a lost response finds it and moves on).
 */
async function completeSupplier(
  client: OracleClient,
  supplierId: string,
  payload: SupplierCreation,
): Promise<OracleSupplier> {
  let supplier = await client.getSupplier(supplierId);
  if (
    payload.address &&
    !(supplier.addresses ?? []).some((address) => address.AddressName === payload.address?.AddressName)
  ) {
    await client.createSupplierAddress(supplierId, payload.address);
  }
  for (const site of payload.sites) {
    const exists = (supplier.sites ?? []).some(
      (candidate) =>
        candidate.SupplierSite === site.SupplierSite && candidate.ProcurementBU === site.ProcurementBU,
    );
    if (!exists) await client.createSupplierSite(supplierId, site);
  }
  supplier = await client.getSupplier(supplierId);
  return supplier;
}

/**
 * The supplier is in Oracle: cache it as master data at once (so the records waiting on this
 * vendor map against it, without waiting for the next supplier poll), link the vendor to it and
 * re-queue what was blocked on the vendor.
 */
async function finish(
  context: Context,
  payload: SupplierCreation,
  supplier: OracleSupplier,
  via: Target['via'],
  ours: boolean,
): Promise<Target> {
  await new MasterData(context.prisma).upsert(context.settings.id, 'oracle', 'supplier', [
    supplierMasterInput(supplier, new Date()),
  ]);
  await new MasterSync(context.prisma, context.ledger, context.logger).linkVendor(context.settings.id, {
    procurifyVendorId: payload.procurifyVendorId,
    procurifyVendorName: payload.procurifyVendorName,
    oracleSupplierId: supplier.SupplierId,
    oracleSupplierNumber: supplier.SupplierNumber,
    oracleSupplierName: supplier.Supplier,
    oracleSupplierSite: ours ? (payload.sites[0]?.SupplierSite ?? null) : null,
    matchedBy: ours ? 'created' : 'exact_name',
  });
  const sites = (supplier.sites ?? []).map((site) => `${site.SupplierSite} (${site.ProcurementBU ?? '?'})`);
  return {
    targetId: supplier.SupplierId,
    targetNumber: supplier.SupplierNumber,
    via,
    details: { supplierNumber: supplier.SupplierNumber, supplier: supplier.Supplier, sites },
    message: ours
      ? `${via === 'created' ? 'created' : 'completed'} Oracle supplier ${supplier.SupplierNumber} "${supplier.Supplier}" with site(s) ${sites.join(', ')}; linked to Procurify vendor ${payload.procurifyVendorId}`
      : `Oracle already has a supplier named "${supplier.Supplier}" (${supplier.SupplierNumber}); linked to Procurify vendor ${payload.procurifyVendorId}, nothing created`,
  };
}

/**
 * Procurify vendor with no supplier → new Oracle supplier with an address and site(s) (ledger
 * entity `vendor`, only with createSuppliersInOracle). Natural key: the supplier name (unique in
 * Oracle). A supplier found by name before the first create is someone else's: it is linked, not
 * changed. One found on a later attempt is ours (a lost response): its address and sites are
 * completed. The intermediate supplier id is recorded on the ledger as soon as it exists.
 */
export const supplierWriter: TargetWriter<OracleClient> = {
  async lookUp(context) {
    const payload = context.record.mappedPayload as unknown as SupplierCreation;
    const found = context.record.targetId
      ? await context.client.getSupplier(context.record.targetId)
      : await context.client.findSupplier({ name: payload.supplier.Supplier });
    if (!found) return undefined;
    return finish(
      context,
      payload,
      await completeSupplier(context.client, found.SupplierId, payload),
      'adopted',
      true,
    );
  },
  async write(context) {
    const { client, record } = context;
    const payload = record.mappedPayload as unknown as SupplierCreation;
    const existing = await client.findSupplier({ name: payload.supplier.Supplier });
    if (existing)
      return finish(context, payload, await client.getSupplier(existing.SupplierId), 'adopted', false);
    const created = await client.createSupplier(payload.supplier);
    // The supplier exists from here on: remember it, so a failed site is completed, never re-created.
    await context.ledger.transition(record.id, {
      expectHash: record.contentHash,
      action: 'write.supplier_created',
      outcome: 'ok',
      message: `Oracle supplier ${created.SupplierNumber} created; adding its address and site(s)`,
      fields: { targetId: created.SupplierId, targetNumber: created.SupplierNumber },
    });
    return finish(
      context,
      payload,
      await completeSupplier(client, created.SupplierId, payload),
      'created',
      true,
    );
  },
};
