import { describe, expect, it } from 'vitest';
import { recordJob, recordTokenRefresh, recordUpstreamRequest, routeLabel } from './metrics.ts';
import { metricsRegistry } from './registry.ts';

async function sample(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await metricsRegistry.getSingleMetric(name)?.get();
  return metric?.values.find(
    (value) =>
      Object.entries(labels).every(([key, expected]) => value.labels[key] === expected) &&
      !('le' in value.labels),
  )?.value;
}

describe('routeLabel', () => {
  it.each([
    ['GET', 'GET invoices/:id', 'invoices/:id'],
    ['POST', 'POST draftPurchaseOrders/:id/action/submit', 'draftPurchaseOrders/:id/action/submit'],
    ['GET', 'GET invoices/300000012345/child/invoiceLines', 'invoices/:id/child/invoiceLines'],
    ['GET', 'GET api/v2/ap/bills/847aae0d-dda0-43e3-be0b-8a0203e4920b/', 'api/v2/ap/bills/:id/'],
    ['GET', 'api/v3/vendors/57/?page=2', 'api/v3/vendors/:id/'],
  ])('%s %s → %s', (method, route, expected) => {
    expect(routeLabel(method, route)).toBe(expected);
  });
});

describe('recorders', () => {
  it('count upstream requests by status, or by the network error when no response came', async () => {
    const base = { system: 'oracle', method: 'GET', route: 'GET invoices/:id', durationSeconds: 0.2 };
    recordUpstreamRequest({ ...base, status: 200, errorCode: undefined });
    recordUpstreamRequest({ ...base, status: 200, errorCode: undefined });
    recordUpstreamRequest({ ...base, status: undefined, errorCode: 'ETIMEDOUT' });
    const labels = { system: 'oracle', route: 'invoices/:id', method: 'GET' };
    expect(await sample('mlc_upstream_requests_total', { ...labels, status: '200' })).toBe(2);
    expect(await sample('mlc_upstream_requests_total', { ...labels, status: 'ETIMEDOUT' })).toBe(1);
    const text = await metricsRegistry.metrics();
    expect(text).toContain(
      'mlc_upstream_request_duration_seconds_count{system="oracle",route="invoices/:id",method="GET"} 3',
    );
  });

  it('count job attempts and token refreshes with their labels', async () => {
    recordJob({ queue: 'map', job: 'map-record', outcome: 'retried', durationSeconds: 1.5 });
    recordTokenRefresh({ system: 'procurify', outcome: 'ok', trigger: 'proactive' });
    expect(await sample('mlc_jobs_total', { queue: 'map', job: 'map-record', outcome: 'retried' })).toBe(1);
    expect(
      await sample('mlc_token_refreshes_total', { system: 'procurify', outcome: 'ok', trigger: 'proactive' }),
    ).toBe(1);
    expect(await metricsRegistry.metrics()).toContain(
      'mlc_job_duration_seconds_bucket{le="2.5",queue="map",job="map-record",outcome="retried"} 1',
    );
  });
});
