import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { createLogger } from '@mlc/logger';
import { describe, expect, it } from 'vitest';
import { TokenServiceClient } from './token-service-client.ts';

const logger = createLogger({ name: 'token-client-test', level: 'silent' });

async function unusedPort(): Promise<number> {
  const probe = createNetServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A stand-in token-service that hands out one token. */
function fakeTokenService(): Server {
  return createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ authorization: 'Bearer t-1', fingerprint: 'f-1', expiresAt: null }));
  });
}

describe('TokenServiceClient while token-service restarts', () => {
  it('waits through refused connections until token-service listens again', async () => {
    const port = await unusedPort();
    const client = new TokenServiceClient({
      url: `http://127.0.0.1:${port}`,
      internalToken: 'test-internal-token-0123456789',
      logger,
    });
    const server = fakeTokenService();
    let listening = false;
    const request = client.getToken('acme', 'oracle').then((token) => ({ token, listening }));
    // token-service comes back a moment later, on the same port.
    setTimeout(() => {
      server.listen(port, '127.0.0.1', () => {
        listening = true;
      });
    }, 400);
    try {
      const { token, listening: wasListening } = await request;
      expect(token.authorization).toBe('Bearer t-1');
      expect(wasListening).toBe(true);
    } finally {
      server.close();
    }
  });

  it('gives up with TOKEN_SERVICE_UNREACHABLE once the retry time is spent', async () => {
    const client = new TokenServiceClient({
      url: `http://127.0.0.1:${await unusedPort()}`,
      internalToken: 'test-internal-token-0123456789',
      logger,
      refusedRetryMs: 300,
    });
    await expect(client.getToken('acme', 'oracle')).rejects.toMatchObject({
      code: 'TOKEN_SERVICE_UNREACHABLE',
      errorClass: 'transient',
    });
  });
});
