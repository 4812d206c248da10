import { describe, expect, it } from 'vitest';
import { createLogger } from '@mlc/logger';
import { Lifecycle } from './lifecycle.ts';

const logger = createLogger({ name: 'test', level: 'silent' });

describe('Lifecycle', () => {
  it('closes in reverse order, once', async () => {
    const order: string[] = [];
    const life = new Lifecycle({ logger, shutdownTimeoutMs: 1_000 });
    life.onShutdown('database', () => {
      order.push('database');
    });
    life.onShutdown('redis', () => {
      order.push('redis');
    });
    life.onShutdown('worker', async () => {
      order.push('worker');
    });
    const [first, second] = await Promise.all([life.shutdown('SIGTERM'), life.shutdown('SIGINT')]);
    expect(order).toEqual(['worker', 'redis', 'database']);
    expect([first, second]).toEqual([true, true]);
  });

  it('reports an unclean shutdown when a step fails or misses the deadline, and still runs the rest', async () => {
    const order: string[] = [];
    const life = new Lifecycle({ logger, shutdownTimeoutMs: 30 });
    life.onShutdown('database', () => {
      order.push('database');
    });
    life.onShutdown('stuck', () => new Promise<void>(() => undefined));
    life.onShutdown('broken', () => {
      throw new Error('boom');
    });
    expect(await life.shutdown('SIGTERM')).toBe(false);
    expect(order).toEqual(['database']);
  });
});
