import { z } from 'zod';
import { PermanentError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import { UpstreamHttp, type RequestKind, type TokenProvider, type UpstreamRequestEvent } from '@mlc/upstream';
import {
  accountCodeSchema,
  billDetailSchema,
  billSummarySchema,
  budgetAccountSchema,
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
  type ProcurifyBudgetAccount,
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

/** A list row that does not match the API contract, and what is wrong with it. */
export interface InvalidRow {
  row: unknown;
  /** "id: Invalid input: expected number, received string; …" (at most five issues). */
  problems: string;
}

export interface ListOptions {
  /**
   * Rows are validated one by one and invalid ones handed here (and left out of the page),
   * instead of the whole page failing: one malformed record must not hide its neighbours.
   * Without it, an invalid row fails the page (UPSTREAM_UNEXPECTED_SHAPE).
   */
  onInvalid?: (invalid: InvalidRow) => void;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? typeof value;
  return json.length > 40 ? `${json.slice(0, 39)}…` : json;
}

/**
 * A zod error in one line, the way the upstream client words unexpected shapes, with the value
 * found where zod's message does not say ("items.0.total_cost: Invalid input (received null)").
 */
export function describeIssues(error: z.ZodError, input?: unknown): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const found =
        input === undefined || issue.message.includes('received')
          ? ''
          : ` (received ${preview(valueAt(input, issue.path))})`;
      return `${issue.path.join('.') || '(body)'}: ${issue.message}${found}`;
    })
    .join('; ');
}

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
    listOptions: ListOptions = {},
  ): AsyncGenerator<z.infer<T>[]> {
    const { onInvalid } = listOptions;
    const schema = page(onInvalid ? z.unknown() : item);
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
      if (onInvalid) {
        const valid: z.infer<T>[] = [];
        for (const row of body.data) {
          const parsed = item.safeParse(row);
          if (parsed.success) valid.push(parsed.data);
          else onInvalid({ row, problems: describeIssues(parsed.error, row) });
        }
        yield valid;
      } else {
        yield body.data as z.infer<T>[];
      }
      const nextLink: string | null | undefined = body.metadata?.pagination?.next;
      next = nextLink ?? undefined;
      // `next` carries the whole query string already.
      searchParams = undefined;
    }
  }

  /**
   * One record's detail (`{metadata, data}`). A record that breaks the contract is a
   * PermanentError UPSTREAM_UNEXPECTED_SHAPE naming the record, with the problems (paths inside
   * the record) as its upstreamMessage: the caller can set that record aside and go on.
   */
  async function detail<T extends z.ZodType>(path: string, route: string, what: string, schema: T) {
    const body = await http.requestJson({ method: 'GET', path, route, kind: 'read' }, single(z.unknown()));
    const parsed = schema.safeParse(body.data);
    if (parsed.success) return parsed.data;
    const problems = describeIssues(parsed.error, body.data);
    throw new PermanentError(`Procurify sent ${what} in a shape the connector cannot read: ${problems}`, {
      code: 'UPSTREAM_UNEXPECTED_SHAPE',
      system: 'procurify',
      httpStatus: 200,
      upstreamMessage: problems,
    });
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
      listOptions: ListOptions = {},
    ): AsyncGenerator<ProcurifyPurchaseOrderSummary[]> {
      return pages(
        'api/v2/purchase_orders/purchased/all/',
        'GET purchase_orders/purchased',
        {
          ...(filter.modifiedFrom ? { modified_date_0: toDateFilter(filter.modifiedFrom) } : {}),
          ...(filter.createdFrom ? { date_0: toDateFilter(filter.createdFrom) } : {}),
        },
        purchaseOrderSummarySchema,
        listOptions,
      );
    },

    getPurchaseOrder(id: number | string): Promise<ProcurifyPurchaseOrder> {
      return detail(
        `api/v2/purchase_orders/${encodeURIComponent(String(id))}/`,
        'GET purchase_orders/:id',
        `PO ${id}`,
        purchaseOrderDetailSchema,
      );
    },

    /**
     * Order (requisition) lines changed since a date, or of one requisition (`orderNum`);
     * `isPurchased: false` for lines no purchaser has put on a PO yet.
     */
    listOrderItems(
      filter: {
        lastModifiedFrom?: Date;
        poCreatedFrom?: Date;
        isPurchased?: boolean;
        status?: number;
        orderNum?: number;
      } = {},
    ): AsyncGenerator<ProcurifyOrderItem[]> {
      return pages(
        'api/v3/order-items/',
        'GET order-items',
        {
          ...(filter.lastModifiedFrom ? { last_modified_0: toDateFilter(filter.lastModifiedFrom) } : {}),
          ...(filter.poCreatedFrom ? { po_created_date_0: toDateFilter(filter.poCreatedFrom) } : {}),
          ...(filter.isPurchased === undefined ? {} : { is_purchased: filter.isPurchased }),
          ...(filter.status === undefined ? {} : { status: filter.status }),
          ...(filter.orderNum === undefined ? {} : { orderNum: filter.orderNum }),
        },
        orderItemSchema,
      );
    },

    /**
     * Budget accounts (account code × department): what order items' `account` ids point at.
     * `id` narrows to one account (callers check the answer: Procurify ignores filters it does
     * not know, silently).
     */
    listAccounts(filter: { id?: number } = {}): AsyncGenerator<ProcurifyBudgetAccount[]> {
      return pages(
        'api/v3/accounts/',
        'GET accounts',
        filter.id === undefined ? {} : { id: filter.id },
        budgetAccountSchema,
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

    /**
     * Bills whose `last_modified_datetime` is in [since, until] and/or whose `invoice_date` is in
     * [invoiceDateFrom, invoiceDateTo] ('YYYY-MM-DD', inclusive). The list has no status filter.
     */
    listBills(
      filter: {
        modifiedSince?: Date;
        modifiedUntil?: Date;
        invoiceDateFrom?: string;
        invoiceDateTo?: string;
        /** Only the bills of these bill groups (`include_bill_group_ids`, a comma list). */
        groups?: readonly number[];
      } = {},
      listOptions: ListOptions = {},
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
          ...(filter.invoiceDateFrom ? { invoice_date_0: filter.invoiceDateFrom } : {}),
          ...(filter.invoiceDateTo ? { invoice_date_1: filter.invoiceDateTo } : {}),
          ...(filter.groups?.length ? { include_bill_group_ids: filter.groups.join(',') } : {}),
        },
        billSummarySchema,
        listOptions,
      );
    },

    getBill(uuid: string): Promise<ProcurifyBill> {
      return detail(
        `api/v2/ap/bills/${encodeURIComponent(uuid)}/`,
        'GET ap/bills/:uuid',
        `bill ${uuid}`,
        billDetailSchema,
      );
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

    /** Every account code, or those with exactly `code`. */
    listAccountCodes(filter: { code?: string } = {}): Promise<ProcurifyAccountCode[]> {
      return collect(
        pages(
          'api/v3/account-codes/',
          'GET account-codes',
          filter.code === undefined ? {} : { code: filter.code },
          accountCodeSchema,
        ),
      );
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

    /** Every department, or those `search` finds (it matches names and external ids). */
    listDepartments(filter: { search?: string } = {}): Promise<ProcurifyDepartment[]> {
      return collect(
        pages(
          'api/v3/departments/',
          'GET departments',
          filter.search === undefined ? {} : { search: filter.search },
          departmentSchema,
        ),
      );
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
