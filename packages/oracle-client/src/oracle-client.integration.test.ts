import { Writable } from 'node:stream';
import { PermanentError, TransientError, UncertainError } from '@mlc/errors';
import { createLogger } from '@mlc/logger';
import { startSimulators, type RunningSimulators, type Scenario } from '@mlc/simulators';
import {
  tokenFingerprint,
  UpstreamHttp,
  type AccessToken,
  type TokenProvider,
  type UpstreamRequestEvent,
} from '@mlc/upstream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOracleClient, type OracleClientOptions } from './oracle-client.ts';
import { requestOracleToken } from './token.ts';

const restPath = '/fscmRestApi/resources/11.13.18.05';
let sims: RunningSimulators;
const logLines: string[] = [];
const logger = createLogger({
  name: 'test',
  level: 'debug',
  destination: new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString());
      callback();
    },
  }),
});

/** A token provider that talks to the simulator's identity domain directly and counts what happens. */
function provider() {
  let current: AccessToken | undefined;
  const stats = { issued: 0, invalidated: 0, authFailures: 0 };
  const tokens: TokenProvider = {
    async getToken() {
      if (!current) {
        const issued = await requestOracleToken({
          tokenUrl: sims.oracle.tokenUrl,
          scope: sims.oracle.credentials.scope,
          credentials: { type: 'client_credentials', ...sims.oracle.credentials },
          logger,
        });
        stats.issued += 1;
        current = {
          authorization: issued.authorization,
          fingerprint: tokenFingerprint(issued.authorization),
        };
      }
      return current;
    },
    async invalidate(token) {
      stats.invalidated += 1;
      if (current?.fingerprint === token.fingerprint) current = undefined;
    },
    async reportAuthFailure() {
      stats.authFailures += 1;
    },
  };
  return { tokens, stats };
}

function client(overrides: Partial<OracleClientOptions> = {}) {
  const { tokens, stats } = provider();
  return {
    stats,
    oracle: createOracleClient({
      restBaseUrl: `${sims.oracle.url}${restPath}/`,
      restFrameworkVersion: '4',
      auth: tokens,
      logger,
      ...overrides,
    }),
  };
}

/** The scenario's Oracle master data a US purchase order or invoice needs. */
function masterData(scenario: Scenario) {
  const supplier = scenario.vendors
    .flatMap((vendor) => (vendor.oracle ? [vendor.oracle] : []))
    .find((candidate) =>
      candidate.sites.some(
        (site) => site.procurementBU === 'US1 Business Unit' && site.purchasing && site.pay,
      ),
    );
  const site = supplier?.sites.find(
    (candidate) => candidate.procurementBU === 'US1 Business Unit' && candidate.purchasing && candidate.pay,
  );
  const accounts = scenario.oracle.accountCombinations.filter((combination) => combination.enabled);
  const shipTo = scenario.oracle.shipToLocations.find(
    (location) => location.businessUnit === 'US1 Business Unit',
  );
  if (!supplier || !site || !accounts[1] || !shipTo) throw new Error('the scenario lacks US master data');
  return {
    supplier,
    site: site.siteCode,
    account: accounts[0]!.combination,
    otherAccount: accounts[1].combination,
    buyerEmail: scenario.oracle.buyers[0]!.email,
    uom: scenario.oracle.unitsOfMeasure[0]!,
    category: scenario.oracle.categories[0]!,
    shipTo: shipTo.code,
  };
}

function draftPurchaseOrder(reference: string) {
  const data = masterData(sims.scenario);
  return {
    ProcurementBU: 'US1 Business Unit',
    RequisitioningBU: 'US1 Business Unit',
    BuyerEmail: data.buyerEmail,
    Supplier: data.supplier.name,
    SupplierSite: data.site,
    CurrencyCode: 'USD',
    Description: `${reference} Safety gloves`,
    lines: [
      {
        LineNumber: 1,
        LineType: 'Goods',
        Category: data.category,
        ItemDescription: 'Nitrile gloves, box of 100',
        Quantity: 10,
        UOM: data.uom,
        Price: 12.5,
        schedules: [
          {
            ScheduleNumber: 1,
            ShipToLocationCode: data.shipTo,
            RequestedDeliveryDate: '2026-12-01',
            distributions: [
              { DistributionNumber: 1, Quantity: 6, POChargeAccount: data.account },
              { DistributionNumber: 2, Quantity: 4, POChargeAccount: data.otherAccount },
            ],
          },
        ],
      },
    ],
  };
}

function invoice(invoiceNumber: string, reference = '[PRC-BILL-501]') {
  const data = masterData(sims.scenario);
  return {
    InvoiceNumber: invoiceNumber,
    InvoiceCurrency: 'USD',
    InvoiceAmount: 150.25,
    InvoiceDate: '2026-11-18',
    BusinessUnit: 'US1 Business Unit',
    Supplier: data.supplier.name,
    SupplierSite: data.site,
    Description: `${reference} Office chairs`,
    invoiceLines: [
      { LineNumber: 1, LineAmount: 100.25, DistributionCombination: data.account },
      {
        LineNumber: 2,
        LineAmount: 50,
        invoiceDistributions: [
          { DistributionLineNumber: 1, DistributionAmount: 20, DistributionCombination: data.account },
          { DistributionLineNumber: 2, DistributionAmount: 30, DistributionCombination: data.otherAccount },
        ],
      },
    ],
  };
}

beforeAll(async () => {
  sims = await startSimulators({ seed: 11, purchaseOrders: 10, bills: 10 });
});
afterEach(() => {
  sims.oracle.core.faults.clear();
});
afterAll(async () => {
  await sims.close();
});

describe('Oracle client against the simulator', () => {
  it('creates a draft PO, submits it and finds the order by its [PRC-PO-…] reference', async () => {
    const { oracle } = client();
    const draft = await oracle.createDraftPurchaseOrder(draftPurchaseOrder('[PRC-PO-1042]'));
    expect(draft.POHeaderId).toMatch(/^\d+$/);
    expect(await oracle.findPurchaseOrderByReference('[PRC-PO-1042]')).toMatchObject({
      POHeaderId: draft.POHeaderId,
      source: 'draftPurchaseOrders',
    });

    await expect(oracle.submitDraftPurchaseOrder(draft.POHeaderId)).resolves.toBe('SUCCESS');
    const found = await oracle.findPurchaseOrderByReference('[PRC-PO-1042]');
    expect(found).toMatchObject({ POHeaderId: draft.POHeaderId, source: 'purchaseOrders' });
    expect(found?.OrderNumber).toEqual(expect.any(String));
    // A reference that differs only in its digits is another PO: LIKE must not match it.
    expect(await oracle.findPurchaseOrderByReference('[PRC-PO-104]')).toBeUndefined();
    expect(await oracle.findPurchaseOrderByReference('[PRC-PO-9999]')).toBeUndefined();
  });

  it('creates an invoice and finds it by number and supplier; a duplicate is Oracle’s plain-text 400', async () => {
    const { oracle } = client();
    const supplierNumber = masterData(sims.scenario).supplier.supplierNumber;
    const created = await oracle.createInvoice(invoice('INV-DUP-1'));
    expect(created).toMatchObject({ InvoiceNumber: 'INV-DUP-1', SupplierNumber: supplierNumber });

    expect(await oracle.findInvoice({ invoiceNumber: 'INV-DUP-1', supplierNumber })).toMatchObject({
      InvoiceId: created.InvoiceId,
      InvoiceAmount: '150.25',
    });
    expect(
      await oracle.findInvoice({ invoiceNumber: 'INV-DUP-1', supplierNumber: 'NO-SUCH' }),
    ).toBeUndefined();

    const duplicate = await oracle.createInvoice(invoice('INV-DUP-1')).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(PermanentError);
    const { supplier } = masterData(sims.scenario);
    const oracleWords = `An invoice with number INV-DUP-1 already exists for supplier ${supplier.name}.`;
    expect(duplicate).toMatchObject({
      httpStatus: 400,
      code: 'UPSTREAM_REJECTED',
      upstreamMessage: oracleWords,
    });
    expect((duplicate as PermanentError).message).toContain(oracleWords);
    expect(sims.oracle.store.invoices.size).toBe(1);
  });

  it('an HTML 502 from Oracle’s front end is a TransientError naming the page', async () => {
    const { oracle } = client({ readRetries: 0 });
    sims.oracle.core.faults.configure([
      { match: `GET ${restPath}/invoices`, serverErrorRate: 1, serverErrorStatuses: [502] },
    ]);
    const failure = await oracle
      .findInvoice({ invoiceNumber: 'X', supplierNumber: 'Y' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientError);
    expect(failure).toMatchObject({
      httpStatus: 502,
      upstreamMessage: 'HTML error page: 502 Bad Gateway – Bad Gateway',
    });
    // The page's summary is in the message itself: logs keep the message, not upstreamMessage.
    expect((failure as TransientError).message).toContain('HTML error page: 502 Bad Gateway');
    expect((failure as TransientError).message).not.toContain('<html');

    // Reads retry a passing 502 inline.
    sims.oracle.core.faults.configure([
      { match: `GET ${restPath}/invoices`, serverErrorRate: 1, serverErrorStatuses: [502], times: 1 },
    ]);
    const retrying = client({ readRetries: 1 }).oracle;
    await expect(retrying.findInvoice({ invoiceNumber: 'X', supplierNumber: 'Y' })).resolves.toBeUndefined();
  });

  it('an invoice POST whose response is lost is Uncertain, and the invoice is then found, not re-created', async () => {
    const { oracle } = client();
    const supplierNumber = masterData(sims.scenario).supplier.supplierNumber;
    sims.oracle.core.faults.configure([
      { match: `POST ${restPath}/invoices`, lostResponseRate: 1, times: 1 },
    ]);
    const before = sims.oracle.store.invoices.size;
    const lost = await oracle.createInvoice(invoice('INV-LOST-1')).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(UncertainError);
    expect(lost).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', system: 'oracle' });
    expect(sims.oracle.store.invoices.size).toBe(before + 1);
    const found = await oracle.findInvoice({ invoiceNumber: 'INV-LOST-1', supplierNumber });
    expect(found).toMatchObject({ InvoiceNumber: 'INV-LOST-1', SupplierNumber: supplierNumber });
  });

  it('a 2xx without usable JSON (empty or cut off) is retried on a read and uncertain on a create', async () => {
    const { oracle } = client({ readRetries: 0 });
    const supplierNumber = masterData(sims.scenario).supplier.supplierNumber;
    for (const corruption of [{ kind: 'empty' }, { kind: 'truncate' }] as const) {
      sims.oracle.core.faults.configure([
        { match: `GET ${restPath}/invoices`, corruptRate: 1, corruption, times: 1 },
      ]);
      const failure = await oracle
        .findInvoice({ invoiceNumber: 'X', supplierNumber: 'Y' })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TransientError);
      expect(failure).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', httpStatus: 200 });
      expect((failure as Error).message).toMatch(
        corruption.kind === 'empty' ? /\(200\) with an empty body/ : /\(200\) with malformed JSON/,
      );
    }
    // Inline read retries get past a passing one.
    sims.oracle.core.faults.configure([
      { match: `GET ${restPath}/invoices`, corruptRate: 1, corruption: { kind: 'empty' }, times: 1 },
    ]);
    await expect(
      client({ readRetries: 1 }).oracle.findInvoice({ invoiceNumber: 'X', supplierNumber: 'Y' }),
    ).resolves.toBeUndefined();

    // A create whose 201 has no body, or no id: it happened, only a look-up can say as what.
    for (const [number, corruption] of [
      ['INV-EMPTY-201', { kind: 'empty' }],
      ['INV-NOID-201', { kind: 'omit', fields: ['InvoiceId'] }],
    ] as const) {
      sims.oracle.core.faults.configure([
        { match: `POST ${restPath}/invoices`, corruptRate: 1, corruption, times: 1 },
      ]);
      const created = await oracle.createInvoice(invoice(number)).catch((error: unknown) => error);
      expect(created).toBeInstanceOf(UncertainError);
      expect(await oracle.findInvoice({ invoiceNumber: number, supplierNumber })).toMatchObject({
        InvoiceNumber: number,
      });
    }
  });

  it('listChangedInvoices restarts from the last LastUpdateDate and yields every invoice exactly once', async () => {
    const { oracle } = client();
    const created: string[] = [];
    for (let index = 0; index < 40; index += 1) {
      created.push((await oracle.createInvoice(invoice(`INV-WIN-${index}`))).InvoiceId);
    }
    // Timestamps chosen to hit every boundary: runs of equal LastUpdateDate that straddle pages
    // and restarts, and one run longer than maxOffset (a restart there would not advance).
    const runs = [1, 3, 1, 6, 2, 12, 1, 4, 2, 1, 3, 4];
    expect(runs.reduce((sum, run) => sum + run, 0)).toBe(created.length);
    const base = Date.parse('2026-11-01T00:00:00.000Z');
    let position = 0;
    runs.forEach((run, runIndex) => {
      for (let index = 0; index < run; index += 1) {
        const row = sims.oracle.store.invoices.get(Number(created[position]))!.row;
        row.LastUpdateDate = new Date(base + runIndex * 60_000).toISOString().replace('Z', '+00:00');
        position += 1;
      }
    });

    const events: UpstreamRequestEvent[] = [];
    const windowed = client({ pageSize: 4, maxOffset: 8, observer: (event) => events.push(event) }).oracle;
    const seen: string[] = [];
    for await (const page of windowed.listChangedInvoices({
      since: new Date(base - 60_000),
      until: new Date(base + 3_600_000),
    })) {
      seen.push(...page.map((row) => row.InvoiceId));
      if (events.length > 200) throw new Error('the listing does not end');
    }
    expect(seen.toSorted()).toEqual(created.toSorted());
    expect(new Set(seen).size).toBe(seen.length);
    // It did restart (and never paged beyond maxOffset within one window of distinct stamps).
    const sinceValues = new Set(events.map((event) => new URL(event.url).searchParams.get('q')));
    expect(sinceValues.size).toBeGreaterThan(2);
  });

  it('a row updated after it was read comes again: the restart skips only what it saw at that instant', async () => {
    const { oracle } = client();
    const ids: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      ids.push((await oracle.createInvoice(invoice(`INV-UPD-${index}`))).InvoiceId);
    }
    const base = Date.parse('2026-10-01T00:00:00.000Z');
    const stamp = (minutes: number) => new Date(base + minutes * 60_000).toISOString().replace('Z', '+00:00');
    ids.forEach((id, index) => {
      sims.oracle.store.invoices.get(Number(id))!.row.LastUpdateDate = stamp(index < 4 ? 1 : 2);
    });
    const windowed = client({ pageSize: 2, maxOffset: 4 }).oracle;
    const seen: string[] = [];
    const iterator = windowed.listChangedInvoices({
      since: new Date(base),
      until: new Date(base + 3_600_000),
    });
    for await (const page of iterator) {
      seen.push(...page.map((row) => row.InvoiceId));
      // After the first window (stamp 1), an invoice read on its last page is updated: it must
      // come again, and nothing else may.
      if (seen.length === 4) sims.oracle.store.invoices.get(Number(ids[3]))!.row.LastUpdateDate = stamp(3);
    }
    expect(seen.toSorted()).toEqual([...ids, ids[3]!].toSorted());
  });

  it.each(['1', '2', '3', '4'])(
    'expanded children are arrays with REST-Framework-Version %s',
    async (version) => {
      const { oracle } = client({ restFrameworkVersion: version });
      const draft = await oracle.createDraftPurchaseOrder(draftPurchaseOrder(`[PRC-PO-77${version}]`));
      const po = await oracle.getPurchaseOrder(draft.POHeaderId, 'draftPurchaseOrders');
      expect(Array.isArray(po.lines)).toBe(true);
      expect(po.lines).toEqual([expect.objectContaining({ LineNumber: 1, Quantity: 10, Price: 12.5 })]);

      const suppliers = [];
      for await (const page of oracle.listSuppliers()) suppliers.push(...page);
      expect(suppliers.length).toBeGreaterThan(0);
      expect(suppliers.every((supplier) => Array.isArray(supplier.sites))).toBe(true);
      expect(suppliers.some((supplier) => (supplier.sites?.length ?? 0) > 0)).toBe(true);
    },
  );

  it('a 401 in the middle of a listing refreshes the token exactly once and the listing completes', async () => {
    const { oracle, stats } = client({ pageSize: 5 });
    const tokenRequests = () =>
      sims.oracle.core.counters.snapshot().routes['POST /oauth2/v1/token']?.count ?? 0;
    const before = tokenRequests();
    let pages = 0;
    const suppliers = [];
    for await (const page of oracle.listSuppliers()) {
      pages += 1;
      suppliers.push(...page);
      if (pages === 2) sims.oracle.core.tokens.expireAll();
    }
    expect(pages).toBeGreaterThan(3);
    expect(new Set(suppliers.map((supplier) => supplier.SupplierId)).size).toBe(suppliers.length);
    expect(stats).toEqual({ issued: 2, invalidated: 1, authFailures: 0 });
    expect(tokenRequests() - before).toBe(2);
  });

  it('refuses to follow a URL off the connection’s origin, before sending anything', async () => {
    const http = new UpstreamHttp({
      system: 'oracle',
      baseUrl: `${sims.oracle.url}${restPath}/`,
      auth: provider().tokens,
      logger,
    });
    const procurifyBefore = sims.procurify.core.counters.total;
    const refused = await http
      .request({ method: 'GET', path: `${sims.procurify.url}/api/v3/users/me/`, kind: 'read' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PermanentError);
    expect(refused).toMatchObject({ code: 'UPSTREAM_FOREIGN_URL' });
    expect((refused as PermanentError).message).toContain(`Refusing to follow ${sims.procurify.url}`);
    expect(sims.procurify.core.counters.total).toBe(procurifyBefore);
  });

  it('no log line carries a token or the client secret', () => {
    const everything = logLines.join('\n');
    expect(everything).toContain('"route":"POST oauth2/v1/token"');
    expect(everything).not.toContain(sims.oracle.credentials.clientSecret);
    expect(everything).not.toMatch(/sim_[A-Za-z0-9_-]{20,}/);
  });
});
