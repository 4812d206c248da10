import type { z } from 'zod';
import { PermanentError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { UpstreamHttp, type RequestKind, type TokenProvider, type UpstreamRequestEvent } from '@mlc/upstream';
import {
  accountCodeSchema,
  billDetailSchema,
  billSummarySchema,
  currentUserSchema,
  departmentSchema,
  locationSchema,
  markAsPaidResponseSchema,
  orderItemSchema,
  page,
  paymentSchema,
  purchaseOrderDetailSchema,
  purchaseOrderSummarySchema,
  requisitionSchema,
  single,
  vendorSchema,
  type ProcurifyAccountCode,
  type ProcurifyBill,
  type ProcurifyBillSummary,
  type ProcurifyCurrentUser,
  type ProcurifyDepartment,
  type ProcurifyLocation,
  type ProcurifyOrderItem,
  type ProcurifyPayment,
  type ProcurifyPurchaseOrder,
  type ProcurifyPurchaseOrderSummary,
  type ProcurifyRequisition,
  type ProcurifyVendor,
} from './schemas.ts';

export interface ProcurifyClientOptions {
  /** https://{subdomain}.procurify.com, already validated (see @mlc/connections). */
  baseUrl: string;
  auth: TokenProvider;
  logger: Logger;
  /** Items per page (Procurify warns oversized requests can get access suspended). Default 100. */
  pageSize?: number;
  timeoutsMs?: Partial<Record<RequestKind, number>>;
  readRetries?: number;
  observer?: (event: UpstreamRequestEvent) => void;
}

/** Date-only filter value (Procurify's `*_0/_1` date filters), in UTC. */
export function toDateFilter(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** Datetime filter value; Procurify's datetime filters take ISO 8601. */
export function toDateTimeFilter(value: Date): string {
  return value.toISOString();
}

type Query = Record<string, string | number | boolean | undefined>;

const maxPages = 100_000;

/**
 * Typed access to one Procurify domain. Every call carries `X-Procurify-Client: api` and the
 * bearer token from token-service; lists are async iterators over pages (following the
 * absolute `next` links, on the same origin only).
 */
export function createProcurifyClient(options: ProcurifyClientOptions) {
  const http = new UpstreamHttp({
    system: 'procurify',
    baseUrl: options.baseUrl,
    headers: { 'x-procurify-client': 'api' },
    auth: options.auth,
    logger: options.logger,
    ...(options.timeoutsMs ? { timeoutsMs: options.timeoutsMs } : {}),
    ...(options.readRetries === undefined ? {} : { readRetries: options.readRetries }),
    ...(options.observer ? { observer: options.observer } : {}),
  });
  const pageSize = options.pageSize ?? 100;

  async function* pages<T extends z.ZodType>(
    path: string,
    route: string,
    query: Query,
    item: T,
  ): AsyncGenerator<z.infer<T>[]> {
    const schema = page(item);
    let next: string | undefined = path;
    let searchParams: Query | undefined = { ...query, page_size: pageSize };
    const seen = new Set<string>();
    for (let count = 0; next; count += 1) {
      if (count >= maxPages || seen.has(next)) {
        throw new PermanentError(
          `Procurify pagination of ${route} does not end (page ${count}, next ${next})`,
          {
            code: 'UPSTREAM_PAGINATION_LOOP',
            system: 'procurify',
          },
        );
      }
      seen.add(next);
      const body: z.infer<typeof schema> = await http.requestJson(
        { method: 'GET', path: next, route, kind: 'read', ...(searchParams ? { searchParams } : {}) },
        schema,
      );
      yield body.data;
      const nextLink: string | null | undefined = body.metadata?.pagination?.next;
      next = nextLink ?? undefined;
      // `next` carries the whole query string already.
      searchParams = undefined;
    }
  }

  async function collect<T>(iterator: AsyncGenerator<T[]>): Promise<T[]> {
    const all: T[] = [];
    for await (const batch of iterator) all.push(...batch);
    return all;
  }

  return {
    /** Purchased POs changed since `modifiedFrom` (date-only: the caller re-reads from the day before). */
    listPurchasedOrders(
      filter: { modifiedFrom?: Date; createdFrom?: Date } = {},
    ): AsyncGenerator<ProcurifyPurchaseOrderSummary[]> {
      return pages(
        'api/v2/purchase_orders/purchased/all/',
        'GET purchase_orders/purchased',
        {
          ...(filter.modifiedFrom ? { modified_date_0: toDateFilter(filter.modifiedFrom) } : {}),
          ...(filter.createdFrom ? { date_0: toDateFilter(filter.createdFrom) } : {}),
        },
        purchaseOrderSummarySchema,
      );
    },

    getPurchaseOrder(id: number | string): Promise<ProcurifyPurchaseOrder> {
      return http
        .requestJson(
          {
            method: 'GET',
            path: `api/v2/purchase_orders/${encodeURIComponent(String(id))}/`,
            route: 'GET purchase_orders/:id',
            kind: 'read',
          },
          single(purchaseOrderDetailSchema),
        )
        .then((body) => body.data);
    },

    /** Order (requisition) lines changed since a date; `isPurchased: false` for approved, not yet purchased. */
    listOrderItems(
      filter: { lastModifiedFrom?: Date; poCreatedFrom?: Date; isPurchased?: boolean; status?: number } = {},
    ): AsyncGenerator<ProcurifyOrderItem[]> {
      return pages(
        'api/v3/order-items/',
        'GET order-items',
        {
          ...(filter.lastModifiedFrom ? { last_modified_0: toDateFilter(filter.lastModifiedFrom) } : {}),
          ...(filter.poCreatedFrom ? { po_created_date_0: toDateFilter(filter.poCreatedFrom) } : {}),
          ...(filter.isPurchased === undefined ? {} : { is_purchased: filter.isPurchased }),
          ...(filter.status === undefined ? {} : { status: filter.status }),
        },
        orderItemSchema,
      );
    },

    listRequisitions(
      filter: { modifiedFrom?: Date; status?: number } = {},
    ): AsyncGenerator<ProcurifyRequisition[]> {
      return pages(
        'api/v2/global/orders/',
        'GET global/orders',
        {
          ...(filter.modifiedFrom ? { modified_date_0: toDateFilter(filter.modifiedFrom) } : {}),
          ...(filter.status === undefined ? {} : { status: filter.status }),
        },
        requisitionSchema,
      );
    },

    /** Bills whose `last_modified_datetime` is in [since, until]. The list has no status filter. */
    listBills(
      filter: { modifiedSince?: Date; modifiedUntil?: Date } = {},
    ): AsyncGenerator<ProcurifyBillSummary[]> {
      return pages(
        'api/v3/ap/bills/',
        'GET ap/bills',
        {
          ...(filter.modifiedSince
            ? { last_modified_datetime_0: toDateTimeFilter(filter.modifiedSince) }
            : {}),
          ...(filter.modifiedUntil
            ? { last_modified_datetime_1: toDateTimeFilter(filter.modifiedUntil) }
            : {}),
        },
        billSummarySchema,
      );
    },

    getBill(uuid: string): Promise<ProcurifyBill> {
      return http
        .requestJson(
          {
            method: 'GET',
            path: `api/v2/ap/bills/${encodeURIComponent(uuid)}/`,
            route: 'GET ap/bills/:uuid',
            kind: 'read',
          },
          single(billDetailSchema),
        )
        .then((body) => body.data);
    },

    /**
     * Sets approved bills without a payment to Paid. Procurify reports nothing per bill: callers
     * read each bill back to see which ones changed.
     */
    async markBillsPaid(request: { billUuids: string[]; paymentDate: string }): Promise<void> {
      await http.requestJson(
        {
          method: 'POST',
          path: 'api/v3/ap/bills/mark-as-paid/',
          route: 'POST ap/bills/mark-as-paid',
          kind: 'update',
          json: { bill_uuids: request.billUuids, payment_date: request.paymentDate },
        },
        markAsPaidResponseSchema,
      );
    },

    /** Payments (public v1) updated in [after, before], oldest first. */
    listPayments(
      filter: { updatedAfter?: Date; updatedBefore?: Date; status?: string[]; billGroups?: number[] } = {},
    ): AsyncGenerator<ProcurifyPayment[]> {
      return pages(
        'api/public/v1/payments/',
        'GET public/v1/payments',
        {
          ...(filter.updatedAfter ? { updated_at_after: toDateTimeFilter(filter.updatedAfter) } : {}),
          ...(filter.updatedBefore ? { updated_at_before: toDateTimeFilter(filter.updatedBefore) } : {}),
          ...(filter.status ? { status: filter.status.join(',') } : {}),
          ...(filter.billGroups ? { bill_groups: filter.billGroups.join(',') } : {}),
          order_by: 'updated_at',
        },
        paymentSchema,
      );
    },

    listVendors(filter: { externalId?: string; name?: string } = {}): Promise<ProcurifyVendor[]> {
      return collect(
        pages(
          'api/v3/vendors/',
          'GET vendors',
          {
            ...(filter.externalId ? { external_id: filter.externalId } : {}),
            ...(filter.name ? { name: filter.name } : {}),
          },
          vendorSchema,
        ),
      );
    },

    getVendor(id: number): Promise<ProcurifyVendor> {
      return http
        .requestJson(
          { method: 'GET', path: `api/v3/vendors/${id}/`, route: 'GET vendors/:id', kind: 'read' },
          single(vendorSchema),
        )
        .then((body) => body.data);
    },

    createVendor(vendor: Record<string, unknown>): Promise<ProcurifyVendor> {
      return http
        .requestJson(
          { method: 'POST', path: 'api/v3/vendors/', route: 'POST vendors', kind: 'create', json: vendor },
          single(vendorSchema),
        )
        .then((body) => body.data);
    },

    updateVendor(id: number, changes: Record<string, unknown>): Promise<ProcurifyVendor> {
      return http
        .requestJson(
          {
            method: 'PATCH',
            path: `api/v3/vendors/${id}/`,
            route: 'PATCH vendors/:id',
            kind: 'update',
            json: changes,
          },
          single(vendorSchema),
        )
        .then((body) => body.data);
    },

    listAccountCodes(): Promise<ProcurifyAccountCode[]> {
      return collect(pages('api/v3/account-codes/', 'GET account-codes', {}, accountCodeSchema));
    },

    createAccountCode(accountCode: {
      code: string;
      description: string;
      account_type?: number;
    }): Promise<ProcurifyAccountCode> {
      return http
        .requestJson(
          {
            method: 'POST',
            path: 'api/v3/account-codes/',
            route: 'POST account-codes',
            kind: 'create',
            json: accountCode,
          },
          single(accountCodeSchema),
        )
        .then((body) => body.data);
    },

    updateAccountCode(
      id: number,
      accountCode: { code: string; description: string; account_type?: number },
    ): Promise<ProcurifyAccountCode> {
      return http
        .requestJson(
          {
            method: 'PUT',
            path: `api/v3/account-codes/${id}/`,
            route: 'PUT account-codes/:id',
            kind: 'update',
            json: accountCode,
          },
          single(accountCodeSchema),
        )
        .then((body) => body.data);
    },

    listDepartments(): Promise<ProcurifyDepartment[]> {
      return collect(pages('api/v3/departments/', 'GET departments', {}, departmentSchema));
    },

    createDepartment(department: {
      branch: number;
      name: string;
      external_id?: string;
      active?: boolean;
    }): Promise<ProcurifyDepartment> {
      return http
        .requestJson(
          {
            method: 'POST',
            path: 'api/v3/departments/',
            route: 'POST departments',
            kind: 'create',
            json: department,
          },
          single(departmentSchema),
        )
        .then((body) => body.data);
    },

    updateDepartment(
      id: number,
      department: { branch: number; name: string; external_id?: string; active?: boolean },
    ): Promise<ProcurifyDepartment> {
      return http
        .requestJson(
          {
            method: 'PUT',
            path: `api/v3/departments/${id}/`,
            route: 'PUT departments/:id',
            kind: 'update',
            json: department,
          },
          single(departmentSchema),
        )
        .then((body) => body.data);
    },

    listLocations(): Promise<ProcurifyLocation[]> {
      return collect(pages('api/v2/locations/', 'GET locations', {}, locationSchema));
    },

    /** The token's user: the connection test's permission check. */
    getCurrentUser(): Promise<ProcurifyCurrentUser> {
      return http
        .requestJson(
          { method: 'GET', path: 'api/v3/users/me/', route: 'GET users/me', kind: 'read' },
          single(currentUserSchema),
        )
        .then((body) => body.data);
    },
  };
}

export type ProcurifyClient = ReturnType<typeof createProcurifyClient>;
