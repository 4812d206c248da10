import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Collection,
  invoiceBody,
  masterData,
  type OracleHarness,
  q,
  sortedStrings,
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
const accounts = (query: string, version?: number) =>
  oracle.getJson<Collection>(`accountCombinationsLOV?${query}`, version === undefined ? {} : { version });
const suppliers = (query: string, version?: number) =>
  oracle.getJson<Collection>(`suppliers?${query}`, version === undefined ? {} : { version });
const combinationCount = () => oracle.scenario.oracle.accountCombinations.length;
const firstCombinationId = () => Math.min(...oracle.scenario.oracle.accountCombinations.map((c) => c.id));

describe('q', () => {
  it('supports = and != on strings and flags', async () => {
    const number = masterData(oracle.scenario).usSupplier.supplierNumber;
    const byNumber = await suppliers(q(`SupplierNumber='${number}'`));
    expect(byNumber.items.map((item) => item.SupplierNumber)).toEqual([number]);
    expect((await accounts(q("EnabledFlag!='Y'"))).items).toHaveLength(1);
    expect((await accounts(q('EnabledFlag=false'))).items).toHaveLength(1);
    expect((await accounts(`${q("AccountType='E'")}&limit=499`)).count).toBe(combinationCount());
  });

  it('supports > >= < <= on numbers', async () => {
    const first = firstCombinationId();
    expect((await accounts(q(`_CODE_COMBINATION_ID<${first + 3}`))).count).toBe(3);
    expect((await accounts(q(`_CODE_COMBINATION_ID<=${first + 3}`))).count).toBe(4);
    expect((await accounts(q(`_CODE_COMBINATION_ID>${first + combinationCount() - 8}`))).count).toBe(7);
    expect((await accounts(q(`_CODE_COMBINATION_ID>=${first + combinationCount() - 8}`))).count).toBe(8);
  });

  it('supports LIKE with % (case-sensitive) and is null / is not null', async () => {
    const { usSupplier } = masterData(oracle.scenario);
    const prefix = usSupplier.name.slice(0, 6);
    const like = await suppliers(q(`Supplier LIKE '${prefix}%'`));
    expect(like.items.map((item) => item.Supplier)).toContain(usSupplier.name);
    expect(like.items.every((item) => String(item.Supplier).startsWith(prefix))).toBe(true);
    expect((await suppliers(q(`Supplier LIKE '${prefix.toLowerCase()}%'`))).count).toBe(0);

    const all = await suppliers(`${q('InactiveDate is null')}&limit=499`);
    expect(all.count).toBe(oracle.store.suppliers.size);
    const patched = await oracle.rest('PATCH', `suppliers/${usSupplier.supplierId}`, {
      body: { InactiveDate: '2026-12-31' },
    });
    expect(patched.statusCode).toBe(200);
    const inactive = await suppliers(q('InactiveDate is not null'));
    expect(inactive.items.map((item) => item.SupplierId)).toEqual([usSupplier.supplierId]);
    await oracle.rest('PATCH', `suppliers/${usSupplier.supplierId}`, { body: { InactiveDate: null } });
    expect((await suppliers(q('InactiveDate is not null'))).count).toBe(0);
  });

  it("matches quoted values containing quotes ('')", async () => {
    const created = await oracle.control('POST', '/oracle/suppliers', { name: "O'Brien Tool & Die" });
    expect(created.statusCode).toBe(201);
    const found = await suppliers(q("Supplier='O''Brien Tool & Die'"));
    expect(found.items.map((item) => item.Supplier)).toEqual(["O'Brien Tool & Die"]);
  });

  it('compares timestamps as instants, honouring offsets', async () => {
    oracle.core.clock.advance(60_000);
    const { otherUsSupplier } = masterData(oracle.scenario);
    const renamed = await oracle.rest('PATCH', `suppliers/${otherUsSupplier.supplierId}`, {
      body: { Supplier: `${otherUsSupplier.name} (renamed for q)` },
    });
    const stamp = Date.parse(String(renamed.json<Row>().LastUpdateDate));
    const inZone = (ms: number, offsetHours: number) => {
      const shifted = new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19);
      const sign = offsetHours < 0 ? '-' : '+';
      return `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
    };
    // One second before the update, written in +02:00: a string compare would put it after.
    const before = await suppliers(q(`LastUpdateDate>'${inZone(stamp - 1000, 2)}'`));
    expect(before.items.map((item) => item.SupplierId)).toEqual([otherUsSupplier.supplierId]);
    // One second after, written in -01:00: a string compare would put it before.
    expect((await suppliers(q(`LastUpdateDate>'${inZone(stamp + 1000, -1)}'`))).count).toBe(0);
    const exact = await suppliers(q(`LastUpdateDate>='${new Date(stamp).toISOString()}'`));
    expect(exact.count).toBe(1);
  });

  it('understands and/or/parentheses with REST-Framework-Version 2 and matches nothing with version 1', async () => {
    const { usSupplier, otherUsSupplier } = masterData(oracle.scenario);
    const expression = `(SupplierNumber='${usSupplier.supplierNumber}' or SupplierNumber='${otherUsSupplier.supplierNumber}') and InactiveDate is null`;
    const v2 = await suppliers(q(expression), 2);
    expect(sortedStrings(v2.items.map((item) => item.SupplierNumber))).toEqual(
      sortedStrings([usSupplier.supplierNumber, otherUsSupplier.supplierNumber]),
    );
    const v1 = await oracle.rest('GET', `suppliers?${q(expression)}`);
    expect(v1.statusCode).toBe(200);
    expect(v1.json<Collection>().items).toEqual([]);
    const defaultVersion = await accounts(q("EnabledFlag='Y' and AccountType='E'"));
    expect(defaultVersion.count).toBe(0);
    const semicolons = await accounts(q("EnabledFlag='Y';AccountType='E'"));
    expect(semicolons.count).toBe(25);
  });

  it('answers 400 text/plain to unknown attributes and malformed q', async () => {
    for (const [expression, version] of [
      ["NoSuchAttribute='x'", 1],
      ["Supplier='unterminated", 2],
      ["(Supplier='x'", 2],
    ] as const) {
      const response = await oracle.rest('GET', `suppliers?${q(expression)}`, { version });
      expect({ expression, status: response.statusCode }).toEqual({ expression, status: 400 });
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.body).toContain('parameter q');
    }
  });
});

describe('paging', () => {
  it('pages 25 by default and walks to the end with hasMore', async () => {
    const first = await accounts('');
    expect(first).toMatchObject({ count: 25, limit: 25, offset: 0, hasMore: true });
    const seen: unknown[] = [];
    let offset = 0;
    for (;;) {
      const page = await accounts(`limit=100&offset=${offset}`);
      seen.push(...page.items.map((item) => item['_CODE_COMBINATION_ID']));
      expect(page.offset).toBe(offset);
      if (!page.hasMore) break;
      offset += page.count;
    }
    expect(seen).toHaveLength(combinationCount());
    expect(new Set(seen).size).toBe(combinationCount());
    expect((await accounts(`limit=10&offset=${combinationCount()}`)).items).toEqual([]);
  });

  it('caps limit at 499', async () => {
    const body = invoiceBody(oracle.scenario);
    for (let n = 0; n < 510; n += 1) {
      const response = await oracle.rest('POST', 'invoices', {
        body: { ...body, InvoiceNumber: `PAGE-${n}` },
      });
      if (response.statusCode !== 201) throw new Error(response.body);
    }
    const page = await oracle.getJson<Collection>('invoices?limit=1000&onlyData=true&fields=InvoiceId');
    expect(page).toMatchObject({ count: 499, limit: 499, hasMore: true });
    const rest = await oracle.getJson<Collection>('invoices?limit=1000&offset=499&fields=InvoiceId');
    expect(rest).toMatchObject({ count: 11, hasMore: false });
  });

  it('rejects a malformed limit or offset', async () => {
    expect((await oracle.rest('GET', 'suppliers?limit=abc')).statusCode).toBe(400);
    expect((await oracle.rest('GET', 'suppliers?offset=-1')).statusCode).toBe(400);
  });
});

describe('fields, onlyData, orderBy, expand, finder, totalResults', () => {
  it('returns only the listed fields, children included with their own list', async () => {
    const page = await suppliers('fields=SupplierId,Supplier;sites:SupplierSite&onlyData=true&limit=3');
    for (const item of page.items) {
      expect(sortedStrings(Object.keys(item))).toEqual(['Supplier', 'SupplierId', 'sites']);
      for (const site of item.sites as Row[]) expect(Object.keys(site)).toEqual(['SupplierSite']);
    }
    expect((await oracle.rest('GET', 'suppliers?fields=NoSuch')).statusCode).toBe(400);
  });

  it('strips links with onlyData=true and keeps them otherwise', async () => {
    const withLinks = await suppliers('limit=1');
    expect(withLinks.items[0]?.links).toEqual(
      expect.arrayContaining([expect.objectContaining({ rel: 'self', kind: 'item' })]),
    );
    const onlyData = await suppliers('limit=1&onlyData=true');
    expect(onlyData.items[0]).not.toHaveProperty('links');
  });

  it('orders by one or more attributes', async () => {
    const descending = await suppliers('orderBy=Supplier:desc&limit=499&fields=Supplier');
    const names = descending.items.map((item) => String(item.Supplier));
    expect(names).toEqual(sortedStrings(names).toReversed());
    const combined = await accounts('orderBy=costCenter:desc,account:asc&limit=5&fields=costCenter,account');
    const top = combined.items.map((item) => `${String(item.costCenter)}/${String(item.account)}`);
    const expected = oracle.scenario.oracle.accountCombinations
      .map((c) => ({ costCenter: c.costCenter, account: c.account }))
      .sort((a, b) =>
        a.costCenter === b.costCenter
          ? a.account < b.account
            ? -1
            : 1
          : a.costCenter < b.costCenter
            ? 1
            : -1,
      )
      .slice(0, 5)
      .map((c) => `${c.costCenter}/${c.account}`);
    expect(top).toEqual(expected);
    expect((await oracle.rest('GET', 'suppliers?orderBy=Nope:asc')).statusCode).toBe(400);
  });

  it('expands children on request: arrays up to version 2, collections from version 3', async () => {
    const plain = await suppliers('limit=2');
    expect(plain.items[0]).not.toHaveProperty('sites');
    const v1 = await suppliers('limit=2&expand=sites');
    expect(Array.isArray(v1.items[0]?.sites)).toBe(true);
    const v3 = await suppliers('limit=2&expand=all', 3);
    expect(v3.items[0]?.sites).toMatchObject({
      items: expect.any(Array),
      count: expect.any(Number),
      hasMore: false,
    });
    // Site rows do not carry the parent's SupplierId (the connector injects it itself).
    const firstSites = v1.items[0]?.sites as Row[] | undefined;
    expect(firstSites?.[0]).toBeDefined();
    expect(firstSites?.[0]).not.toHaveProperty('SupplierId');
    expect((await oracle.rest('GET', 'suppliers?expand=nope')).statusCode).toBe(400);
  });

  it('applies finders: PrimaryKey, resource finders, and 400 for unknown ones', async () => {
    const { usSupplier } = masterData(oracle.scenario);
    const byKey = await suppliers(`finder=PrimaryKey;SupplierId=${usSupplier.supplierId}`);
    expect(byKey.items.map((item) => item.SupplierId)).toEqual([usSupplier.supplierId]);
    const active = await suppliers('finder=ActiveSuppliersFinder;BindSysdate=2026-11-21&limit=499');
    expect(active.count).toBe(oracle.store.suppliers.size);
    expect((await oracle.rest('GET', 'suppliers?finder=NoSuchFinder;x=1')).statusCode).toBe(400);
  });

  it('adds totalResults when asked', async () => {
    const counted = await accounts('totalResults=true&limit=5');
    expect(counted).toMatchObject({ totalResults: combinationCount(), count: 5, hasMore: true });
    expect(await accounts('limit=5')).not.toHaveProperty('totalResults');
  });
});

describe('lists of values and value sets', () => {
  it('serves account combinations with one attribute per segment and the concatenated string', async () => {
    const combination = oracle.scenario.oracle.accountCombinations[0]!;
    const item = await oracle.getJson(`accountCombinationsLOV/${combination.id}`);
    expect(item).toMatchObject({
      _CODE_COMBINATION_ID: combination.id,
      _CHART_OF_ACCOUNTS_ID: oracle.scenario.company.chartOfAccounts.id,
      ConcatenatedSegments: combination.combination,
      company: combination.company,
      costCenter: combination.costCenter,
      account: combination.account,
      intercompany: combination.intercompany,
      EnabledFlag: 'Y',
      AccountType: 'E',
    });
    const chart = await accounts(
      q(`_CHART_OF_ACCOUNTS_ID=${oracle.scenario.company.chartOfAccounts.id};EnabledFlag='Y'`),
    );
    expect(chart.count).toBe(25);
  });

  it('serves the cost-center value set values and the business unit LOVs', async () => {
    const { costCenterValueSet } = oracle.scenario.company.chartOfAccounts;
    const values = await oracle.getJson<Collection>(`valueSets/${costCenterValueSet}/child/values?limit=499`);
    expect(sortedStrings(values.items.map((item) => item.Value))).toEqual(
      sortedStrings(oracle.scenario.oracle.costCenters.map((value) => value.value)),
    );
    expect(values.items[0]).toMatchObject({
      Description: expect.any(String),
      EnabledFlag: 'Y',
      StartDateActive: null,
    });
    expect((await oracle.rest('GET', 'valueSets/NO_SUCH_SET/child/values')).statusCode).toBe(404);

    const units = await oracle.getJson<Collection>('finBusinessUnitsLOV');
    expect(sortedStrings(units.items.map((item) => item.BusinessUnitName))).toEqual([
      'CA1 Business Unit',
      'US1 Business Unit',
    ]);
    const procurement = await oracle.getJson<Collection>(
      `procurementBusinessUnitsLOV?finder=PrimaryKey;ProcurementBUId=${oracle.scenario.oracle.businessUnits[0]!.id}`,
    );
    expect(procurement.items).toEqual([
      expect.objectContaining({
        ProcurementBUId: oracle.scenario.oracle.businessUnits[0]!.id,
        ProcurementBusinessUnitName: oracle.scenario.oracle.businessUnits[0]!.name,
      }),
    ]);
  });
});
