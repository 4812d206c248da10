import { createConnection } from 'node:net';
import { test } from '@mlc/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect } from 'vitest';
import { startPostgresProxy } from './postgres-proxy.ts';
import { startChaosRedis } from './redis-server.ts';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('the chaos run’s services', () => {
  test('the Postgres proxy passes queries through, and an outage cuts every connection and refuses new ones until it ends', async ({
    database,
  }) => {
    const url = new URL(database.url);
    const proxy = await startPostgresProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const client = new pg.Client({ connectionString: proxy.url(database.url) });
    client.on('error', () => undefined);
    try {
      await client.connect();
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
      expect(proxy.open).toBe(1);

      const outage = proxy.outage(500);
      await expect(client.query('SELECT 1')).rejects.toThrow(/Connection terminated|ECONNRESET/);
      expect(await refused(proxy.port)).toBe(true);
      expect(await outage).toBe(1);

      const again = new pg.Client({ connectionString: proxy.url(database.url) });
      await again.connect();
      expect((await again.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
      await again.end();
      expect(proxy.accepted).toBe(2);
    } finally {
      await client.end().catch(() => undefined);
      await proxy.close();
    }
  });

  test('a restart of the private Redis loses everything it held and answers on the same URL', async () => {
    const redis = await startChaosRedis();
    const client = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => 100 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.set('job', 'queued');
      await redis.restart(200);
      expect(redis.restarts).toBe(1);
      expect(await client.get('job')).toBeNull();
      expect(await client.dbsize()).toBe(0);
    } finally {
      client.disconnect();
      await redis.close();
    }
  });
});
