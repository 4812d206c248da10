import type { ChartOfAccountsAccount } from '@mlc/procurify-api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FilterSet, parseDate, queryValue, type QueryParams } from './query-filters.ts';
import type {
  BudgetAccountRecord,
  OrderRecord,
  PoLineRecord,
  PurchaseOrderRecord,
  RequisitionLineRecord,
} from './records.ts';
import { departmentRead } from './render-master-data.ts';
import {
  managedOrderRead,
  purchasedOrderRead,
  requisitionLineStatus,
  requisitionOrderItem,
} from './render-orders.ts';
import { lineStatus, orderItem } from './render-purchase-orders.ts';
import { accountCodeRead } from './render-shared.ts';
import { byNumber, byString, orderingFrom, sendList, type ProcurifyContext } from './responses.ts';
import type { ProcurifyStore } from './store.ts';

/**
 * Requisitions (`GET /api/v2/global/orders/`), their lines (`GET /api/v3/order-items/`, also at
 * `/api/v2/global/order_items/`) and the budget accounts lines are charged to
 * (`GET /api/v3/accounts/`). Lines are either on a PO (purchased) or still on their requisition.
 */

type ItemRow =
  | { po: PurchaseOrderRecord; line: PoLineRecord; order?: undefined; reqLine?: undefined }
  | { order: OrderRecord; reqLine: RequisitionLineRecord; po?: undefined; line?: undefined };

type OrderRow = { po: PurchaseOrderRecord; order?: undefined } | { order: OrderRecord; po?: undefined };

const orderStatuses = [0, 1, 2, 3, 4, 5, 6];

/** The requisition a row belongs to, as far as filters see it. */
function rowFacts(store: ProcurifyStore, row: ItemRow) {
  if (row.po) {
    const vendorId = store.vendorIdForKey(row.po.vendorKey) ?? null;
    return {
      orderNum: row.po.requisition.num,
      // A requisition purchased from an open one keeps its own status (Approved while lines remain).
      orderStatus: store.orders.get(row.po.requisition.num)?.status ?? 3,
      orderCreatedAt: row.po.requisition.createdAt,
      approvedAt: row.po.requisition.approvedAt,
      requesterId: row.po.requisition.requesterId,
      locationId: row.po.locationId,
      vendorId,
    };
  }
  return {
    orderNum: row.order.num,
    orderStatus: row.order.status,
    orderCreatedAt: row.order.createdAt,
    approvedAt: row.order.approvedAt,
    requesterId: row.order.requesterId,
    locationId: row.order.locationId,
    vendorId: row.reqLine.vendorId,
  };
}

const itemOf = (row: ItemRow) => (row.po ? row.line : row.reqLine);

function orderFacts(store: ProcurifyStore, row: OrderRow) {
  if (row.po) {
    const requisition = row.po.requisition;
    return {
      num: requisition.num,
      createdAt: requisition.createdAt,
      modifiedAt: requisition.modifiedAt,
      requiredDate: row.po.lines[0]?.requiredDate ?? requisition.createdAt.slice(0, 10),
      status: 3,
      departmentId: requisition.departmentId,
      requesterId: requisition.requesterId,
      locationId: row.po.locationId,
      description: requisition.description,
      vendorIds: [store.vendorIdForKey(row.po.vendorKey) ?? 0],
    };
  }
  const { order } = row;
  return {
    ...order,
    vendorIds: [
      ...order.lines.map((line) => line.vendorId),
      ...order.purchaseOrderIds.map((id) => {
        const po = store.purchaseOrders.get(id);
        return po ? (store.vendorIdForKey(po.vendorKey) ?? 0) : 0;
      }),
    ],
  };
}

function accountRow(store: ProcurifyStore, budget: BudgetAccountRecord): ChartOfAccountsAccount {
  const code = store.accountCodes.get(budget.accountCodeId);
  const department = store.departments.get(budget.departmentId);
  if (!code || !department) throw new Error(`Budget account ${budget.id} points at nothing`);
  return {
    id: budget.id,
    account_code: accountCodeRead(store, code),
    department: departmentRead(store, department),
    start_datetime: null,
    end_datetime: null,
    budget: '0.00',
    budget_used_approved: '0.00',
    budget_used_purchased: '0.00',
    balance_approved: '0.00',
    balance_purchased: '0.00',
    active: true,
  };
}

export function registerOrderRoutes(app: FastifyInstance, context: ProcurifyContext): void {
  const { store } = context;

  const listOrderItems = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as QueryParams;
    // Lines never change without their PO changing too, so whole POs are skipped cheaply.
    const createdFilter = new FilterSet<PurchaseOrderRecord>(query).dateRange(
      'po_created_date',
      (po) => po.createdAt,
    );
    const modifiedFrom = parseDate(queryValue(query, 'last_modified_0') ?? '');
    const orderNumRaw = queryValue(query, 'orderNum');
    const orderNum = orderNumRaw !== undefined && /^\d+$/.test(orderNumRaw) ? Number(orderNumRaw) : undefined;
    function* rows(): Generator<ItemRow> {
      for (const po of store.purchaseOrders.values()) {
        if (orderNum !== undefined && po.requisition.num !== orderNum) continue;
        if (!createdFilter.matches(po)) continue;
        if (modifiedFrom !== undefined && po.modifiedAt.slice(0, 10) < modifiedFrom) continue;
        for (const line of po.lines) yield { po, line };
      }
      for (const order of store.orders.values()) {
        if (orderNum !== undefined && order.num !== orderNum) continue;
        for (const reqLine of order.lines) yield { order, reqLine };
      }
    }
    const lastModified = (row: ItemRow) =>
      row.po ? store.lineModifiedAt(row.po, row.line) : row.reqLine.modifiedAt;
    const filters = new FilterSet<ItemRow>(query)
      .dateRange('last_modified', lastModified)
      .dateRange('po_created_date', (row) => row.po?.createdAt ?? null)
      .dateRange('purchased_date', (row) => row.po?.createdAt ?? null)
      .dateRange('order_created_date', (row) => rowFacts(store, row).orderCreatedAt)
      .dateRange('approved_datetime', (row) => rowFacts(store, row).approvedAt)
      .boolean('is_purchased', (row) => row.po !== undefined)
      .integer(
        'status',
        (row) => (row.po ? lineStatus(row.po) : requisitionLineStatus(row.order, row.reqLine)),
        [0, 1, 2, 3, 4, 5, 6, 7, 8],
      )
      .integer('orderNum', (row) => rowFacts(store, row).orderNum)
      .integer('orderNum__status', (row) => rowFacts(store, row).orderStatus, orderStatuses)
      .integer('pref_vendor', (row) => rowFacts(store, row).vendorId)
      .integer('po_vendor', (row) => (row.po ? rowFacts(store, row).vendorId : null))
      .integer('purchaser', (row) => row.po?.purchaserId ?? null)
      .integer('requester', (row) => rowFacts(store, row).requesterId)
      .integer('department', (row) => itemOf(row).departmentId)
      .integer('account_code', (row) => itemOf(row).glAccountId)
      .integer('account', (row) =>
        row.po
          ? row.line.accountId
          : store.budgetAccountFor(row.reqLine.glAccountId, row.reqLine.departmentId).id,
      )
      .integer('location', (row) => rowFacts(store, row).locationId)
      .exact('num', (row) => itemOf(row).sku)
      .exact('sku', (row) => itemOf(row).sku)
      .search('search', (row) => [itemOf(row).name, itemOf(row).sku]);
    return sendList(context, request, reply, {
      source: rows(),
      filters,
      render: (row) =>
        row.po ? orderItem(store, row.po, row.line) : requisitionOrderItem(store, row.order, row.reqLine),
      compare: orderingFrom<ItemRow>(query, {
        id: byNumber((row) => itemOf(row).id),
        last_modified: byString(lastModified),
      }),
    });
  };
  app.get('/api/v3/order-items/', listOrderItems);
  app.get('/api/v2/global/order_items/', listOrderItems);

  app.get('/api/v2/global/orders/', async (request, reply) => {
    const query = request.query as QueryParams;
    function* rows(): Generator<OrderRow> {
      // A PO purchased from a managed requisition is listed through that requisition, once.
      for (const po of store.purchaseOrders.values()) if (!store.orders.has(po.requisition.num)) yield { po };
      for (const order of store.orders.values()) yield { order };
    }
    const facts = (row: OrderRow) => orderFacts(store, row);
    const filters = new FilterSet<OrderRow>(query)
      .dateRange('date', (row) => facts(row).createdAt)
      .dateRange('modified_date', (row) => facts(row).modifiedAt)
      .dateRange('required_date', (row) => facts(row).requiredDate)
      .integer('status', (row) => facts(row).status, orderStatuses)
      .integer('order', (row) => facts(row).num)
      .integer('department', (row) => facts(row).departmentId)
      .integer('requester', (row) => facts(row).requesterId)
      .integer('location', (row) => facts(row).locationId)
      .integer('branch', (row) => facts(row).locationId)
      .where((row) => {
        const wanted = queryValue(query, 'pref_vendor');
        return wanted === undefined || !/^\d+$/.test(wanted) || facts(row).vendorIds.includes(Number(wanted));
      })
      .search('search', (row) => [facts(row).description, String(facts(row).num)]);
    return sendList(context, request, reply, {
      source: rows(),
      filters,
      render: (row) => (row.po ? purchasedOrderRead(store, row.po) : managedOrderRead(store, row.order)),
      compare: orderingFrom<OrderRow>(query, {
        num: byNumber((row) => facts(row).num),
        date: byString((row) => facts(row).createdAt),
        dateModified: byString((row) => facts(row).modifiedAt),
      }),
    });
  });

  app.get('/api/v3/accounts/', async (request, reply) => {
    const query = request.query as QueryParams;
    const locationOf = (budget: BudgetAccountRecord) =>
      store.departments.get(budget.departmentId)?.locationId ?? 0;
    const filters = new FilterSet<BudgetAccountRecord>(query)
      .integer('id', (budget) => budget.id)
      .integerList('account_code', (budget) => [budget.accountCodeId])
      .integer('department', (budget) => budget.departmentId)
      .integerList('departments', (budget) => [budget.departmentId])
      .integerList('locations', (budget) => [locationOf(budget)])
      .boolean('active', () => true)
      .search('search', (budget) => [
        store.accountCodes.get(budget.accountCodeId)?.code ?? null,
        store.departments.get(budget.departmentId)?.name ?? null,
      ]);
    return sendList(context, request, reply, {
      source: store.budgetAccounts.values(),
      filters,
      render: (budget) => accountRow(store, budget),
      compare: orderingFrom<BudgetAccountRecord>(query, { id: byNumber((budget) => budget.id) }),
    });
  });
}
