import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@mlc/logger';
import { checkReadiness, type ReadinessCheck } from './readiness.ts';
import { metricsText } from './exposition.ts';

export interface OpsServerOptions {
  /** 127.0.0.1 by default; containers set 0.0.0.0 so the orchestrator's probes reach it. */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** What /readyz checks, by name (e.g. postgres, redis). */
  checks: Readonly<Record<string, ReadinessCheck>>;
  logger: Logger;
  /** Each readiness check fails after this long. Default 2 s. */
  checkTimeoutMs?: number;
}

export interface OpsServer {
  /** e.g. http://127.0.0.1:3010 */
  url: string;
  port: number;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

const json = (response: ServerResponse, status: number, value: unknown) =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));

/**
 * The probe and metrics endpoints of a worker app (no HTTP API of its own): `/healthz` (the
 * process answers), `/readyz` (every dependency answers; 503 naming the ones that do not) and
 * `/metrics` (Prometheus text). Read-only and unauthenticated, so it listens on loopback unless
 * told otherwise.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const logger = options.logger.child({ module: 'ops-server' });
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return json(response, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'GET only' } });
    }
    switch (path) {
      case '/healthz':
        return json(response, 200, { ok: true });
      case '/readyz': {
        const report = await checkReadiness(options.checks, timeoutMs);
        return json(response, report.ready ? 200 : 503, { ok: report.ready, checks: report.checks });
      }
      case '/metrics': {
        const { contentType, body } = await metricsText();
        return send(response, 200, contentType, body);
      }
      default:
        return json(response, 404, { error: { code: 'NOT_FOUND', message: `no route ${path}` } });
    }
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error({ err: error, url: request.url }, 'ops endpoint failed');
      if (!response.headersSent)
        json(response, 500, { error: { code: 'INTERNAL', message: 'unexpected error' } });
      else response.destroy();
    });
  });
  // Probes come every few seconds; idle keep-alive sockets must not hold shutdown up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(
        new Error(`ops server cannot listen on ${options.host}:${options.port}: ${error.message}`, {
          cause: error,
        }),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });
  server.on('error', (error) => logger.error({ err: error }, 'ops server error'));
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url, host: options.host, port }, 'ops server listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
