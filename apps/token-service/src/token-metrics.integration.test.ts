import { simulatorConnectionFile, startSimulators } from '@mlc/simulators';
import { test, testSecrets } from '@mlc/testing';
import { connectionClients, TokenServiceClient } from '@mlc/token-client';
import { describe, expect, onTestFinished } from 'vitest';
import { captureLogs, connectionStore, startTestTokenService } from './test-harness.ts';

/** One sample of token-service's GET /metrics, e.g. refreshes('oracle', 'ok', 'rejected'). */
async function refreshes(url: string, system: string, outcome: string, trigger: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((candidate) =>
      candidate.startsWith(
        `mlc_token_refreshes_total{system="${system}",outcome="${outcome}",trigger="${trigger}"} `,
      ),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('token-service metrics', () => {
  test('GET /metrics counts token requests by system, outcome and trigger', async ({ database, redis }) => {
    const { logger } = captureLogs('test');
    const sims = await startSimulators({ seed: 5, purchaseOrders: 2, bills: 2 });
    onTestFinished(() => sims.close());
    const service = await startTestTokenService({ database, redis }, logger);
    onTestFinished(() => service.close(2_000));
    const { store, vault } = connectionStore(database);
    await store.save(simulatorConnectionFile(sims, { id: 'metered' }), vault);
    const tokens = new TokenServiceClient({
      url: service.url,
      internalToken: testSecrets.INTERNAL_TOKEN,
      logger,
    });
    const clients = connectionClients(await store.settings('metered'), tokens, logger);

    // First use: a token on demand for each system.
    await clients.procurify.getCurrentUser();
    await clients.oracle.ping();
    expect(await refreshes(service.url, 'procurify', 'ok', 'on_demand')).toBe(1);
    expect(await refreshes(service.url, 'oracle', 'ok', 'on_demand')).toBe(1);

    // Oracle rejects the token (401): the client reports it, and the next token is a 'rejected' refresh.
    sims.oracle.core.tokens.expireAll();
    await clients.oracle.ping();
    expect(await refreshes(service.url, 'oracle', 'ok', 'rejected')).toBe(1);

    // The refresh job's path: a proactive refresh.
    await service.broker.refresh('metered', 'procurify');
    expect(await refreshes(service.url, 'procurify', 'ok', 'proactive')).toBe(1);

    // A token endpoint that refuses: counted as an error.
    sims.procurify.core.tokens.revoke();
    await expect(service.broker.refresh('metered', 'procurify')).rejects.toThrow(
      /invalid_client|rejected|credentials/i,
    );
    expect(await refreshes(service.url, 'procurify', 'error', 'proactive')).toBe(1);
    expect(await refreshes(service.url, 'oracle', 'ok', 'on_demand')).toBe(1);
  });
});
