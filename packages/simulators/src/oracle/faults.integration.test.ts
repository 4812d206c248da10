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
