export * from './contract.ts';
export * from './queues.ts';
export { buildJobId, escapeJobIdPart, shortHash } from './job-id.ts';
export { createRedis, waitForRedis, type RedisRole } from './redis.ts';
export {
  openQueue,
  openAllQueues,
  addJob,
  enqueuePollRun,
  type QueueConnection,
  type QueueName,
} from './queue-factory.ts';
export {
  startWorker,
  decideByErrorClass,
  type FailureDecision,
  type JobContext,
  type JobHandlers,
  type ManagedWorker,
  type StartWorkerOptions,
} from './worker.ts';
export { outboxEntry, writeOutbox, type OutboxEntry, type OutboxWriter } from './outbox.ts';
export { OutboxRelay, outboxChannel, type OutboxRelayOptions } from './outbox-relay.ts';
