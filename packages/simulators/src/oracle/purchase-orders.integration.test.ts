import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Collection,
  draftPurchaseOrderBody,
  masterData,
  type OracleHarness,
  q,
  startOracle,
} from './test-harness.ts';

let oracle: OracleHarness;
beforeAll(async () => {
  oracle = await startOracle();
});
afterAll(async () => {
  await oracle.app.close();
});

type Row = Record<string, unknown>;
const itemMediaType = 'application/vnd.oracle.adf.resourceitem+json';

async function createDraft(overrides: Record<string, unknown> = {}) {
  const response = await oracle.rest('POST', 'draftPurchaseOrders', {
    body: draftPurchaseOrderBody(oracle.scenario, overrides),
    contentType: itemMediaType,
  });
  if (response.statusCode !== 201)
    throw new Error(`create answered ${response.statusCode}: ${response.body}`);
  return response.json<Row>();
}

function firstLine(overrides: Record<string, unknown>) {
  const [line] = draftPurchaseOrderBody(oracle.scenario).lines;
  return [{ ...line, ...overrides }];
}

function firstSchedule(overrides: Record<string, unknown>) {
  const [line] = draftPurchaseOrderBody(oracle.scenario).lines;
  return firstLine({ schedules: [{ ...line!.schedules[0], ...overrides }] });
}

describe('draftPurchaseOrders', () => {
  it('creates a draft with nested lines, schedules and distributions', async () => {
    const draft = await createDraft();
    expect(draft).toMatchObject({
      POHeaderId: expect.any(Number),
      OrderNumber: null,
      Status: 'Incomplete',
      Description: 'Safety gloves [PRC-PO-1042]',
      ProcurementBU: 'US1 Business Unit',
      Supplier: masterData(oracle.scenario).usSupplier.name,
      CurrencyCode: 'USD',
      Ordered: 125,
      links: expect.arrayContaining([expect.objectContaining({ rel: 'self' })]),
    });
    expect(Number(draft.POHeaderId)).toBeGreaterThan(300_000_000_000_000);
    const lines = draft.lines as Row[];
    expect(lines[0]).toMatchObject({ LineNumber: 1, Quantity: 10, Price: 12.5, Ordered: 125 });
    const distributions = ((lines[0]!.schedules as Row[])[0]!.distributions as Row[]).map(
      (d) => d.POChargeAccount,
    );
    const { account, otherAccount } = masterData(oracle.scenario);
    expect(distributions).toEqual([account, otherAccount]);

    const read = await oracle.getJson(
      `draftPurchaseOrders/${String(draft.POHeaderId)}?expand=lines.schedules.distributions`,
    );
    expect((((read.lines as Row[])[0]!.schedules as Row[])[0]!.distributions as Row[])[0]).toMatchObject({
      POChargeAccount: account,
      POChargeAccountId: expect.any(Number),
    });
  });

  it.each([
    ['an unknown procurement BU', { ProcurementBU: 'XX1 Business Unit' }, 'ProcurementBU'],
    ['an unknown supplier', { Supplier: 'Nobody At All Inc.' }, 'Supplier'],
    [
      'a site outside the procurement BU',
      { ProcurementBU: 'CA1 Business Unit', RequisitioningBU: 'CA1 Business Unit' },
      'SupplierSite',
    ],
    ['an unknown currency', { CurrencyCode: 'XYZ' }, 'CurrencyCode'],
    ['an unknown buyer', { BuyerEmail: 'nobody@example.com' }, 'BuyerEmail'],
    ['no lines', { lines: [] }, 'lines'],
  ])('rejects %s with a 400 naming the attribute', async (_case, overrides, attribute) => {
    const response = await oracle.rest('POST', 'draftPurchaseOrders', {
      body: draftPurchaseOrderBody(oracle.scenario, overrides),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain(attribute);
  });

  it.each([
    ['UOM', () => firstLine({ UOM: 'Furlong' })],
    ['Category', () => firstLine({ Category: 'Not A Category' })],
    ['Quantity', () => firstLine({ Quantity: 0 })],
    ['Price', () => firstLine({ Price: -1 })],
    ['ShipToLocationCode', () => firstSchedule({ ShipToLocationCode: 'NOWHERE' })],
    [
      'POChargeAccount',
      () => firstSchedule({ distributions: [{ Quantity: 10, POChargeAccount: '999-999-9999-999' }] }),
    ],
  ])('rejects a line with a bad %s', async (attribute, lines) => {
    const response = await oracle.rest('POST', 'draftPurchaseOrders', {
      body: draftPurchaseOrderBody(oracle.scenario, { lines: lines() }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(attribute);
  });

  it('rejects a disabled charge account, naming the value', async () => {
    const { disabledAccount } = masterData(oracle.scenario);
    const response = await oracle.rest('POST', 'draftPurchaseOrders', {
      body: draftPurchaseOrderBody(oracle.scenario, {
        lines: firstSchedule({ distributions: [{ Quantity: 10, POChargeAccount: disabledAccount }] }),
      }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(disabledAccount);
    expect(response.body).toContain('disabled');
  });

  it('submits a draft: it becomes an Open purchaseOrders row with an OrderNumber', async () => {
    const draft = await createDraft({ Description: 'Hearing protection [PRC-PO-2001]' });
    const id = String(draft.POHeaderId);
    const submit = await oracle.rest('POST', `draftPurchaseOrders/${id}/action/submit`, {
      body: { bypassApprovalsFlag: true },
      contentType: 'application/vnd.oracle.adf.action+json',
    });
    expect(submit.statusCode).toBe(200);
    expect(submit.headers['content-type']).toMatch(/^application\/vnd\.oracle\.adf\.actionresult\+json/);
    expect(submit.json()).toEqual({ result: 'SUCCESS' });

    const order = await oracle.getJson(
      `purchaseOrders/${id}?expand=lines,lines.schedules,lines.schedules.distributions`,
    );
    expect(order).toMatchObject({
      POHeaderId: draft.POHeaderId,
      Status: 'Open',
      OrderNumber: expect.stringMatching(/^\d+$/),
    });
    expect(((order.lines as Row[])[0]!.schedules as Row[])[0]!.distributions).toHaveLength(2);
    expect((await oracle.rest('GET', `draftPurchaseOrders/${id}`)).statusCode).toBe(404);
    // Submitting again finds no draft; the connector then looks the order up.
    const again = await oracle.rest('POST', `draftPurchaseOrders/${id}/action/submit`, { body: {} });
    expect(again.statusCode).toBe(404);

    const byNumber = await oracle.getJson<Collection>(
      `purchaseOrders?${q(`OrderNumber='${String(order.OrderNumber)}'`)}`,
    );
    expect(byNumber.items.map((item) => item.POHeaderId)).toEqual([draft.POHeaderId]);
  });

  it('accepts an empty action body', async () => {
    const draft = await createDraft({ Description: 'Empty action body' });
    const submit = await oracle.app.inject({
      method: 'POST',
      url: `/fscmRestApi/resources/11.13.18.05/draftPurchaseOrders/${String(draft.POHeaderId)}/action/submit`,
      headers: {
        authorization: `Bearer ${oracle.token}`,
        'content-type': 'application/vnd.oracle.adf.action+json',
      },
      payload: '',
    });
    expect(submit.statusCode).toBe(200);
  });

  it('finds documents by the [PRC-PO-…] reference in Description, with LIKE and =, drafts and orders alike', async () => {
    await createDraft({ Description: 'Draft only [PRC-PO-3001]' });
    const submitted = await createDraft({ Description: 'Ordered [PRC-PO-3002]' });
    await oracle.rest('POST', `draftPurchaseOrders/${String(submitted.POHeaderId)}/action/submit`, {
      body: {},
    });

    const draftLike = await oracle.getJson<Collection>(
      `draftPurchaseOrders?${q("Description LIKE '%[PRC-PO-3001]%'")}`,
    );
    expect(draftLike.items.map((item) => item.Description)).toEqual(['Draft only [PRC-PO-3001]']);
    const draftEquals = await oracle.getJson<Collection>(
      `draftPurchaseOrders?${q("Description='Draft only [PRC-PO-3001]'")}`,
    );
    expect(draftEquals.count).toBe(1);
    expect(
      (await oracle.getJson<Collection>(`purchaseOrders?${q("Description LIKE '%[PRC-PO-3001]%'")}`)).count,
    ).toBe(0);

    const orderLike = await oracle.getJson<Collection>(
      `purchaseOrders?${q("Description LIKE '%[PRC-PO-3002]%'")}`,
    );
    expect(orderLike.items.map((item) => item.POHeaderId)).toEqual([submitted.POHeaderId]);
    const orderEquals = await oracle.getJson<Collection>(
      `purchaseOrders?${q("Description='Ordered [PRC-PO-3002]'")}`,
    );
    expect(orderEquals.count).toBe(1);
    expect(
      (await oracle.getJson<Collection>(`draftPurchaseOrders?${q("Description LIKE '%[PRC-PO-3002]%'")}`))
        .count,
    ).toBe(0);
  });

  it('patches a draft and applies a change order to a submitted order on submit', async () => {
    const draft = await createDraft({ Description: 'Before [PRC-PO-4001]' });
    const id = String(draft.POHeaderId);
    const patched = await oracle.rest('PATCH', `draftPurchaseOrders/${id}`, {
      body: { Description: 'After [PRC-PO-4001]' },
      contentType: itemMediaType,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ Description: 'After [PRC-PO-4001]' });
    const readOnly = await oracle.rest('PATCH', `draftPurchaseOrders/${id}`, {
      body: { Supplier: 'Someone Else' },
    });
    expect(readOnly.statusCode).toBe(400);

    await oracle.rest('POST', `draftPurchaseOrders/${id}/action/submit`, { body: {} });
    const submitted = await oracle.getJson(`purchaseOrders/${id}`);
    oracle.core.clock.advance(1000);
    const change = await oracle.rest('PATCH', `draftPurchaseOrders/${id}`, {
      body: { Description: 'Changed [PRC-PO-4001]' },
    });
    expect(change.statusCode).toBe(200);
    expect((await oracle.getJson(`purchaseOrders/${id}`)).Description).toBe('After [PRC-PO-4001]');
    await oracle.rest('POST', `draftPurchaseOrders/${id}/action/submit`, { body: {} });
    const changed = await oracle.getJson(`purchaseOrders/${id}`);
    expect(changed).toMatchObject({
      Description: 'Changed [PRC-PO-4001]',
      OrderNumber: submitted.OrderNumber,
      Status: 'Open',
    });
    expect(Date.parse(String(changed.LastUpdateDate))).toBeGreaterThan(
      Date.parse(String(submitted.LastUpdateDate)),
    );
  });

  it('lists drafts and orders through the control API', async () => {
    const list = await oracle.control('GET', '/oracle/purchase-orders?state=submitted');
    const body = list.json<{ total: number; items: Row[] }>();
    expect(body.total).toBe(oracle.store.purchaseOrders.size);
    expect(body.items.every((item) => item.state === 'submitted' && item.OrderNumber !== null)).toBe(true);
    const first = body.items[0]!;
    const inspect = await oracle.control('GET', `/oracle/purchase-orders/${String(first.POHeaderId)}`);
    expect(inspect.json()).toMatchObject({
      draft: null,
      purchaseOrder: { POHeaderId: first.POHeaderId, lines: expect.any(Array) },
    });
  });
});
