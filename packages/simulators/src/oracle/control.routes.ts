import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type ReadOptions, renderItem } from './collection.ts';
import { cancelInvoice, requireInvoice, validateInvoice } from './invoice-write.ts';
import { payInvoice, voidPayment } from './payment-write.ts';
import type { PurchaseOrderRecord } from './records.ts';
import { notFound } from './request-error.ts';
import type { ResourceDef } from './resource-def.ts';
import {
  invoicesResource,
  paymentsResource,
  purchaseOrdersResource,
  supplierAddressesResource,
  supplierSitesResource,
  suppliersResource,
} from './resources.ts';
import type { OracleStore } from './store.ts';
import {
  createSupplier,
  createSupplierAddress,
  createSupplierSite,
  patchSupplier,
  patchSupplierAddress,
} from './supplier-write.ts';

export const controlPrefix = '/_sim/oracle';

/** Documents in the control API look like the REST items with everything expanded and no links. */
const documentView: ReadOptions = {
  frameworkVersion: 1,
  q: undefined,
  finder: undefined,
  limit: 25,
  offset: 0,
  totalResults: false,
  onlyData: true,
  fields: undefined,
  expand: 'all',
  orderBy: [],
};

function document<Row>(resource: ResourceDef<Row>, row: Row): Record<string, unknown> {
  return renderItem(resource, row, documentView, '');
}

function parse<T extends z.ZodType>(schema: T, value: unknown, reply: FastifyReply): z.infer<T> | undefined {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  if (!reply.sent)
    void reply.code(400).send({ error: 'invalid_control_request', detail: z.prettifyError(result.error) });
  return undefined;
}

const page = z.object({
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});
const isoDate = z.iso.date();
const id = <Name extends string>(name: Name) =>
  z.object({ [name]: z.coerce.number().int().positive() } as Record<Name, z.ZodCoercedNumber>);

function paged<T>(rows: readonly T[], query: z.infer<typeof page>) {
  return { total: rows.length, items: rows.slice(query.offset, query.offset + query.limit) };
}

/**
 * `/_sim/oracle/…`: what tests and the demo do "inside Oracle" — inspect documents, pay, void and
 * cancel, change suppliers and accounts. JSON in and out; refusals are 4xx `{error, detail}`.
 */
export function registerControlRoutes(app: FastifyInstance, store: OracleStore): void {
  app.get(`${controlPrefix}/summary`, async () => store.summary());

  // ---- Invoices --------------------------------------------------------------------------------
  app.get(`${controlPrefix}/invoices`, async (request, reply) => {
    const query = parse(
      page.extend({ invoiceNumber: z.string().optional(), supplier: z.string().optional() }),
      request.query,
      reply,
    );
    if (!query) return reply;
    const rows = [...store.invoices.values()]
      .filter(
        (invoice) => query.invoiceNumber === undefined || invoice.row.InvoiceNumber === query.invoiceNumber,
      )
      .filter((invoice) => query.supplier === undefined || invoice.row.Supplier === query.supplier)
      .map((invoice) => invoice.row);
    return paged(rows, query);
  });
  app.get(`${controlPrefix}/invoices/:invoiceId`, async (request, reply) => {
    const params = parse(id('invoiceId'), request.params, reply);
    if (!params) return reply;
    return document(invoicesResource, requireInvoice(store, params.invoiceId));
  });
  app.post(`${controlPrefix}/invoices/:invoiceId/pay`, async (request, reply) => {
    const params = parse(id('invoiceId'), request.params, reply);
    const body = parse(
      z.object({ amount: z.number().positive().optional(), date: isoDate.optional() }),
      request.body,
      reply,
    );
    if (!params || !body) return reply;
    const payment = payInvoice(store, params.invoiceId, {
      ...(body.amount === undefined ? {} : { amount: body.amount }),
      ...(body.date === undefined ? {} : { date: body.date }),
    });
    return reply.code(201).send(document(paymentsResource, payment));
  });
  app.post(`${controlPrefix}/invoices/:invoiceId/cancel`, async (request, reply) => {
    const params = parse(id('invoiceId'), request.params, reply);
    if (!params) return reply;
    return document(invoicesResource, cancelInvoice(store, params.invoiceId));
  });
  app.post(`${controlPrefix}/invoices/:invoiceId/validate`, async (request, reply) => {
    const params = parse(id('invoiceId'), request.params, reply);
    if (!params) return reply;
    return document(invoicesResource, validateInvoice(store, params.invoiceId));
  });

  // ---- Purchase orders (drafts and submitted) ---------------------------------------------------
  app.get(`${controlPrefix}/purchase-orders`, async (request, reply) => {
    const query = parse(
      page.extend({ state: z.enum(['draft', 'submitted']).optional() }),
      request.query,
      reply,
    );
    if (!query) return reply;
    const tag = (state: 'draft' | 'submitted') => (record: PurchaseOrderRecord) => ({ state, ...record.row });
    const rows = [
      ...(query.state === 'submitted' ? [] : [...store.draftPurchaseOrders.values()].map(tag('draft'))),
      ...(query.state === 'draft' ? [] : [...store.purchaseOrders.values()].map(tag('submitted'))),
    ];
    return paged(rows, query);
  });
  app.get(`${controlPrefix}/purchase-orders/:poHeaderId`, async (request, reply) => {
    const params = parse(id('poHeaderId'), request.params, reply);
    if (!params) return reply;
    const draft = store.draftPurchaseOrders.get(params.poHeaderId);
    const submitted = store.purchaseOrders.get(params.poHeaderId);
    if (!draft && !submitted) throw notFound('purchase order', String(params.poHeaderId));
    return {
      draft: draft ? document(purchaseOrdersResource, draft) : null,
      purchaseOrder: submitted ? document(purchaseOrdersResource, submitted) : null,
    };
  });

  // ---- Payments --------------------------------------------------------------------------------
  app.get(`${controlPrefix}/payments`, async (request, reply) => {
    const query = parse(page, request.query, reply);
    if (!query) return reply;
    return paged(
      [...store.payments.values()].map((payment) => document(paymentsResource, payment)),
      query,
    );
  });
  app.get(`${controlPrefix}/payments/:checkId`, async (request, reply) => {
    const params = parse(id('checkId'), request.params, reply);
    if (!params) return reply;
    const payment = store.payments.get(params.checkId);
    if (!payment) throw notFound('payablesPayments', String(params.checkId));
    return document(paymentsResource, payment);
  });
  app.post(`${controlPrefix}/payments/:checkId/void`, async (request, reply) => {
    const params = parse(id('checkId'), request.params, reply);
    const body = parse(z.object({ date: isoDate.optional() }), request.body, reply);
    if (!params || !body) return reply;
    return document(paymentsResource, voidPayment(store, params.checkId, body.date));
  });

  // ---- Suppliers -------------------------------------------------------------------------------
  app.get(`${controlPrefix}/suppliers`, async (request, reply) => {
    const query = parse(page, request.query, reply);
    if (!query) return reply;
    return paged(
      [...store.suppliers.values()].map((supplier) => document(suppliersResource, supplier)),
      query,
    );
  });
  app.get(`${controlPrefix}/suppliers/:supplierId`, async (request, reply) => {
    const params = parse(id('supplierId'), request.params, reply);
    if (!params) return reply;
    const supplier = store.suppliers.get(params.supplierId);
    if (!supplier) throw notFound('suppliers', String(params.supplierId));
    return document(suppliersResource, supplier);
  });
  app.post(`${controlPrefix}/suppliers`, async (request, reply) => {
    const body = parse(
      z.object({
        name: z.string().min(1),
        supplierNumber: z.string().min(1).optional(),
        taxOrganizationType: z.string().min(1).optional(),
      }),
      request.body,
      reply,
    );
    if (!body) return reply;
    const supplier = createSupplier(store, {
      Supplier: body.name,
      SupplierNumber: body.supplierNumber,
      TaxOrganizationType: body.taxOrganizationType,
    });
    return reply.code(201).send(document(suppliersResource, supplier));
  });
  app.patch(`${controlPrefix}/suppliers/:supplierId`, async (request, reply) => {
    const params = parse(id('supplierId'), request.params, reply);
    const body = parse(
      z.object({ name: z.string().min(1).optional(), inactiveDate: isoDate.nullable().optional() }),
      request.body,
      reply,
    );
    if (!params || !body) return reply;
    const supplier = patchSupplier(store, params.supplierId, {
      ...(body.name === undefined ? {} : { Supplier: body.name }),
      ...(body.inactiveDate === undefined ? {} : { InactiveDate: body.inactiveDate }),
    });
    return document(suppliersResource, supplier);
  });
  app.post(`${controlPrefix}/suppliers/:supplierId/sites`, async (request, reply) => {
    const params = parse(id('supplierId'), request.params, reply);
    const body = parse(
      z.object({
        siteCode: z.string().min(1),
        procurementBU: z.string().min(1),
        purchasing: z.boolean().default(true),
        pay: z.boolean().default(true),
        addressName: z.string().min(1).optional(),
      }),
      request.body,
      reply,
    );
    if (!params || !body) return reply;
    const site = createSupplierSite(store, params.supplierId, {
      SupplierSite: body.siteCode,
      ProcurementBU: body.procurementBU,
      SitePurposePurchasingFlag: body.purchasing,
      SitePurposePayFlag: body.pay,
      ...(body.addressName === undefined ? {} : { SupplierAddressName: body.addressName }),
    });
    return reply.code(201).send(document(supplierSitesResource, site));
  });
  const addressFields = {
    line1: z.string().min(1),
    line2: z.string().min(1).nullable().optional(),
    city: z.string().min(1),
    state: z.string().min(1).nullable().optional(),
    postalCode: z.string().min(1).nullable().optional(),
    country: z.string().length(2),
  };
  app.post(`${controlPrefix}/suppliers/:supplierId/addresses`, async (request, reply) => {
    const params = parse(id('supplierId'), request.params, reply);
    const body = parse(z.object({ name: z.string().min(1), ...addressFields }), request.body, reply);
    if (!params || !body) return reply;
    const address = createSupplierAddress(store, params.supplierId, {
      AddressName: body.name,
      AddressLine1: body.line1,
      AddressLine2: body.line2 ?? null,
      City: body.city,
      State: body.state ?? null,
      PostalCode: body.postalCode ?? null,
      CountryCode: body.country,
    });
    return reply.code(201).send(document(supplierAddressesResource, address));
  });
  app.patch(`${controlPrefix}/suppliers/:supplierId/addresses/:addressId`, async (request, reply) => {
    const params = parse(id('supplierId').extend(id('addressId').shape), request.params, reply);
    const body = parse(z.object(addressFields).partial(), request.body, reply);
    if (!params || !body) return reply;
    const renames = {
      line1: 'AddressLine1',
      line2: 'AddressLine2',
      city: 'City',
      state: 'State',
      postalCode: 'PostalCode',
      country: 'CountryCode',
    } as const;
    const patch = Object.fromEntries(
      Object.entries(body).map(([key, value]) => [renames[key as keyof typeof renames], value]),
    );
    const address = patchSupplierAddress(store, params.supplierId, params.addressId, patch);
    return document(supplierAddressesResource, address);
  });

  // ---- Account combinations ----------------------------------------------------------------------
  app.patch(`${controlPrefix}/account-combinations/:combination`, async (request, reply) => {
    const params = parse(z.object({ combination: z.string().min(1) }), request.params, reply);
    const body = parse(z.object({ enabled: z.boolean() }), request.body, reply);
    if (!params || !body) return reply;
    const combination =
      store.accountCombination(params.combination) ??
      (/^\d+$/.test(params.combination)
        ? store.accountCombinations.get(Number(params.combination))
        : undefined);
    if (!combination) throw notFound('accountCombinationsLOV', params.combination);
    combination.EnabledFlag = body.enabled ? 'Y' : 'N';
    return combination;
  });
}
