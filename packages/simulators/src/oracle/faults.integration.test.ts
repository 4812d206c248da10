import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Collection, invoiceBody, type OracleHarness, q, startOracle } from './test-harness.ts';

let oracle: OracleHarness;
beforeAll(async () => {
  oracle = await startOracle();
});
afterEach(async () => {
  await oracle.control('DELETE', '/faults');
});
afterAll(async () => {
  await oracle.app.close();
});

describe('faults on the Oracle simulator', () => {
  it('answers an injected 502 with an HTML page, as Fusion’s front end does', async () => {
    const rule = await oracle.control('PUT', '/faults', {
      rules: [
        {
          match: 'GET /fscmRestApi/resources/11.13.18.05/suppliers',
          serverErrorRate: 1,
          serverErrorStatuses: [502],
          times: 1,
        },
      ],
    });
    expect(rule.statusCode).toBe(200);
    const failed = await oracle.rest('GET', 'suppliers');
    expect(failed.statusCode).toBe(502);
    expect(failed.headers['content-type']).toMatch(/^text\/html/);
    expect(failed.body).toContain('<title>502 Bad Gateway</title>');
    // `times: 1`: the next request goes through.
    expect((await oracle.rest('GET', 'suppliers')).statusCode).toBe(200);
  });

  it('answers an injected 429 with Retry-After and a short body', async () => {
    await oracle.control('PUT', '/faults', {
      rules: [{ match: '*', rateLimitRate: 1, retryAfterSeconds: 7 }],
    });
    const limited = await oracle.rest('GET', 'invoices');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.body).toBe('Too Many Requests');
  });

  it('still creates the invoice when the response is lost, so a lookup finds it', async () => {
    const url = await oracle.app.listen({ host: '127.0.0.1', port: 0 });
    await oracle.control('PUT', '/faults', {
      rules: [{ match: 'POST /fscmRestApi/resources/11.13.18.05/invoices', lostResponseRate: 1 }],
    });
    const body = invoiceBody(oracle.scenario, {
      InvoiceNumber: 'LOST-1',
      Description: 'Lost response [PRC-BILL-77]',
    });
    const attempt = fetch(`${url}/fscmRestApi/resources/11.13.18.05/invoices`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${oracle.token}`,
        'content-type': 'application/vnd.oracle.adf.resourceitem+json',
      },
      body: JSON.stringify(body),
    });
    await expect(attempt).rejects.toThrow('fetch failed');
    await oracle.control('DELETE', '/faults');

    const lookup = await fetch(
      `${url}/fscmRestApi/resources/11.13.18.05/invoices?${q("InvoiceNumber='LOST-1'")}&onlyData=true`,
      { headers: { authorization: `Bearer ${oracle.token}` } },
    );
    expect(lookup.status).toBe(200);
    const found = (await lookup.json()) as Collection;
    expect(found.items).toEqual([
      expect.objectContaining({ InvoiceNumber: 'LOST-1', Description: 'Lost response [PRC-BILL-77]' }),
    ]);
    const counters = (await oracle.control('GET', '/counters')).json<{
      routes: Record<string, { byStatus: Record<string, number> }>;
    }>();
    expect(counters.routes['POST /fscmRestApi/resources/11.13.18.05/invoices']?.byStatus.lost).toBe(1);
  });
});

describe('corrupted responses on the Oracle simulator', () => {
  const invoices = 'POST /fscmRestApi/resources/11.13.18.05/invoices';

  it('creates the invoice and then answers with JSON cut in half, or with no body at all', async () => {
    await oracle.control('PUT', '/faults', {
      rules: [{ match: invoices, corruptRate: 1, corruption: { kind: 'truncate' }, times: 1 }],
    });
    const truncated = await oracle.rest('POST', 'invoices', {
      body: invoiceBody(oracle.scenario, { InvoiceNumber: 'CUT-1' }),
    });
    expect(truncated.statusCode).toBe(201);
    expect(() => JSON.parse(truncated.body) as unknown).toThrow(SyntaxError);
    expect(truncated.body.length).toBeGreaterThan(0);
    expect([...oracle.store.invoices.values()].some((invoice) => invoice.row.InvoiceNumber === 'CUT-1')).toBe(
      true,
    );

    await oracle.control('PUT', '/faults', {
      rules: [{ match: invoices, corruptRate: 1, corruption: { kind: 'empty' }, times: 1 }],
    });
    const empty = await oracle.rest('POST', 'invoices', {
      body: invoiceBody(oracle.scenario, { InvoiceNumber: 'EMPTY-1' }),
    });
    expect(empty.statusCode).toBe(201);
    expect(empty.body).toBe('');
  });

  it('drops or rewrites attributes of the answer (and of each item of a collection)', async () => {
    await oracle.control('PUT', '/faults', {
      rules: [{ match: invoices, corruptRate: 1, corruption: { kind: 'omit', fields: ['InvoiceId'] } }],
    });
    const created = await oracle.rest('POST', 'invoices', {
      body: invoiceBody(oracle.scenario, { InvoiceNumber: 'NOID-1' }),
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<Record<string, unknown>>();
    expect(body['InvoiceNumber']).toBe('NOID-1');
    expect(body).not.toHaveProperty('InvoiceId');

    await oracle.control('PUT', '/faults', {
      rules: [
        {
          match: 'GET /fscmRestApi/resources/11.13.18.05/invoices',
          corruptRate: 1,
          corruption: { kind: 'set', fields: { PaidStatus: 'Awaiting Karma' } },
        },
      ],
    });
    const listed = (await oracle.rest('GET', 'invoices')).json<Collection>();
    expect(listed.items.length).toBeGreaterThan(0);
    expect(new Set(listed.items.map((item) => item['PaidStatus']))).toEqual(new Set(['Awaiting Karma']));
    const faults = (await oracle.control('GET', '/faults')).json<{ injected: Record<string, number> }>();
    expect(faults.injected['corrupt_response']).toBeGreaterThan(0);
  });

  it('leaves error answers alone', async () => {
    await oracle.control('PUT', '/faults', {
      rules: [{ match: invoices, corruptRate: 1, corruption: { kind: 'empty' } }],
    });
    const refused = await oracle.rest('POST', 'invoices', { body: { InvoiceNumber: 'X' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/required/);
  });

  it('refuses a corruption it does not know', async () => {
    const refused = await oracle.control('PUT', '/faults', {
      rules: [{ match: invoices, corruptRate: 1, corruption: { kind: 'scramble' } }],
    });
    expect(refused.statusCode).toBe(400);
  });
});
