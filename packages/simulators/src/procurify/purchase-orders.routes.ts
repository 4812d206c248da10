import type { FastifyInstance } from 'fastify';
import { notFoundBody } from './drf-errors.ts';
import { FilterSet, type QueryParams } from './query-filters.ts';
import type { PurchaseOrderRecord } from './records.ts';
import { lineStatus, purchaseOrderDetail, purchaseOrderDocs } from './render-purchase-orders.ts';
import { byNumber, byString, orderingFrom, sendList, type ProcurifyContext } from './responses.ts';

const roles = ['purchased', 'receivable'] as const;
const statuses = ['all', 'cancelled', 'closed', 'open', 'paid', 'partial'] as const;
type PoStatus = (typeof statuses)[number];

const isOpen = (po: PurchaseOrderRecord) => (po.state === 0 || po.state === 5) && lineStatus(po) !== 6;

/** Which status tab a PO falls under (no receiving is simulated, so nothing is partial). */
function hasStatus(po: PurchaseOrderRecord, status: PoStatus): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'open':
      return isOpen(po);
    case 'partial':
      return false;
    case 'closed':
      return po.state === 3;
    case 'cancelled':
      return po.state === 1;
    case 'paid':
      return po.state === 4;
  }
}

/** Receivable POs are those still waiting for goods. */
const hasRole = (po: PurchaseOrderRecord, role: (typeof roles)[number]) => role === 'purchased' || isOpen(po);

function purchaseOrderFilters(query: QueryParams): FilterSet<PurchaseOrderRecord> {
  return new FilterSet<PurchaseOrderRecord>(query)
    .dateRange('date', (po) => po.createdAt)
    .dateRange('modified_date', (po) => po.modifiedAt)
    .dateRange('promise_date', (po) => po.promiseDate)
    .integer('purchase_order', (po) => po.id)
    .integer('purchaser', (po) => po.purchaserId)
    .integer('requester', (po) => po.requisition.requesterId);
}

export function registerPurchaseOrderRoutes(app: FastifyInstance, context: ProcurifyContext): void {
  const { store } = context;

  app.get<{ Params: { role: string; status: string } }>(
    '/api/v2/purchase_orders/:role/:status/',
    async (request, reply) => {
      const role = roles.find((candidate) => candidate === request.params.role);
      const status = statuses.find((candidate) => candidate === request.params.status);
      if (!role || !status) return reply.code(404).send(notFoundBody);
      const query = request.query as QueryParams;
      const filters = purchaseOrderFilters(query)
        .integer('pref_vendor', (po) => store.vendorIdForKey(po.vendorKey) ?? null)
        .where((po) => hasRole(po, role) && hasStatus(po, status));
      const counts = () => {
        // Tab counts under the same query filters (the spec does not say; assumed).
        const tabs = new FilterSet<PurchaseOrderRecord>(query)
          .dateRange('date', (po) => po.createdAt)
          .dateRange('modified_date', (po) => po.modifiedAt);
        const empty = () => ({ all: 0, open: 0, partial: 0, closed: 0, cancelled: 0, page: 0 });
        const result = { purchased: empty(), receivable: empty() };
        for (const po of store.purchaseOrders.values()) {
          if (!tabs.matches(po)) continue;
          for (const tabRole of roles) {
            if (!hasRole(po, tabRole)) continue;
            const tab = result[tabRole];
            tab.all += 1;
            if (hasStatus(po, 'open')) tab.open += 1;
            if (hasStatus(po, 'closed')) tab.closed += 1;
            if (hasStatus(po, 'cancelled')) tab.cancelled += 1;
          }
        }
        return result;
      };
      return sendList(context, request, reply, {
        source: store.purchaseOrders.values(),
        filters,
        render: (po) => purchaseOrderDocs(store, po),
        compare: orderingFrom<PurchaseOrderRecord>(query, {
          id: byNumber((po) => po.id),
          procurify_PO: byNumber((po) => po.id),
          date: byString((po) => po.createdAt),
          last_modified: byString((po) => po.modifiedAt),
          promise_date: byString((po) => po.promiseDate),
        }),
        metadata: (page) => {
          const result = counts();
          // `page`: how many POs this page lists (undocumented; assumed).
          result[role].page = page.items.length;
          return { counts: result };
        },
      });
    },
  );

  app.get<{ Params: { id: string } }>('/api/v2/purchase_orders/:id/', async (request, reply) => {
    const po = store.findPurchaseOrder(request.params.id);
    if (!po) return reply.code(404).send(notFoundBody);
    return { metadata: { can_edit: true, can_delete: false }, data: purchaseOrderDetail(store, po) };
  });
}
