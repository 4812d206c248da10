import { PermanentError } from '@mlc/errors';
import type { Logger } from '@mlc/logger';
import type { ProcurifyClient } from '@mlc/procurify-client';

export interface MarkPaidBatchOptions {
  /** Bills per mark-as-paid request at most. */
  maxBills: number;
  /** How long the first bill of a batch waits for others to join it. */
  lingerMs: number;
}

/** Defaults: a payment run marks many bills paid on one date; 50 keeps each request modest. */
export const defaultMarkPaidBatchOptions: MarkPaidBatchOptions = { maxBills: 50, lingerMs: 200 };

interface Waiter {
  uuid: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Batch {
  client: ProcurifyClient;
  connectionId: string;
  paymentDate: string;
  waiters: Waiter[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * Joins the mark-as-paid calls of one process into bounded batches (design: "bills are batched
 * per call"): write jobs of the same connection and payment date that are in flight together
 * share one `POST mark-as-paid` of up to `maxBills` bills, sent when the batch is full or
 * `lingerMs` after its first bill. Each job then reads its own bill back, so every bill is still
 * verified one by one and resolves its own ledger record.
 *
 * Procurify reports nothing per bill (procurify.md §7): when it refuses a batch of several bills
 * outright (4xx), each bill is sent again alone, so one bad bill never fails its neighbours. Any
 * other failure (5xx, timeout, 429) reaches every job of the batch, whose own retry and look-up
 * (read the bill; Paid → done) take over.
 */
export class MarkPaidBatcher {
  private readonly options: MarkPaidBatchOptions;
  private readonly logger: Logger | undefined;
  private readonly open = new Map<string, Batch>();

  constructor(options: Partial<MarkPaidBatchOptions> = {}, logger?: Logger) {
    this.options = { ...defaultMarkPaidBatchOptions, ...options };
    if (this.options.maxBills < 1) throw new RangeError('maxBills must be at least 1');
    this.logger = logger;
  }

  /** Resolves once a mark-as-paid request naming `billUuid` was accepted; rejects with its error. */
  markPaid(
    client: ProcurifyClient,
    key: { connectionId: string; paymentDate: string },
    billUuid: string,
  ): Promise<void> {
    const batchKey = `${key.connectionId}\u0000${key.paymentDate}`;
    return new Promise<void>((resolve, reject) => {
      let batch = this.open.get(batchKey);
      if (!batch) {
        const created: Batch = {
          client,
          connectionId: key.connectionId,
          paymentDate: key.paymentDate,
          waiters: [],
          timer: undefined,
        };
        created.timer = setTimeout(() => void this.flush(batchKey, created), this.options.lingerMs);
        this.open.set(batchKey, created);
        batch = created;
      }
      batch.waiters.push({ uuid: billUuid, resolve, reject });
      if (new Set(batch.waiters.map((waiter) => waiter.uuid)).size >= this.options.maxBills)
        void this.flush(batchKey, batch);
    });
  }

  /** Sends every open batch now (shutdown). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.open.entries()].map(([key, batch]) => this.flush(key, batch)));
  }

  private async flush(key: string, batch: Batch): Promise<void> {
    if (this.open.get(key) !== batch) return;
    this.open.delete(key);
    clearTimeout(batch.timer);
    const uuids = [...new Set(batch.waiters.map((waiter) => waiter.uuid))];
    try {
      await batch.client.markBillsPaid({ billUuids: uuids, paymentDate: batch.paymentDate });
      this.logger?.info(
        { connectionId: batch.connectionId, bills: uuids.length, paymentDate: batch.paymentDate },
        'bills marked paid in Procurify',
      );
      for (const waiter of batch.waiters) waiter.resolve();
    } catch (error) {
      if (error instanceof PermanentError && uuids.length > 1) {
        this.logger?.warn(
          { connectionId: batch.connectionId, bills: uuids.length, code: error.code },
          'Procurify refused a mark-as-paid batch: sending its bills one by one',
        );
        await Promise.all(uuids.map((uuid) => this.sendAlone(batch, uuid)));
        return;
      }
      for (const waiter of batch.waiters) waiter.reject(error);
    }
  }

  private async sendAlone(batch: Batch, uuid: string): Promise<void> {
    const waiters = batch.waiters.filter((waiter) => waiter.uuid === uuid);
    try {
      await batch.client.markBillsPaid({ billUuids: [uuid], paymentDate: batch.paymentDate });
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }
}
