import type { OptimizedVendor, SimpleBill } from '@mlc/procurify-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSimulator, type ListOf, type TestSimulator } from './test-support.ts';

let sim: TestSimulator;
beforeEach(async () => {
  sim = await startTestSimulator({ scenario: { bills: 45 } });
});
afterEach(async () => {
  await sim.app.close();
});

const count = async (path: string) =>
  (await sim.api<ListOf<unknown>>('GET', path)).body.metadata.pagination.count;

describe('pagination', () => {
  it('walks `next` links (absolute URLs on the request’s host) to the end over real HTTP', async () => {
    const base = await sim.app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { authorization: `Bearer ${sim.token}`, 'x-procurify-client': 'api' };
    let url: string | null = `${base}/api/v3/ap/bills/?page_size=7&search=`;
    const seen: number[] = [];
    const pages: ListOf<SimpleBill>['metadata']['pagination'][] = [];
    while (url) {
      expect(url.startsWith(`${base}/`)).toBe(true);
      const response = await fetch(url, { headers });
      expect(response.status).toBe(200);
      const body = (await response.json()) as ListOf<SimpleBill>;
      seen.push(...body.data.map((bill) => bill.id));
      pages.push(body.metadata.pagination);
      url = body.metadata.pagination.next;
    }
    expect(seen).toEqual(sim.scenario.bills.map((bill) => bill.id));
    expect(pages.map((page) => page.current_page)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pages.every((page) => page.num_pages === 7 && page.count === 45 && page.page_size === 7)).toBe(
      true,
    );
    expect(pages[1]!.next).toBe(`${base}/api/v3/ap/bills/?page=3&page_size=7&search=`);
    // DRF drops `page` from the link back to the first page.
    expect(pages[1]!.previous).toBe(`${base}/api/v3/ap/bills/?page_size=7&search=`);
    expect(pages[0]!.previous).toBeNull();
  });

  it('defaults to 10 per page and lowers page_size above the cap to the cap', async () => {
    const small = await startTestSimulator({ pageSizeCap: 25, scenario: { bills: 45 } });
    const page = async (query: string) =>
      (await small.api<ListOf<SimpleBill>>('GET', `/api/v3/ap/bills/${query}`)).body;
    expect((await page('')).data).toHaveLength(10);
    const capped = await page('?page_size=1000');
    expect(capped.data).toHaveLength(25);
    expect(capped.metadata.pagination).toMatchObject({ page_size: 25, num_pages: 2 });
    expect((await page('?page_size=0')).data).toHaveLength(10);
    expect((await page('?page_size=abc')).data).toHaveLength(10);
    const defaultCap = await sim.api<ListOf<SimpleBill>>('GET', '/api/v3/ap/bills/?page_size=5000');
    expect(defaultCap.body.metadata.pagination.page_size).toBe(100);
    await small.app.close();
  });

  it('answers 404 "Invalid page." beyond the last page, and serves page=last', async () => {
    const beyond = await sim.api('GET', '/api/v3/ap/bills/?page=99');
    expect(beyond.status).toBe(404);
    expect(beyond.body).toEqual({ detail: 'Invalid page.' });
    expect((await sim.api('GET', '/api/v3/ap/bills/?page=0')).status).toBe(404);
    const last = await sim.api<ListOf<SimpleBill>>('GET', '/api/v3/ap/bills/?page=last');
    expect(last.body.metadata.pagination.current_page).toBe(5);
    expect(last.body.data).toHaveLength(5);
  });
});

describe('query parameters', () => {
  it('ignores parameters it does not know', async () => {
    const plain = await sim.api<ListOf<OptimizedVendor>>('GET', '/api/v3/vendors/');
    const noisy = await sim.api<ListOf<OptimizedVendor>>(
      'GET',
      '/api/v3/vendors/?modified_since=2025-01-01&colour=blue&nmae=x',
    );
    expect(noisy.status).toBe(200);
    expect(noisy.body.data).toEqual(plain.body.data);
    expect(await count('/api/v3/ap/bills/?last_modified_datetim_0=2099-01-01T00:00:00Z')).toBe(45);
  });

  it('treats date filters as date-only and bills’ last_modified_datetime as date-time', async () => {
    const bill = sim.scenario.bills[4]!;
    const day = bill.modifiedAt.slice(0, 10);
    // A date-only bound on a date-time filter means midnight UTC.
    expect(await count(`/api/v3/ap/bills/?last_modified_datetime_0=${day}`)).toBe(
      sim.scenario.bills.filter((candidate) => candidate.modifiedAt >= `${day}T00:00:00.000Z`).length,
    );
    // The deprecated date-only modified_date_1 includes the whole day; a date-time bound does not.
    expect(await count(`/api/v3/ap/bills/?modified_date_1=${day}`)).toBe(
      sim.scenario.bills.filter((candidate) => candidate.modifiedAt.slice(0, 10) <= day).length,
    );
    expect(await count(`/api/v3/ap/bills/?last_modified_datetime_1=${day}`)).toBe(
      sim.scenario.bills.filter((candidate) => candidate.modifiedAt <= `${day}T00:00:00.000Z`).length,
    );
    expect(
      (await sim.api('GET', `/api/v3/ap/bills/?modified_date_1=${encodeURIComponent(bill.modifiedAt)}`))
        .status,
    ).toBe(400);
  });
});

describe('URLs', () => {
  it('redirects a GET without the trailing slash (301, query kept) and 404s other methods', async () => {
    const get = await sim.api('GET', '/api/v3/vendors?name=x');
    expect(get.status).toBe(301);
    expect(get.headers['location']).toBe('/api/v3/vendors/?name=x');
    const detail = await sim.api('GET', '/api/v2/purchase_orders/1000');
    expect(detail.status).toBe(301);
    expect(detail.headers['location']).toBe('/api/v2/purchase_orders/1000/');

    const post = await sim.api('POST', '/api/v3/vendors', { body: { name: 'x' } });
    expect(post.status).toBe(404);
    const markAsPaid = await sim.api('POST', '/api/v3/ap/bills/mark-as-paid', {
      body: { bill_uuids: [], payment_date: '2025-01-01' },
    });
    expect(markAsPaid.status).toBe(404);
    expect((await sim.api('GET', '/api/v3/no-such-thing')).status).toBe(404);
  });

  it('answers 405 to a method a path does not serve', async () => {
    const response = await sim.api('DELETE', `/api/v2/ap/bills/${sim.scenario.bills[0]!.uuid}/`);
    expect(response.status).toBe(405);
    expect(response.body).toEqual({ detail: 'Method "DELETE" not allowed.' });
  });
});

describe('faults', () => {
  it('answers 503 with the load balancer’s page while a fault rule says so, then recovers', async () => {
    await sim.raw('PUT', '/_sim/faults', {
      body: {
        rules: [{ match: 'GET /api/v3/ap/bills/', serverErrorRate: 1, serverErrorStatuses: [503], times: 1 }],
      },
    });
    const faulted = await sim.api('GET', '/api/v3/ap/bills/');
    expect(faulted.status).toBe(503);
    expect(faulted.headers['content-type']).toMatch(/text\/html/);
    expect(faulted.text).toContain('503');
    expect((await sim.api('GET', '/api/v3/ap/bills/')).status).toBe(200);
  });

  it('answers 429 with DRF’s throttling body and Retry-After', async () => {
    await sim.raw('PUT', '/_sim/faults', {
      body: { rules: [{ match: '*', rateLimitRate: 1, retryAfterSeconds: 7 }] },
    });
    const response = await sim.api('GET', '/api/v3/users/me/');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body).toHaveProperty('detail');
  });

  it('still creates the vendor when the response is lost (lostResponseRate: 1)', async () => {
    const base = await sim.app.listen({ host: '127.0.0.1', port: 0 });
    await sim.raw('PUT', '/_sim/faults', {
      body: { rules: [{ match: 'POST /api/v3/vendors/', lostResponseRate: 1 }] },
    });
    const vendor = {
      name: 'Lost Response Supply Co',
      email: ['ap@lost.example'],
      type: 4,
      overall_score: null,
    };
    const attempt = fetch(`${base}/api/v3/vendors/`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sim.token}`,
        'x-procurify-client': 'api',
        'content-type': 'application/json',
      },
      body: JSON.stringify(vendor),
    });
    await expect(attempt).rejects.toThrow('fetch failed');
    const listed = await sim.api<ListOf<OptimizedVendor>>(
      'GET',
      `/api/v3/vendors/?name=${encodeURIComponent(vendor.name)}`,
    );
    expect(listed.body.data.map((row) => row.name)).toEqual([vendor.name]);
    expect(sim.core.faults.injected.lost_response).toBe(1);
  });
});
