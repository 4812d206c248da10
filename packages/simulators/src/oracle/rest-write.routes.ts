import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { createInvoice } from './invoice-write.ts';
import { createPayment, patchPayment } from './payment-write.ts';
import {
  createDraftPurchaseOrder,
  patchDraftPurchaseOrder,
  submitDraftPurchaseOrder,
} from './purchase-order-write.ts';
import { notFound } from './request-error.ts';
import {
  draftPurchaseOrdersResource,
  invoicesResource,
  paymentsResource,
  supplierAddressesResource,
  supplierSitesResource,
  suppliersResource,
} from './resources.ts';
import { requestHref, restBase, sendItem } from './rest-read.routes.ts';
import type { OracleStore } from './store.ts';
import {
  createSupplier,
  createSupplierAddress,
  createSupplierSite,
  patchSupplier,
  patchSupplierAddress,
} from './supplier-write.ts';

const actionResultMediaType = 'application/vnd.oracle.adf.actionresult+json';

function numericParam(request: FastifyRequest, name: string, resource: string): number {
  const value = (request.params as Record<string, string>)[name] ?? '';
  if (!/^\d+$/.test(value)) throw notFound(resource, value);
  return Number(value);
}

/** POST (create), PATCH (update) and action routes. Validation failures throw OracleRequestError. */
export function registerWriteRoutes(
  app: FastifyInstance,
  hooks: RouteShorthandOptions,
  store: OracleStore,
): void {
  const created = (request: FastifyRequest, key: number) => ({
    status: 201,
    href: `${requestHref(request)}/${key}`,
    expandAll: true,
  });

  app.post(`${restBase}/draftPurchaseOrders`, hooks, async (request, reply) => {
    const record = createDraftPurchaseOrder(store, request.body);
    return sendItem(
      request,
      reply,
      draftPurchaseOrdersResource,
      record,
      created(request, record.row.POHeaderId),
    );
  });
  app.patch(`${restBase}/draftPurchaseOrders/:POHeaderId`, hooks, async (request, reply) => {
    const id = numericParam(request, 'POHeaderId', 'draftPurchaseOrders');
    const record = patchDraftPurchaseOrder(store, id, request.body);
    return sendItem(request, reply, draftPurchaseOrdersResource, record, { expandAll: true });
  });
  app.post(`${restBase}/draftPurchaseOrders/:POHeaderId/action/submit`, hooks, async (request, reply) => {
    submitDraftPurchaseOrder(store, numericParam(request, 'POHeaderId', 'draftPurchaseOrders'), request.body);
    return reply.type(actionResultMediaType).send({ result: 'SUCCESS' });
  });

  app.post(`${restBase}/invoices`, hooks, async (request, reply) => {
    const record = createInvoice(store, request.body);
    return sendItem(request, reply, invoicesResource, record, created(request, record.row.InvoiceId));
  });

  app.post(`${restBase}/payablesPayments`, hooks, async (request, reply) => {
    const record = createPayment(store, request.body);
    return sendItem(request, reply, paymentsResource, record, created(request, record.row.CheckId));
  });
  app.patch(`${restBase}/payablesPayments/:CheckId`, hooks, async (request, reply) => {
    const record = patchPayment(store, numericParam(request, 'CheckId', 'payablesPayments'), request.body);
    return sendItem(request, reply, paymentsResource, record);
  });

  app.post(`${restBase}/suppliers`, hooks, async (request, reply) => {
    const record = createSupplier(store, request.body);
    return sendItem(request, reply, suppliersResource, record, created(request, record.row.SupplierId));
  });
  app.patch(`${restBase}/suppliers/:SupplierId`, hooks, async (request, reply) => {
    const record = patchSupplier(store, numericParam(request, 'SupplierId', 'suppliers'), request.body);
    return sendItem(request, reply, suppliersResource, record);
  });
  app.post(`${restBase}/suppliers/:SupplierId/child/sites`, hooks, async (request, reply) => {
    const site = createSupplierSite(store, numericParam(request, 'SupplierId', 'suppliers'), request.body);
    return sendItem(request, reply, supplierSitesResource, site, created(request, site.SupplierSiteId));
  });
  app.post(`${restBase}/suppliers/:SupplierId/child/addresses`, hooks, async (request, reply) => {
    const address = createSupplierAddress(
      store,
      numericParam(request, 'SupplierId', 'suppliers'),
      request.body,
    );
    return sendItem(
      request,
      reply,
      supplierAddressesResource,
      address,
      created(request, address.SupplierAddressId),
    );
  });
  app.patch(
    `${restBase}/suppliers/:SupplierId/child/addresses/:SupplierAddressId`,
    hooks,
    async (request, reply) => {
      const address = patchSupplierAddress(
        store,
        numericParam(request, 'SupplierId', 'suppliers'),
        numericParam(request, 'SupplierAddressId', 'addresses'),
        request.body,
      );
      return sendItem(request, reply, supplierAddressesResource, address);
    },
  );
}
