import { Writable } from 'node:stream';
import { AuthError, PermanentError, RateLimitedError, TransientError } from '@mlc/errors';
import { createLogger } from '@mlc/logger';
import { createSpecValidator } from '@mlc/procurify-api/validator';
import { startSimulators, type RunningSimulators } from '@mlc/simulators';
import {
  tokenFingerprint,
  type AccessToken,
  type TokenProvider,
  type UpstreamRequestEvent,
} from '@mlc/upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcurifyClient } from './procurify-client.ts';
import { requestProcurifyToken } from './token.ts';

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

/** A token provider that talks to the simulator directly and counts what happens. */
function provider() {
  let current: AccessToken | undefined;
  const stats = { issued: 0, invalidated: 0, authFailures: 0 };
  const tokens: TokenProvider = {
    async getToken() {
      if (!current) {
        const issued = await requestProcurifyToken({
          baseUrl: sims.procurify.url,
          ...sims.procurify.credentials,
          logger,
        });
        stats.issued += 1;
        current = {
          authorization: `Bearer ${issued.accessToken}`,
          fingerprint: tokenFingerprint(issued.accessToken),
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

beforeAll(async () => {
  sims = await startSimulators({ seed: 3, purchaseOrders: 30, bills: 30 });
});
afterAll(async () => {
  await sims.close();
});

describe('Procurify client against the simulator', () => {
  it('sends only requests the official OpenAPI file describes', async () => {
    const events: UpstreamRequestEvent[] = [];
    const { tokens } = provider();
    const client = createProcurifyClient({
      baseUrl: sims.procurify.url,
      auth: tokens,
      logger,
      pageSize: 7,
      observer: (event) => events.push(event),
    });
    const since = new Date(Date.now() - 60 * 86_400_000);
    const pos = [];
    for await (const page of client.listPurchasedOrders({ modifiedFrom: since })) pos.push(...page);
    await client.getPurchaseOrder(pos[0]!.procurify_PO);
    const bills = [];
    for await (const page of client.listBills({
      modifiedSince: since,
      modifiedUntil: new Date(Date.now() + 86_400_000),
    }))
      bills.push(...page);
    await client.getBill(bills[0]!.uuid);
    for await (const page of client.listPayments({ updatedAfter: since })) void page;
    for await (const page of client.listOrderItems({ lastModifiedFrom: since, isPurchased: true })) void page;
    for await (const page of client.listRequisitions({ modifiedFrom: since })) void page;
    await client.listVendors();
    await client.listAccountCodes();
    await client.listDepartments();
    await client.listLocations();
    await client.getCurrentUser();
    const approved = bills.find((bill) => bill.status === 2)!;
    await client.markBillsPaid({ billUuids: [approved.uuid], paymentDate: '2026-11-30' });
    const vendor = await client.createVendor({
      name: 'Spec Check Supplies',
      email: ['ap@spec.example'],
      type: 4,
      overall_score: null,
      external_id: '9001',
    });
    await client.updateVendor(vendor.id, { name: 'Spec Check Supplies Ltd' });

    expect(pos.length).toBe(30);
    expect(bills.length).toBe(30);
    const validator = await createSpecValidator();
    const problems = events.flatMap((event) => {
      const check = validator.validateRequest({
        method: event.method,
        path: new URL(event.url).pathname + new URL(event.url).search,
        headers: event.headers,
        body: event.body,
      });
      return check.errors.map((error) => `${event.method} ${event.url}: ${error}`);
    });
    expect(problems).toEqual([]);
    expect(new Set(events.map((event) => event.route)).size).toBeGreaterThanOrEqual(14);
    // Every request carried the header Procurify requires.
    expect(events.every((event) => event.headers['x-procurify-client'] === 'api')).toBe(true);
  });

  it('walks next links to the end and reuses one token', async () => {
    const { tokens, stats } = provider();
    const client = createProcurifyClient({ baseUrl: sims.procurify.url, auth: tokens, logger, pageSize: 4 });
    const pages: number[] = [];
    for await (const page of client.listPurchasedOrders({
      modifiedFrom: new Date(Date.now() - 90 * 86_400_000),
    }))
      pages.push(page.length);
    expect(pages).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    expect(stats.issued).toBe(1);
  });

  it('sets a malformed list row aside (onInvalid) and names what is wrong with a malformed detail', async () => {
    const { tokens } = provider();
    const client = createProcurifyClient({ baseUrl: sims.procurify.url, auth: tokens, logger, pageSize: 7 });
    const [bad, long] = sims.scenario.bills;
    const plant = (id: number, override: unknown) =>
      fetch(`${sims.procurify.url}/_sim/procurify/raw/bills/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(override),
      });
    await plant(bad!.id, {
      list: { set: { id: String(bad!.id) } },
      detail: { set: { 'items.0.total_cost': null, id: String(bad!.id) } },
    });
    // Longer than the spec's 1,000 characters: still readable (the connector cuts it anyway).
    await plant(long!.id, { detail: { set: { 'items.0.description': 'D'.repeat(10_000) } } });
    try {
      const invalid: { row: unknown; problems: string }[] = [];
      const read: string[] = [];
      for await (const page of client.listBills({}, { onInvalid: (row) => invalid.push(row) }))
        read.push(...page.map((bill) => bill.uuid));
      expect(read).toHaveLength(sims.scenario.bills.length - 1);
      expect(invalid).toEqual([
        {
          row: expect.objectContaining({ uuid: expect.any(String), id: String(bad!.id) }),
          problems: 'id: Invalid input: expected number, received string',
        },
      ]);
      // Without onInvalid, the same page fails as a whole.
      const whole = await (async () => {
        for await (const _page of client.listBills()) void _page;
      })().catch((error: unknown) => error);
      expect(whole).toMatchObject({ code: 'UPSTREAM_UNEXPECTED_SHAPE' });

      const uuid = (invalid[0]!.row as { uuid: string }).uuid;
      const detail = await client.getBill(uuid).catch((error: unknown) => error);
      expect(detail).toBeInstanceOf(PermanentError);
      expect(detail).toMatchObject({
        code: 'UPSTREAM_UNEXPECTED_SHAPE',
        upstreamMessage:
          'id: Invalid input: expected number, received string; items.0.total_cost: Invalid input (received null)',
      });
      expect((detail as Error).message).toBe(
        `Procurify sent bill ${uuid} in a shape the connector cannot read: id: Invalid input: expected number, received string; items.0.total_cost: Invalid input (received null)`,
      );
      const longUuid = read.find(
        (candidate) => candidate.replaceAll('-', '') === long!.uuid.replaceAll('-', ''),
      )!;
      expect((await client.getBill(longUuid)).items[0]?.description).toHaveLength(10_000);
    } finally {
      for (const bill of [bad!, long!])
        await fetch(`${sims.procurify.url}/_sim/procurify/raw/bills/${bill.id}`, { method: 'DELETE' });
    }
  });

  it('on 401 invalidates exactly the rejected token, refreshes once and succeeds', async () => {
    const { tokens, stats } = provider();
    const client = createProcurifyClient({ baseUrl: sims.procurify.url, auth: tokens, logger });
    await client.getCurrentUser();
    sims.procurify.core.tokens.expireAll();
    await expect(client.getCurrentUser()).resolves.toMatchObject({ email: expect.any(String) });
    expect(stats).toEqual({ issued: 2, invalidated: 1, authFailures: 0 });
  });

  it('a token rejected twice is an AuthError reported to the provider', async () => {
    const { tokens, stats } = provider();
    const client = createProcurifyClient({ baseUrl: sims.procurify.url, auth: tokens, logger });
    sims.procurify.core.faults.configure([{ match: 'GET /api/v3/users/me/', tokenMaxAgeSeconds: 0 }]);
    try {
      await expect(client.getCurrentUser()).rejects.toBeInstanceOf(AuthError);
      expect(stats.authFailures).toBe(1);
    } finally {
      sims.procurify.core.faults.clear();
    }
  });

  it('turns faults into the taxonomy with Procurify’s own words', async () => {
    const { tokens } = provider();
    const client = createProcurifyClient({
      baseUrl: sims.procurify.url,
      auth: tokens,
      logger,
      readRetries: 0,
    });
    sims.procurify.core.faults.configure([
      { match: 'GET /api/v3/users/me/', serverErrorRate: 1, serverErrorStatuses: [503] },
    ]);
    await expect(client.getCurrentUser()).rejects.toBeInstanceOf(TransientError);
    sims.procurify.core.faults.configure([
      { match: 'GET /api/v3/users/me/', rateLimitRate: 1, retryAfterSeconds: 30 },
    ]);
    const limited = await client.getCurrentUser().catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(30_000);
    sims.procurify.core.faults.clear();
    const invalid = await client
      .createVendor({ name: 'x'.repeat(300), email: [], type: 4, overall_score: null })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(PermanentError);
    expect((invalid as PermanentError).message).toMatch(
      /name: Ensure this field has no more than 150 characters/,
    );
  });

  it('reads are retried inline through short 429s and 5xx', async () => {
    const { tokens } = provider();
    const client = createProcurifyClient({
      baseUrl: sims.procurify.url,
      auth: tokens,
      logger,
      readRetries: 2,
    });
    sims.procurify.core.faults.configure([
      { match: 'GET /api/v3/users/me/', serverErrorRate: 1, times: 1 },
      { match: 'GET /api/v3/users/me/', rateLimitRate: 1, retryAfterSeconds: 0, times: 1 },
    ]);
    try {
      await expect(client.getCurrentUser()).resolves.toBeDefined();
    } finally {
      sims.procurify.core.faults.clear();
    }
  });

  it('refused credentials are an AuthError, and no log line carries a token or secret', async () => {
    await expect(
      requestProcurifyToken({
        baseUrl: sims.procurify.url,
        clientId: 'nobody',
        clientSecret: 'wrong',
        logger,
      }),
    ).rejects.toThrow(/refused the client credentials \(401\)/);
    const token = await requestProcurifyToken({
      baseUrl: sims.procurify.url,
      ...sims.procurify.credentials,
      logger,
    });
    const everything = logLines.join('\n');
    expect(everything).not.toContain(token.accessToken);
    expect(everything).not.toContain(sims.procurify.credentials.clientSecret);
    expect(everything).toContain('"route":"POST oauth/token"');
  });
});
