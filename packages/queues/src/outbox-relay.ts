import { setTimeout as delay } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import type { PrismaClient } from '@mlc/db';
import type { Logger } from '@mlc/logger';
import pg from 'pg';
import type { QueueContract } from './contract.ts';
import { queueContracts } from './queues.ts';

/** The outbox table's NOTIFY channel (see the init migration's trigger). */
export const outboxChannel = 'mlc_outbox';

interface OutboxRow {
  id: bigint;
  queue: string;
  job_name: string;
  job_id: string;
  payload: unknown;
  delay_ms: number;
}

export interface OutboxRelayOptions {
  prisma: PrismaClient;
  /** Queues by name; the relay only calls `addBulk`. */
  queues: Readonly<Record<string, Pick<Queue, 'addBulk'>>>;
  logger: Logger;
  /** For LISTEN (a dedicated connection); without it the relay only polls. */
  databaseUrl?: string;
  batchSize?: number;
  /** Poll interval when no notification arrives (a safety net, not the main trigger). */
  pollIntervalMs?: number;
}

/**
 * Moves committed outbox rows to BullMQ. Each batch is locked with FOR UPDATE SKIP LOCKED, added
 * to Redis, then deleted in the same transaction: several relays never take the same row, and a
 * relay killed mid-batch leaves its rows to the next one. Re-adding a row that reached Redis
 * before the crash is a no-op because BullMQ ignores an add whose job id already exists.
 */
export class OutboxRelay {
  private readonly options: Required<Omit<OutboxRelayOptions, 'databaseUrl'>> & { databaseUrl?: string };
  private readonly logger: Logger;
  private running = false;
  private loop: Promise<void> | undefined;
  private listening: Promise<void> | undefined;
  private listener: pg.Client | undefined;
  private wakeUp: (() => void) | undefined;
  private pendingWake = false;
  delivered = 0;

  constructor(options: OutboxRelayOptions) {
    this.options = { batchSize: 500, pollIntervalMs: 1_000, ...options };
    this.logger = options.logger.child({ module: 'outbox-relay' });
  }

  /** Delivers one batch; returns how many rows it moved. */
  async deliverBatch(): Promise<number> {
    const { prisma, queues, batchSize } = this.options;
    const moved = await prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<OutboxRow[]>`
          SELECT id, queue, job_name, job_id, payload, delay_ms FROM outbox
          ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return 0;
        const byQueue = new Map<string, OutboxRow[]>();
        for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
        for (const [name, queueRows] of byQueue) {
          const queue = queues[name];
          if (!queue) throw new Error(`Outbox row for unknown queue "${name}"`);
          const contract = (queueContracts as Record<string, QueueContract | undefined>)[name];
          await queue.addBulk(
            queueRows.map((row) => {
              const priority = contract?.priorityOf?.(row.payload);
              return {
                name: row.job_name,
                data: row.payload,
                opts: {
                  jobId: row.job_id,
                  ...(row.delay_ms > 0 ? { delay: row.delay_ms } : {}),
                  ...(priority === undefined ? {} : { priority }),
                },
              };
            }),
          );
        }
        const ids = rows.map((row) => row.id);
        await tx.$executeRaw`DELETE FROM outbox WHERE id = ANY(${ids}::bigint[])`;
        return rows.length;
      },
      { timeout: 60_000 },
    );
    this.delivered += moved;
    return moved;
  }

  /** Delivers until the outbox is empty (or only holds rows other relays have locked). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.deliverBatch();
      total += moved;
      if (moved < this.options.batchSize) return total;
    }
  }

  /** Makes a running relay look at the outbox now (same-process producers call it after commit). */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listening = this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.listening;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.pendingWake = false;
      try {
        const moved = await this.drain();
        if (moved > 0) this.logger.debug({ moved }, 'outbox rows delivered');
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn({ err: error, failures }, 'outbox delivery failed; will retry');
        await delay(Math.min(100 * 2 ** failures, 10_000));
        continue;
      }
      if (this.pendingWake) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollIntervalMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private async listen(): Promise<void> {
    const url = this.options.databaseUrl;
    if (!url) return;
    while (this.running) {
      const client = new pg.Client({ connectionString: url, application_name: 'mlc-outbox-listener' });
      this.listener = client;
      const closed = new Promise<void>((resolve) => {
        client.once('error', () => resolve());
        client.once('end', () => resolve());
      });
      try {
        await client.connect();
        client.on('notification', () => this.wake());
        await client.query(`LISTEN ${outboxChannel}`);
        if (this.running) await closed;
      } catch (error) {
        this.logger.debug({ err: error }, 'outbox listener disconnected');
      }
      await client.end().catch(() => undefined);
      if (this.running) await delay(1_000);
    }
  }
}
