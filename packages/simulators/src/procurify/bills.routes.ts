import { zMarkBillsAsPaidRequest } from '@mlc/procurify-api';
import type { FastifyInstance } from 'fastify';
import { markBillsAsPaid } from './bill.changes.ts';
import { notFoundBody, parseDrf } from './drf-errors.ts';
import { FilterSet, parseDate, type QueryParams } from './query-filters.ts';
import { currencyNamed } from './reference-data.ts';
import type { BillRecord } from './records.ts';
import { billPermissions, billRead, billSummary, simpleBill } from './render-bills.ts';
import { byNumber, byString, orderingFrom, sendList, type ProcurifyContext } from './responses.ts';

const uuidPattern = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function registerBillRoutes(app: FastifyInstance, context: ProcurifyContext): void {
  const { store } = context;

  // The spec has no status filter here: `status=2` is ignored like any unknown parameter.
  app.get('/api/v3/ap/bills/', async (request, reply) => {
    const query = request.query as QueryParams;
    const vendorId = (bill: BillRecord) => store.vendorIdForKey(bill.vendorKey) ?? null;
    const filters = new FilterSet<BillRecord>(query)
      .dateTimeRange(
        'last_modified_datetime',
        'last_modified_datetime_0',
        'last_modified_datetime_1',
        (bill) => bill.modifiedAt,
      )
      .dateRange('modified_date', (bill) => bill.modifiedAt)
      .dateRange('invoice_date', (bill) => bill.invoiceDate)
      .dateRange('due_date', (bill) => bill.dueDate)
      .dateRange('submitted_date', (bill) => bill.submittedAt)
      .dateRange('payment_date', (bill) => bill.paymentDate)
      .integer('group', (bill) => bill.group)
      .integerList('include_bill_group_ids', (bill) => [bill.group])
      .boolean('has_payment', (bill) => bill.payment !== null)
      .integer('vendor', vendorId)
      .integer('location', (bill) => bill.locationId)
      .integer('creator', (bill) => bill.creatorId)
      .integer('approver', (bill) => bill.approverId)
      .integer('currency', (bill) => currencyNamed(bill.currency).id)
      .integer('type', () => 0, [0, 1, 2])
      .search('search', (bill) => [
        bill.invoiceNumber,
        store.vendors.get(vendorId(bill) ?? -1)?.name ?? null,
      ]);
    const excluded = new FilterSet<BillRecord>(query).integerList('exclude_bill_group_ids', (bill) => [
      bill.group,
    ]);
    if (Object.keys(excluded.errors).length > 0) Object.assign(filters.errors, excluded.errors);
    else if (query['exclude_bill_group_ids']) filters.where((bill) => !excluded.matches(bill));
    const matched: BillRecord[] = [];
    return sendList(context, request, reply, {
      source: store.bills.values(),
      filters,
      render: (bill) => simpleBill(store, bill),
      compare: orderingFrom<BillRecord>(query, {
        id: byNumber((bill) => bill.id),
        last_modified_datetime: byString((bill) => bill.modifiedAt),
        invoice_date: byString((bill) => bill.invoiceDate),
        due_date: byString((bill) => bill.dueDate),
        submitted_date: byString((bill) => bill.submittedAt),
      }),
      onMatch: (bill) => matched.push(bill),
      metadata: () => ({ permissions: billPermissions, summary: billSummary(matched) }),
    });
  });

  app.get<{ Params: { id: string } }>('/api/v2/ap/bills/:id/', async (request, reply) => {
    const bill = uuidPattern.test(request.params.id) ? store.findBillByUuid(request.params.id) : undefined;
    if (!bill) return reply.code(404).send(notFoundBody);
    return {
      metadata: { permissions: billPermissions, summary: billSummary([bill]) },
      data: billRead(store, bill),
    };
  });

  app.post('/api/v3/ap/bills/mark-as-paid/', async (request, reply) => {
    const parsed = parseDrf(zMarkBillsAsPaidRequest, request.body);
    if (!parsed.ok) return reply.code(400).send(parsed.errors);
    const { bill_uuids, bill_group_ids, payment_date } = parsed.data;
    if (!parseDate(payment_date))
      return reply
        .code(400)
        .send({ payment_date: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'] });
    markBillsAsPaid(store, {
      billUuids: bill_uuids,
      billGroupIds: bill_group_ids,
      paymentDate: payment_date,
    });
    return { bill_uuids, bill_group_ids, payment_date };
  });
}
