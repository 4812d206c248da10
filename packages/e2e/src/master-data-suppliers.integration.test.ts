import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { dashedUuid } from './expectations.ts';
import { verifyMasterData } from './master-data-verify.ts';
import { startPipeline } from './pipeline.ts';

describe('Procurify vendors with no Oracle supplier, with createSuppliersInOracle', () => {
  test(
    'each gets one Oracle supplier with its address and a site, is linked to it, and its blocked documents then sync',
    { timeout: 240_000 },
    async ({ database, redis }) => {
      const pipeline = await startPipeline({
        database,
        redis,
        simulators: { seed: 7, purchaseOrders: 40, bills: 40 },
        connection: { options: { createSuppliersInOracle: true } },
      });
      try {
        const { sims, connectionId } = pipeline;
        const suppliersBefore = sims.oracle.store.suppliers.size;
        await pipeline.syncAndDrain();
        expect(await verifyMasterData(database.prisma, sims, connectionId)).toEqual([]);

        const unmatched = sims.scenario.vendors.filter((vendor) => vendor.relation === 'procurify_only');
        expect(unmatched.length).toBeGreaterThan(0);
        // Only the unmatched vendors got suppliers: every other vendor matched one.
        expect(sims.oracle.store.suppliers.size).toBe(suppliersBefore + unmatched.length);
        const numbers = new Map<string, string>();
        for (const { key, procurify } of unmatched) {
          const suppliers = [...sims.oracle.store.suppliers.values()].filter(
            (supplier) => supplier.row.Supplier === procurify!.name,
          );
          expect(suppliers).toHaveLength(1);
          const [supplier] = suppliers;
          numbers.set(key, supplier!.row.SupplierNumber);
          expect(
            supplier!.sites.map((site) => [
              site.SupplierSite,
              site.ProcurementBU,
              site.SitePurposePurchasingFlag,
              site.SitePurposePayFlag,
              site.SupplierAddressName,
            ]),
          ).toEqual([['PROCURIFY', 'US1 Business Unit', true, true, 'PROCURIFY']]);
          expect(supplier!.addresses).toMatchObject([
            {
              AddressName: 'PROCURIFY',
              AddressLine1: procurify!.address.line1,
              City: procurify!.address.city,
              CountryCode: procurify!.address.country,
            },
          ]);
          expect(
            await database.prisma.vendorLink.findUniqueOrThrow({
              where: {
                connectionId_procurifyVendorId: { connectionId, procurifyVendorId: String(procurify!.id) },
              },
            }),
          ).toMatchObject({
            oracleSupplierId: String(supplier!.row.SupplierId),
            oracleSupplierNumber: supplier!.row.SupplierNumber,
            matchedBy: 'created',
          });
          expect(
            await database.prisma.ledgerRecord.findFirstOrThrow({
              where: { connectionId, entity: 'vendor', sourceId: String(procurify!.id) },
            }),
          ).toMatchObject({ status: 'synced', targetNumber: supplier!.row.SupplierNumber });
        }

        // Their documents went to the new suppliers where the new site serves them (US1); the
        // others wait for a site in their business unit, and say so.
        const businessUnit = (locationId: number) =>
          sims.scenario.locations.find((location) => location.id === locationId)!.businessUnit;
        const documents = [
          ...sims.scenario.purchaseOrders
            .filter((po) => numbers.has(po.vendorKey))
            .map((po) => ({ entity: 'purchase_order' as const, sourceId: String(po.id), ...po })),
          ...sims.scenario.bills
            .filter((bill) => numbers.has(bill.vendorKey) && [2, 4, 6, 7, 8].includes(bill.status))
            .map((bill) => ({ entity: 'bill' as const, sourceId: dashedUuid(bill.uuid), ...bill })),
        ];
        expect(documents.some((doc) => businessUnit(doc.locationId) === 'US1 Business Unit')).toBe(true);
        for (const doc of documents) {
          const record = await database.prisma.ledgerRecord.findFirstOrThrow({
            where: { connectionId, entity: doc.entity, sourceId: doc.sourceId },
          });
          if (businessUnit(doc.locationId) === 'US1 Business Unit') {
            expect(record).toMatchObject({ status: 'synced' });
            expect((record.details as { supplierNumber?: string }).supplierNumber).toBe(
              numbers.get(doc.vendorKey),
            );
          } else {
            expect(record).toMatchObject({ status: 'blocked' });
            expect(record.blockedOn).toContain(`supplier_site:${numbers.get(doc.vendorKey)}`);
          }
        }

        // The next sync reads the new suppliers back: their vendors carry the supplier number now,
        // and nothing is created again.
        await pipeline.syncAndDrain();
        for (const { key, procurify } of unmatched)
          expect(sims.procurify.store.vendors.get(procurify!.id)?.external_id).toBe(numbers.get(key));
        expect(sims.oracle.store.suppliers.size).toBe(suppliersBefore + unmatched.length);
        expect(await verifyMasterData(database.prisma, sims, connectionId)).toEqual([]);
      } finally {
        await pipeline.close();
      }
    },
  );
});
