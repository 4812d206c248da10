import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '@mlc/demo/processes';

export interface PostgresProxy {
  port: number;
  /** `serverUrl` with its host and port replaced by the proxy's. */
  url(serverUrl: string): string;
  /** Client connections open through the proxy now. */
  readonly open: number;
  /** Connections the proxy has carried so far. */
  readonly accepted: number;
  /**
   * A Postgres restart as the apps see it: every connection through the proxy is cut at once,
   * new ones are refused (nothing listens on the port) for `downMs`, then accepted again.
   * Resolves when the proxy listens again; returns how many connections were cut.
   */
  outage(downMs: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * A TCP proxy between the apps and PostgreSQL (node:net, one upstream connection per client
 * connection, bytes passed through untouched). The chaos run cannot restart the shared Postgres
 * server other agents and tests use, so it restarts the apps' view of it instead: for the apps a
 * refused or reset connection is exactly what a restarting server looks like.
 */
export async function startPostgresProxy(upstream: { host: string; port: number }): Promise<PostgresProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let accepted = 0;
  let server: Server | undefined;

  const handle = (client: Socket) => {
    accepted += 1;
    client.setNoDelay(true);
    const postgres = connect({ host: upstream.host, port: upstream.port });
    postgres.setNoDelay(true);
    sockets.add(client);
    sockets.add(postgres);
    const cut = () => {
      client.destroy();
      postgres.destroy();
      sockets.delete(client);
      sockets.delete(postgres);
    };
    client.on('error', cut).on('close', cut);
    postgres.on('error', cut).on('close', cut);
    client.pipe(postgres);
    postgres.pipe(client);
  };
  const listen = async () => {
    const next = createServer(handle);
    next.listen(port, '127.0.0.1');
    await once(next, 'listening');
    server = next;
  };
  const stopListening = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    // close() stops accepting at once; its callback waits for open connections, which we cut.
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };

  await listen();
  return {
    port,
    url(serverUrl) {
      const url = new URL(serverUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    get open() {
      return sockets.size / 2;
    },
    get accepted() {
      return accepted;
    },
    async outage(downMs) {
      const cut = sockets.size / 2;
      await stopListening();
      await delay(downMs);
      await listen();
      return cut;
    },
    close: stopListening,
  };
}
