import type { z } from 'zod';
import type { Logger } from '@mlc/logger';
import { UpstreamHttp, type RequestKind, type TokenProvider, type UpstreamRequestEvent } from '@mlc/upstream';
import {
  accountCombinationSchema,
  actionResultSchema,
  businessUnitSchema,
  collectionSchema,
  invoiceSchema,
  paymentSchema,
  procurementBusinessUnitSchema,
  purchaseOrderSchema,
  relatedInvoiceSchema,
  supplierAddressSchema,
  supplierSchema,
  supplierSiteSchema,
  valueSetValueSchema,
  type OracleAccountCombination,
  type OracleBusinessUnit,
  type OracleInvoice,
  type OraclePayment,
  type OracleProcurementBusinessUnit,
  type OraclePurchaseOrder,
  type OracleRelatedInvoice,
  type OracleSupplier,
  type OracleSupplierAddress,
  type OracleSupplierSite,
  type OracleValueSetValue,
} from './schemas.ts';

export interface OracleClientOptions {
  /** pod (or override) + /fscmRestApi/resources/11.13.18.05/, validated (see @mlc/connections). */
  restBaseUrl: string;
  /** REST-Framework-Version header (❓ per tenant; ≥ 2 for full q expressions). */
  restFrameworkVersion: string;
  auth: TokenProvider;
  logger: Logger;
  /** Rows per page; Oracle caps `limit` at 499, the default, so full scans take the fewest requests. */
  pageSize?: number;
  /** Offset beyond which a time-window listing restarts from the last seen LastUpdateDate. */
  maxOffset?: number;
  timeoutsMs?: Partial<Record<RequestKind, number>>;
  readRetries?: number;
  observer?: (event: UpstreamRequestEvent) => void;
  /** ❓ How timestamps are written in `q` (default ISO 8601 in UTC). */
  timestampLiteral?: (value: Date) => string;
}

export interface CollectionQuery {
  q?: string;
  fields?: string;
  orderBy?: string;
  expand?: string;
  finder?: string;
}

/** A value for `q`: quoted, with embedded quotes doubled. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const resourceItem = 'application/vnd.oracle.adf.resourceitem+json';
/** The supplier children every supplier read expands: sites (documents) and addresses (vendors). */
const supplierChildren = 'sites,addresses';
const actionMedia = 'application/vnd.oracle.adf.action+json';

/**
 * Typed access to one Oracle Fusion pod's REST resources. Collections are async iterators over
 * `limit`/`offset` pages; changed-since listings walk `LastUpdateDate` in order and restart from
 * the last timestamp seen instead of paging to deep offsets.
 */
export function createOracleClient(options: OracleClientOptions) {
  const http = new UpstreamHttp({
    system: 'oracle',
    baseUrl: options.restBaseUrl,
    headers: { 'rest-framework-version': options.restFrameworkVersion },
    auth: options.auth,
    logger: options.logger,
    ...(options.timeoutsMs ? { timeoutsMs: options.timeoutsMs } : {}),
    ...(options.readRetries === undefined ? {} : { readRetries: options.readRetries }),
    ...(options.observer ? { observer: options.observer } : {}),
  });
  const pageSize = Math.min(options.pageSize ?? 499, 499);
  const maxOffset = options.maxOffset ?? 5_000;
  const timestamp = options.timestampLiteral ?? ((value: Date) => value.toISOString());

  async function* list<T extends z.ZodType>(
    resource: string,
    query: CollectionQuery,
    item: T,
  ): AsyncGenerator<z.infer<T>[]> {
    const schema = collectionSchema(item);
    for (let offset = 0; ;) {
      const page = await http.requestJson(
        {
          method: 'GET',
          path: resource,
          route: `GET ${resource.replace(/\/\d+(?=\/|$)/g, '/:id')}`,
          kind: 'read',
          searchParams: { ...query, onlyData: true, limit: pageSize, offset },
        },
        schema,
      );
      yield page.items;
      if (!page.hasMore || page.items.length === 0) return;
      offset += page.items.length;
    }
  }

  async function first<T extends z.ZodType>(
    resource: string,
    query: CollectionQuery,
    item: T,
  ): Promise<z.infer<T> | undefined> {
    const schema = collectionSchema(item);
    const page = await http.requestJson(
      {
        method: 'GET',
        path: resource,
        route: `GET ${resource}`,
        kind: 'read',
        searchParams: { ...query, onlyData: true, limit: 1 },
      },
      schema,
    );
    return page.items[0];
  }

  /**
   * Rows whose LastUpdateDate is in [since, until), oldest first. When a window would need an
   * offset beyond `maxOffset`, the listing restarts from the last LastUpdateDate seen (rows already
   * yielded at that instant are not repeated), so long histories never page to deep offsets. Only
   * when more than `maxOffset` rows share one instant does it page deeper (a restart there would
   * not move).
   */
  async function* listChanged<T extends z.ZodType>(
    resource: string,
    window: { since: Date; until?: Date; fields?: string; extraQ?: string; expand?: string },
    item: T,
    idOf: (row: z.infer<T>) => string,
  ): AsyncGenerator<z.infer<T>[]> {
    type Row = z.infer<T> & { LastUpdateDate?: string | null };
    const schema = collectionSchema(item);
    let since = timestamp(window.since);
    // Ids yielded with LastUpdateDate exactly `since`. A row updated since then has a newer stamp
    // and is yielded again: it changed.
    let seenAtSince = new Set<string>();
    for (;;) {
      const conditions = [`LastUpdateDate>=${quote(since)}`];
      if (window.until) conditions.push(`LastUpdateDate<${quote(timestamp(window.until))}`);
      if (window.extraQ) conditions.push(window.extraQ);
      let offset = 0;
      // The newest stamp of this window and every id read at it, across all of its pages.
      let lastStamp: string | undefined;
      let atLastStamp = new Set<string>();
      let restart = false;
      for (;;) {
        const page = await http.requestJson(
          {
            method: 'GET',
            path: resource,
            route: `GET ${resource}`,
            kind: 'read',
            searchParams: {
              q: conditions.join(';'),
              orderBy: 'LastUpdateDate:asc',
              onlyData: true,
              limit: pageSize,
              offset,
              ...(window.fields ? { fields: window.fields } : {}),
              ...(window.expand ? { expand: window.expand } : {}),
            },
          },
          schema,
        );
        const items = page.items as Row[];
        const rows = items.filter((row) => !(row.LastUpdateDate === since && seenAtSince.has(idOf(row))));
        if (rows.length > 0) yield rows;
        for (const row of items) {
          const stamp = row.LastUpdateDate ?? undefined;
          if (stamp !== lastStamp) {
            lastStamp = stamp;
            atLastStamp = new Set();
          }
          atLastStamp.add(idOf(row));
        }
        if (!page.hasMore || page.items.length === 0) return;
        offset += page.items.length;
        if (offset >= maxOffset && lastStamp !== undefined && lastStamp !== since) {
          restart = true;
          break;
        }
      }
      if (!restart || lastStamp === undefined) return;
      // Rows stamped exactly `lastStamp` come again after the restart; skip the ones yielded.
      since = lastStamp;
      seenAtSince = atLastStamp;
    }
  }

  async function collect<T>(iterator: AsyncGenerator<T[]>): Promise<T[]> {
    const all: T[] = [];
    for await (const batch of iterator) all.push(...batch);
    return all;
  }

  return {
    quote,

    createDraftPurchaseOrder(payload: Record<string, unknown>): Promise<OraclePurchaseOrder> {
      return http.requestJson(
        {
          method: 'POST',
          path: 'draftPurchaseOrders',
          route: 'POST draftPurchaseOrders',
          kind: 'create',
          json: payload,
          headers: { 'content-type': resourceItem },
        },
        purchaseOrderSchema,
      );
    },

    async submitDraftPurchaseOrder(poHeaderId: string): Promise<unknown> {
      const result = await http.requestJson(
        {
          method: 'POST',
          path: `draftPurchaseOrders/${encodeURIComponent(poHeaderId)}/action/submit`,
          route: 'POST draftPurchaseOrders/:id/action/submit',
          kind: 'action',
          json: {},
          headers: { 'content-type': actionMedia },
        },
        actionResultSchema,
      );
      return result.result;
    },

    /** The submitted or draft PO carrying `reference` (e.g. "[PRC-PO-1042]"), if any. */
    async findPurchaseOrderByReference(
      reference: string,
      field: { field: 'description' } | { field: 'dff'; attribute: string } = { field: 'description' },
    ): Promise<(OraclePurchaseOrder & { source: 'purchaseOrders' | 'draftPurchaseOrders' }) | undefined> {
      const q =
        field.field === 'description'
          ? `Description LIKE ${quote(`%${reference}%`)}`
          : `${field.attribute}=${quote(reference)}`;
      for (const source of ['purchaseOrders', 'draftPurchaseOrders'] as const) {
        const found = await first(source, { q }, purchaseOrderSchema);
        if (found) return { ...found, source };
      }
      return undefined;
    },

    getPurchaseOrder(
      poHeaderId: string,
      source: 'purchaseOrders' | 'draftPurchaseOrders' = 'purchaseOrders',
    ): Promise<OraclePurchaseOrder> {
      return http.requestJson(
        {
          method: 'GET',
          path: `${source}/${encodeURIComponent(poHeaderId)}`,
          route: `GET ${source}/:id`,
          kind: 'read',
          searchParams: { onlyData: true, expand: 'lines' },
        },
        purchaseOrderSchema,
      );
    },

    createInvoice(payload: Record<string, unknown>): Promise<OracleInvoice> {
      return http.requestJson(
        {
          method: 'POST',
          path: 'invoices',
          route: 'POST invoices',
          kind: 'create',
          json: payload,
          headers: { 'content-type': resourceItem },
        },
        invoiceSchema,
      );
    },

    /** The invoice with this number for this supplier (Payables' natural key), if any. */
    findInvoice(key: { invoiceNumber: string; supplierNumber: string }): Promise<OracleInvoice | undefined> {
      return first(
        'invoices',
        { q: `InvoiceNumber=${quote(key.invoiceNumber)};SupplierNumber=${quote(key.supplierNumber)}` },
        invoiceSchema,
      );
    },

    /** One invoice; `fields` (e.g. "InvoiceId,PaidStatus,AmountPaid") limits what Oracle sends. */
    getInvoice(invoiceId: string, select: { fields?: string } = {}): Promise<OracleInvoice> {
      return http.requestJson(
        {
          method: 'GET',
          path: `invoices/${encodeURIComponent(invoiceId)}`,
          route: 'GET invoices/:id',
          kind: 'read',
          searchParams: { onlyData: true, ...(select.fields ? { fields: select.fields } : {}) },
        },
        invoiceSchema,
      );
    },

    listInvoices(query: CollectionQuery = {}): AsyncGenerator<OracleInvoice[]> {
      return list('invoices', query, invoiceSchema);
    },

    listChangedInvoices(window: {
      since: Date;
      until?: Date;
      fields?: string;
      extraQ?: string;
    }): AsyncGenerator<OracleInvoice[]> {
      return listChanged('invoices', window, invoiceSchema, (row) => row.InvoiceId);
    },

    /**
     * Payments changed since `window.since` (new ones, and voids: a void stamps LastUpdateDate).
     * `fields` may name child attributes too ("CheckId,…;relatedInvoices:InvoiceId,…"), which
     * brings each payment's related invoices in the same request.
     */
    listChangedPayments(window: {
      since: Date;
      until?: Date;
      fields?: string;
    }): AsyncGenerator<OraclePayment[]> {
      return listChanged('payablesPayments', window, paymentSchema, (row) => row.CheckId);
    },

    listRelatedInvoices(checkId: string): Promise<OracleRelatedInvoice[]> {
      return collect(
        list(
          `payablesPayments/${encodeURIComponent(checkId)}/child/relatedInvoices`,
          {},
          relatedInvoiceSchema,
        ),
      );
    },

    /**
     * Payments that paid the invoice with this number (PaidInvoicesFinder), voided ones included.
     * Invoice numbers are unique per supplier only: callers match `relatedInvoices` by InvoiceId,
     * which `fields` can bring along ("CheckId,…;relatedInvoices:InvoiceId,…").
     */
    findPaymentsForInvoice(
      invoiceNumber: string,
      select: { fields?: string } = {},
    ): Promise<OraclePayment[]> {
      return collect(
        list(
          'payablesPayments',
          {
            finder: `PaidInvoicesFinder;InvoiceNumber=${invoiceNumber}`,
            ...(select.fields ? { fields: select.fields } : {}),
          },
          paymentSchema,
        ),
      );
    },

    createPayment(payload: Record<string, unknown>): Promise<OraclePayment> {
      return http.requestJson(
        {
          method: 'POST',
          path: 'payablesPayments',
          route: 'POST payablesPayments',
          kind: 'create',
          json: payload,
          headers: { 'content-type': resourceItem },
        },
        paymentSchema,
      );
    },

    /** Suppliers with their sites and addresses (changed since `window.since`, or all of them). */
    listSuppliers(window?: { since: Date }): AsyncGenerator<OracleSupplier[]> {
      return window
        ? listChanged(
            'suppliers',
            { ...window, expand: supplierChildren },
            supplierSchema,
            (row) => row.SupplierId,
          )
        : list('suppliers', { orderBy: 'SupplierId:asc', expand: supplierChildren }, supplierSchema);
    },

    /** One supplier with its sites and addresses, as `listSuppliers` returns it. */
    getSupplier(supplierId: string): Promise<OracleSupplier> {
      return http.requestJson(
        {
          method: 'GET',
          path: `suppliers/${encodeURIComponent(supplierId)}`,
          route: 'GET suppliers/:id',
          kind: 'read',
          searchParams: { onlyData: true, expand: supplierChildren },
        },
        supplierSchema,
      );
    },

    findSupplier(key: { supplierNumber?: string; name?: string }): Promise<OracleSupplier | undefined> {
      const q = key.supplierNumber
        ? `SupplierNumber=${quote(key.supplierNumber)}`
        : `Supplier=${quote(key.name ?? '')}`;
      return first('suppliers', { q }, supplierSchema);
    },

    listSupplierSites(supplierId: string): Promise<OracleSupplierSite[]> {
      return collect(list(`suppliers/${encodeURIComponent(supplierId)}/child/sites`, {}, supplierSiteSchema));
    },

    createSupplier(payload: Record<string, unknown>): Promise<OracleSupplier> {
      return http.requestJson(
        {
          method: 'POST',
          path: 'suppliers',
          route: 'POST suppliers',
          kind: 'create',
          json: payload,
          headers: { 'content-type': resourceItem },
        },
        supplierSchema,
      );
    },

    createSupplierAddress(
      supplierId: string,
      payload: Record<string, unknown>,
    ): Promise<OracleSupplierAddress> {
      return http.requestJson(
        {
          method: 'POST',
          path: `suppliers/${encodeURIComponent(supplierId)}/child/addresses`,
          route: 'POST suppliers/:id/child/addresses',
          kind: 'create',
          json: payload,
          headers: { 'content-type': resourceItem },
        },
        supplierAddressSchema,
      );
    },

    createSupplierSite(supplierId: string, payload: Record<string, unknown>): Promise<OracleSupplierSite> {
      return http.requestJson(
        {
          method: 'POST',
          path: `suppliers/${encodeURIComponent(supplierId)}/child/sites`,
          route: 'POST suppliers/:id/child/sites',
          kind: 'create',
          json: payload,
          headers: { 'content-type': resourceItem },
        },
        supplierSiteSchema,
      );
    },

    listAccountCombinations(query: CollectionQuery = {}): AsyncGenerator<OracleAccountCombination[]> {
      return list('accountCombinationsLOV', query, accountCombinationSchema) as AsyncGenerator<
        OracleAccountCombination[]
      >;
    },

    /** An enabled combination with these concatenated segments, if Oracle has one. */
    findAccountCombination(
      attribute: string,
      combination: string,
    ): Promise<OracleAccountCombination | undefined> {
      return first(
        'accountCombinationsLOV',
        { q: `${attribute}=${quote(combination)}` },
        accountCombinationSchema,
      ) as Promise<OracleAccountCombination | undefined>;
    },

    listValueSetValues(valueSetCode: string): Promise<OracleValueSetValue[]> {
      return collect(
        list(`valueSets/${encodeURIComponent(valueSetCode)}/child/values`, {}, valueSetValueSchema),
      );
    },

    listBusinessUnits(): Promise<OracleBusinessUnit[]> {
      return collect(list('finBusinessUnitsLOV', {}, businessUnitSchema));
    },

    listProcurementBusinessUnits(): Promise<OracleProcurementBusinessUnit[]> {
      return collect(list('procurementBusinessUnitsLOV', {}, procurementBusinessUnitSchema));
    },

    /** A one-row read: the connection test's permission check. */
    async ping(): Promise<void> {
      await first('finBusinessUnitsLOV', {}, businessUnitSchema);
    },
  };
}

export type OracleClient = ReturnType<typeof createOracleClient>;
