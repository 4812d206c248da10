import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addBillItem, createPayment, modifyBill, modifyPayment, setBillStatus } from './bill.changes.ts';
import { addPurchaseOrderLine, modifyPurchaseOrder } from './purchase-order.changes.ts';
import { paymentStatuses } from './reference-data.ts';
import { billRead } from './render-bills.ts';
import { departmentRead, optimizedVendor } from './render-master-data.ts';
import { paymentResponse } from './render-payments.ts';
import { managedOrderRead } from './render-orders.ts';
import { purchaseOrderDetail } from './render-purchase-orders.ts';
import {
  approveRequisition,
  cancelRequisition,
  createRequisition,
  denyRequisition,
  modifyRequisition,
  purchaseRequisition,
} from './requisition.changes.ts';
import { accountCodeRead } from './render-shared.ts';
import { StoreError } from './store-inputs.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * `/_sim/procurify/…`: look at the documents (each with its API rendering) and change them the
 * way users of the tenant would, so end-to-end tests can make records show up as modified.
 * Every change bumps the record's modified timestamp to the simulator clock's now.
 */

const prefix = '/_sim/procurify';
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string such as "12.50"');
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const billStatusNames = { draft: 0, confirmed: 1, approved: 2, denied: 3, paid: 4, withdrawn: 5 } as const;
const billStatus = z.union([
  z
    .enum(Object.keys(billStatusNames) as [keyof typeof billStatusNames])
    .transform((name) => billStatusNames[name]),
  z.literal([0, 1, 2, 3, 4, 5, 6, 7, 8]),
]);

const schemas = {
  page: z.object({
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
  }),
  modifyPurchaseOrder: z.strictObject({
    comment: z.string().optional(),
    state: z.literal([0, 1, 3, 4, 5]).optional(),
    promiseDate: isoDateTime.optional(),
    requisitionDescription: z.string().optional(),
    lines: z
      .array(
        z.strictObject({
          id: z.number().int(),
          quantity: decimal.optional(),
          unitPrice: decimal.optional(),
          note: z.string().nullable().optional(),
          name: z.string().min(1).optional(),
        }),
      )
      .optional(),
  }),
  addPurchaseOrderLine: z.strictObject({
    name: z.string().min(1),
    quantity: decimal,
    unitPrice: decimal,
    unit: z.string().min(1).optional(),
    sku: z.string().optional(),
    accountCodeId: z.number().int().optional(),
    departmentId: z.number().int().optional(),
    note: z.string().nullable().optional(),
  }),
  modifyBill: z.strictObject({
    status: billStatus.optional(),
    note: z.string().optional(),
    invoiceNumber: z.string().max(50).optional(),
    dueDate: isoDateTime.optional(),
    items: z
      .array(
        z.strictObject({
          id: z.number().int(),
          quantity: decimal.optional(),
          unitCost: decimal.optional(),
          description: z.string().min(1).optional(),
        }),
      )
      .optional(),
  }),
  addBillItem: z.strictObject({
    description: z.string().min(1),
    quantity: decimal,
    unitCost: decimal,
    unit: z.string().min(1).optional(),
    sku: z.string().optional(),
    accountCodeId: z.number().int().optional(),
    departmentId: z.number().int().optional(),
    poLineId: z.number().int().nullable().optional(),
    taxPercentage: decimal.optional(),
  }),
  billStatus: z.strictObject({ status: billStatus }),
  createPayment: z.strictObject({
    billGroupIds: z.array(z.number().int()).min(1),
    status: z.enum(paymentStatuses).default('paid'),
    sourceType: z.enum(['direct_debit', 'financial_account', 'external']).default('financial_account'),
    amount: decimal.optional(),
    processingDate: isoDateTime.optional(),
  }),
  modifyPayment: z.strictObject({ status: z.enum(paymentStatuses).optional() }),
  createRequisition: z.strictObject({
    status: z.enum(['draft', 'pending', 'approved']).optional(),
    description: z.string().max(2000).optional(),
    requesterId: z.number().int().optional(),
    departmentId: z.number().int().optional(),
    requiredDate: isoDate.optional(),
    lines: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(255),
          quantity: decimal,
          unitPrice: decimal,
          vendorId: z.number().int(),
          accountCodeId: z.number().int(),
          departmentId: z.number().int().optional(),
          unit: z.string().min(1).max(30).optional(),
          sku: z.string().max(100).optional(),
          note: z.string().nullable().optional(),
        }),
      )
      .min(1),
  }),
  modifyRequisition: z.strictObject({
    description: z.string().max(2000).optional(),
    requiredDate: isoDate.optional(),
    lines: z
      .array(
        z.strictObject({
          id: z.number().int(),
          name: z.string().min(1).max(255).optional(),
          quantity: decimal.optional(),
          unitPrice: decimal.optional(),
          vendorId: z.number().int().optional(),
          note: z.string().nullable().optional(),
          rejected: z.boolean().optional(),
        }),
      )
      .optional(),
  }),
  denyRequisition: z.strictObject({ comment: z.string().max(300).optional() }),
  purchaseRequisition: z.strictObject({ vendorIds: z.array(z.number().int()).min(1).optional() }),
};

function parse<T extends z.ZodType>(schema: T, value: unknown, reply: FastifyReply): z.output<T> | undefined {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  void reply.code(400).send({ error: 'invalid_control_request', detail: z.prettifyError(result.error) });
  return undefined;
}

function sendFailure(reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof StoreError)) throw error;
  return reply
    .code(error.code === 'not_found' ? 404 : 400)
    .send({ error: error.code, detail: error.message, fields: error.fieldErrors });
}

function pageOf<T>(items: Iterable<T>, offset: number, limit: number): { total: number; items: T[] } {
  const all = [...items];
  return { total: all.length, items: all.slice(offset, offset + limit) };
}

type Params = { Params: { id: string } };

export function registerControlRoutes(app: FastifyInstance, store: ProcurifyStore): void {
  const collection = <T>(
    path: string,
    records: () => Iterable<T>,
    find: (id: string) => T | undefined,
    render: (record: T) => unknown,
  ) => {
    app.get(`${prefix}/${path}`, async (request, reply) => {
      const page = parse(schemas.page, request.query, reply);
      if (!page) return reply;
      return pageOf(records(), page.offset, page.limit);
    });
    app.get<Params>(`${prefix}/${path}/:id`, async (request, reply) => {
      const record = find(request.params.id);
      if (!record)
        return reply.code(404).send({ error: 'not_found', detail: `No ${path} ${request.params.id}` });
      return { record, document: render(record) };
    });
  };
  const byNumericId =
    <T>(map: Map<number, T>) =>
    (id: string) =>
      map.get(Number(id));

  app.get(`${prefix}/summary`, async () => ({
    purchaseOrders: store.purchaseOrders.size,
    requisitions: store.orders.size,
    bills: store.bills.size,
    payments: store.payments.size,
    vendors: store.vendors.size,
    accountCodes: store.accountCodes.size,
    departments: store.departments.size,
  }));

  collection(
    'purchase-orders',
    () => store.purchaseOrders.values(),
    (id) => store.findPurchaseOrder(id),
    (po) => purchaseOrderDetail(store, po),
  );
  collection(
    'bills',
    () => store.bills.values(),
    (id) => store.findBill(id),
    (bill) => billRead(store, bill),
  );
  collection(
    'payments',
    () => store.payments.values(),
    byNumericId(store.payments),
    (payment) => paymentResponse(store, payment),
  );
  collection('vendors', () => store.vendors.values(), byNumericId(store.vendors), optimizedVendor);
  collection(
    'account-codes',
    () => store.accountCodes.values(),
    byNumericId(store.accountCodes),
    (code) => accountCodeRead(store, code),
  );
  collection(
    'departments',
    () => store.departments.values(),
    byNumericId(store.departments),
    (department) => departmentRead(store, department),
  );

  collection(
    'requisitions',
    () => store.orders.values(),
    byNumericId(store.orders),
    (order) => managedOrderRead(store, order),
  );

  const requisitionChange =
    (change: (num: string, body: unknown) => unknown, schema?: z.ZodType) =>
    async (request: FastifyRequest<Params>, reply: FastifyReply) => {
      const body = schema ? parse(schema, request.body, reply) : {};
      if (body === undefined) return reply;
      try {
        const result = change(request.params.id, body);
        const order = store.orders.get(Number(request.params.id));
        return { ...(result as object), document: order ? managedOrderRead(store, order) : null };
      } catch (error) {
        return sendFailure(reply, error);
      }
    };

  app.post(`${prefix}/requisitions`, async (request, reply) => {
    const input = parse(schemas.createRequisition, request.body, reply);
    if (!input) return reply;
    try {
      const order = createRequisition(store, input);
      return await reply.code(201).send({ record: order, document: managedOrderRead(store, order) });
    } catch (error) {
      return sendFailure(reply, error);
    }
  });
  app.post<Params>(
    `${prefix}/requisitions/:id/approve`,
    requisitionChange((num) => ({ record: approveRequisition(store, num) })),
  );
  app.post<Params>(
    `${prefix}/requisitions/:id/deny`,
    requisitionChange(
      (num, body) => ({ record: denyRequisition(store, num, (body as { comment?: string }).comment) }),
      schemas.denyRequisition,
    ),
  );
  app.post<Params>(
    `${prefix}/requisitions/:id/cancel`,
    requisitionChange((num) => ({ record: cancelRequisition(store, num) })),
  );
  app.post<Params>(
    `${prefix}/requisitions/:id/modify`,
    requisitionChange(
      (num, body) => ({
        record: modifyRequisition(store, num, body as z.output<typeof schemas.modifyRequisition>),
      }),
      schemas.modifyRequisition,
    ),
  );
  app.post<Params>(
    `${prefix}/requisitions/:id/purchase`,
    requisitionChange((num, body) => {
      const { order, purchaseOrders } = purchaseRequisition(
        store,
        num,
        body as z.output<typeof schemas.purchaseRequisition>,
      );
      return { record: order, purchaseOrders: purchaseOrders.map((po) => po.id) };
    }, schemas.purchaseRequisition),
  );

  app.post<Params>(`${prefix}/purchase-orders/:id/modify`, async (request, reply) => {
    const changes = parse(schemas.modifyPurchaseOrder, request.body, reply);
    if (!changes) return reply;
    try {
      const po = modifyPurchaseOrder(store, request.params.id, changes);
      return { record: po, document: purchaseOrderDetail(store, po) };
    } catch (error) {
      return sendFailure(reply, error);
    }
  });

  app.post<Params>(`${prefix}/purchase-orders/:id/lines`, async (request, reply) => {
    const line = parse(schemas.addPurchaseOrderLine, request.body, reply);
    if (!line) return reply;
    try {
      const po = addPurchaseOrderLine(store, request.params.id, line);
      return await reply.code(201).send({ record: po, document: purchaseOrderDetail(store, po) });
    } catch (error) {
      return sendFailure(reply, error);
    }
  });

  app.post<Params>(`${prefix}/bills/:id/modify`, async (request, reply) => {
    const changes = parse(schemas.modifyBill, request.body, reply);
    if (!changes) return reply;
    try {
      const bill = modifyBill(store, request.params.id, changes);
      return { record: bill, document: billRead(store, bill) };
    } catch (error) {
      return sendFailure(reply, error);
    }
  });

  app.post<Params>(`${prefix}/bills/:id/items`, async (request, reply) => {
    const item = parse(schemas.addBillItem, request.body, reply);
    if (!item) return reply;
    try {
      const bill = addBillItem(store, request.params.id, item);
      return await reply.code(201).send({ record: bill, document: billRead(store, bill) });
    } catch (error) {
      return sendFailure(reply, error);
    }
  });

  const setStatus = async (id: string, status: number, reply: FastifyReply) => {
    try {
      const bill = setBillStatus(store, id, status);
      return { record: bill, document: billRead(store, bill) };
    } catch (error) {
      return sendFailure(reply, error);
    }
  };
  app.post<Params>(`${prefix}/bills/:id/status`, async (request, reply) => {
    const body = parse(schemas.billStatus, request.body, reply);
    if (!body) return reply;
    return setStatus(request.params.id, body.status, reply);
  });
  app.post<Params>(`${prefix}/bills/:id/approve`, async (request, reply) =>
    setStatus(request.params.id, billStatusNames.approved, reply),
  );
  app.post<Params>(`${prefix}/bills/:id/deny`, async (request, reply) =>
    setStatus(request.params.id, billStatusNames.denied, reply),
  );

  app.post(`${prefix}/payments`, async (request, reply) => {
    const input = parse(schemas.createPayment, request.body, reply);
    if (!input) return reply;
    try {
      const payment = createPayment(store, input);
      return await reply.code(201).send({ record: payment, document: paymentResponse(store, payment) });
    } catch (error) {
      return sendFailure(reply, error);
    }
  });

  app.post<Params>(`${prefix}/payments/:id/modify`, async (request, reply) => {
    const changes = parse(schemas.modifyPayment, request.body, reply);
    if (!changes) return reply;
    try {
      const payment = modifyPayment(store, Number(request.params.id), changes);
      return { record: payment, document: paymentResponse(store, payment) };
    } catch (error) {
      return sendFailure(reply, error);
    }
  });
}
