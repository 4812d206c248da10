import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@mlc/logger';
import { afterAll, describe, expect, it } from 'vitest';
import { UpstreamHttp } from './http-client.ts';

// A redirect is a property of the transport, which the simulators do not fake: two bare local
// servers stand in for an upstream that redirects and the host it points at (design.md §4
// "Security": a token only ever goes to the validated host).

const servers: Server[] = [];

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('UpstreamHttp and redirects', () => {
  it.each([
    ['GET', 302, 'read'],
    ['POST', 307, 'create'],
  ] as const)(
    'does not follow a %s answered %i: the token never reaches the other host',
    async (method, status, kind) => {
      const elsewhere: IncomingMessage[] = [];
      const other = await listen((request, response) => {
        elsewhere.push(request);
        response.end('{}');
      });
      const redirecting = await listen((_request, response) => {
        response.writeHead(status, { location: `${other}/collect` }).end();
      });
      const http = new UpstreamHttp({
        system: 'oracle',
        baseUrl: redirecting,
        logger: createLogger({ name: 'test', level: 'silent' }),
        auth: {
          getToken: async () => ({ authorization: 'Bearer not-for-elsewhere', fingerprint: 'f1' }),
          invalidate: async () => {},
        },
      });
      const attempt = http.request({
        method,
        path: 'invoices',
        kind,
        ...(method === 'POST' ? { json: {} } : {}),
      });
      await expect(attempt).rejects.toMatchObject({
        code: 'UPSTREAM_REJECTED',
        httpStatus: status,
        message: expect.stringContaining(`(${status}) to ${other}/collect`),
      });
      expect(elsewhere).toEqual([]);
    },
  );
});
