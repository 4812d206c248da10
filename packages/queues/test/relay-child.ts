// A relay that adds its first batch to Redis, reports it on stdout and then hangs with the batch's
// transaction open, so a test can SIGKILL it exactly between "added to Redis" and "commit".
import { createDatabase } from '@mlc/db';
import { createLogger } from '@mlc/logger';
import type { Queue } from 'bullmq';
import { OutboxRelay } from '../src/outbox-relay.ts';
import { openQueue } from '../src/queue-factory.ts';
import { mapQueue } from '../src/queues.ts';
import { createRedis } from '../src/redis.ts';

const [databaseUrl, redisUrl, prefix] = process.argv.slice(2) as [string, string, string];
const database = createDatabase({
  url: databaseUrl,
  poolSize: 2,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 120_000,
  applicationName: 'mlc-relay-child',
});
const queue = openQueue(mapQueue, { connection: createRedis(redisUrl, 'worker'), prefix });
const hangingQueue: Pick<Queue, 'addBulk'> = {
  async addBulk(jobs) {
    const added = await queue.addBulk(jobs);
    process.stdout.write(`added ${jobs.length}\n`);
    await new Promise(() => undefined);
    return added;
  },
};
const relay = new OutboxRelay({
  prisma: database.prisma,
  queues: { map: hangingQueue },
  logger: createLogger({ name: 'relay-child', level: 'silent' }),
  batchSize: 50,
});
await relay.deliverBatch();
