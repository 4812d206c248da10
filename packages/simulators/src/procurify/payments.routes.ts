import type { FastifyInstance } from 'fastify';
import { FilterSet, queryValue, type QueryParams } from './query-filters.ts';
import { currencyNamed, paymentStatuses } from './reference-data.ts';
import type { PaymentRecord } from './records.ts';
import { paymentResponse } from './render-payments.ts';
import { byString, orderingFrom, sendList, type ProcurifyContext } from './responses.ts';

const orderings = ['created_at', '-created_at', 'updated_at', '-updated_at'];

export function registerPaymentRoutes(app: FastifyInstance, context: ProcurifyContext): void {
  const { store } = context;

  app.get('/api/public/v1/payments/', async (request, reply) => {
    const query = request.query as QueryParams;
    const invoiceNumbers = (payment: PaymentRecord) =>
      payment.billGroupIds.flatMap((group) => store.billsInGroup(group).map((bill) => bill.invoiceNumber));
    const filters = new FilterSet<PaymentRecord>(query)
      .dateTimeRange('updated_at', 'updated_at_after', 'updated_at_before', (payment) => payment.updatedAt)
      .dateTimeRange('created_at', 'created_at_after', 'created_at_before', (payment) => payment.createdAt)
      .dateTimeRange(
        'processing_date',
        'processing_date_after',
        'processing_date_before',
        (payment) => payment.processingDate,
      )
      .choiceList('status', paymentStatuses, (payment) => payment.status)
      .integerList('bill_groups', (payment) => payment.billGroupIds)
      .integerList('ids', (payment) => [payment.id])
      .integer('vendor', (payment) => store.vendorIdForKey(payment.vendorKey) ?? null)
      .integer('currency', (payment) => currencyNamed(payment.currency).id)
      .where((payment) => {
        const wanted = queryValue(query, 'invoice_number');
        return !wanted || invoiceNumbers(payment).includes(wanted);
      })
      .where((payment) => {
        const wanted = queryValue(query, 'payment_amount');
        return !wanted || Number(payment.amount) === Number(wanted);
      });
    const orderBy = queryValue(query, 'order_by');
    if (orderBy && !orderings.includes(orderBy))
      filters.errors['order_by'] = [`Select a valid choice. ${orderBy} is not one of the available choices.`];
    return sendList(context, request, reply, {
      source: store.payments.values(),
      filters,
      render: (payment) => paymentResponse(store, payment),
      compare: orderingFrom<PaymentRecord>(query, {
        created_at: byString((payment) => payment.createdAt),
        updated_at: byString((payment) => payment.updatedAt),
      }),
    });
  });
}
