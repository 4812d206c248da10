import type { LedgerEntity, LedgerRecord, LedgerStatus, Prisma, PrismaClient } from '@mlc/db';
import { z } from 'zod';
import { assertConnectionExists } from './connections.ts';
import { InvalidRequestError, recordNotFound } from './errors.ts';

export const ledgerStatuses = [
  'pending',
  'mapped',
  'writing',
  'synced',
  'blocked',
  'failed',
  'uncertain',
  'skipped',
  'superseded',
] as const satisfies readonly LedgerStatus[];

export const ledgerEntities = [
  'purchase_order',
  'requisition',
  'bill',
  'invoice_payment',
  'procurify_payment',
  'vendor',
  'supplier',
  'gl_account',
  'cost_center',
  'business_unit',
] as const satisfies readonly LedgerEntity[];

/** Which timestamp `from`/`to` apply to. */
export const ledgerDateFields = ['updatedAt', 'firstSeenAt', 'sourceUpdatedAt', 'syncedAt'] as const;

export interface LedgerFilter {
  status?: readonly LedgerStatus[];
  entity?: readonly LedgerEntity[];
  /** Inclusive lower bound on `dateField`. */
  from?: Date;
  /** Exclusive upper bound on `dateField`. */
  to?: Date;
  dateField?: (typeof ledgerDateFields)[number];
  /** Case-insensitive text in the source id or number, the target number or the reason. */
  text?: string;
}

export interface LedgerQuery extends LedgerFilter {
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** A ledger record as lists show it: everything but the payloads and the history. */
export interface LedgerItem {
  id: string;
  entity: LedgerEntity;
  sourceId: string;
  sourceNumber: string | null;
  status: LedgerStatus;
  targetId: string | null;
  targetNumber: string | null;
  reason: string | null;
  errorClass: string | null;
  errorCode: string | null;
  blockedOn: string[];
  attempts: number;
  replays: number;
  firstSeenAt: string;
  updatedAt: string;
  sourceUpdatedAt: string | null;
  lastAttemptAt: string | null;
  syncedAt: string | null;
}

export interface LedgerPage {
  items: LedgerItem[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
  /** Records matching the filter, over every page. */
  total: number;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toLedgerItem(record: LedgerRecord): LedgerItem {
  return {
    id: record.id,
    entity: record.entity,
    sourceId: record.sourceId,
    sourceNumber: record.sourceNumber,
    status: record.status,
    targetId: record.targetId,
    targetNumber: record.targetNumber,
    reason: record.reason,
    errorClass: record.errorClass,
    errorCode: record.errorCode,
    blockedOn: record.blockedOn,
    attempts: record.attempts,
    replays: record.replays,
    firstSeenAt: record.firstSeenAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    sourceUpdatedAt: iso(record.sourceUpdatedAt),
    lastAttemptAt: iso(record.lastAttemptAt),
    syncedAt: iso(record.syncedAt),
  };
}

/** The Prisma filter of a ledger query (also used by replay to pick records). */
export function ledgerWhere(connectionId: string, filter: LedgerFilter): Prisma.LedgerRecordWhereInput {
  const and: Prisma.LedgerRecordWhereInput[] = [{ connectionId }];
  if (filter.status?.length) and.push({ status: { in: [...filter.status] } });
  if (filter.entity?.length) and.push({ entity: { in: [...filter.entity] } });
  const field = filter.dateField ?? 'updatedAt';
  if (filter.from) and.push({ [field]: { gte: filter.from } });
  if (filter.to) and.push({ [field]: { lt: filter.to } });
  const text = filter.text?.trim();
  if (text) {
    const contains = { contains: text, mode: 'insensitive' as const };
    and.push({
      OR: [
        { sourceId: contains },
        { sourceNumber: contains },
        { targetNumber: contains },
        { reason: contains },
      ],
    });
  }
  return { AND: and };
}

// Pages follow (updatedAt desc, id desc): newest activity first, ties broken by id, so the order
// is total and a cursor (the last row's pair) never repeats or skips a row that did not change.
const cursorSchema = z.object({ u: z.iso.datetime(), i: z.uuid() });

function encodeCursor(record: { updatedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ u: record.updatedAt.toISOString(), i: record.id })).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { updatedAt: new Date(parsed.u), id: parsed.i };
  } catch {
    throw new InvalidRequestError('cursor is not one this API issued', 'INVALID_CURSOR');
  }
}

/** Records of a connection matching the filter, newest activity first, one page at a time. */
export async function queryLedger(
  deps: { prisma: PrismaClient },
  connectionId: string,
  query: LedgerQuery,
): Promise<LedgerPage> {
  const { prisma } = deps;
  await assertConnectionExists(prisma, connectionId);
  if (query.from && query.to && query.from >= query.to)
    throw new InvalidRequestError('`from` must be before `to`');
  const where = ledgerWhere(connectionId, query);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const pageWhere: Prisma.LedgerRecordWhereInput = after
    ? {
        AND: [
          where,
          {
            OR: [
              { updatedAt: { lt: after.updatedAt } },
              { updatedAt: after.updatedAt, id: { lt: after.id } },
            ],
          },
        ],
      }
    : where;
  const [rows, total] = await Promise.all([
    prisma.ledgerRecord.findMany({
      where: pageWhere,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    }),
    prisma.ledgerRecord.count({ where }),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toLedgerItem),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    total,
  };
}

export interface LedgerEventView {
  id: string;
  at: string;
  action: string;
  outcome: string;
  fromStatus: LedgerStatus | null;
  toStatus: LedgerStatus | null;
  httpStatus: number | null;
  message: string | null;
  details: unknown;
}

/** One record with everything known about it: the source document, the payload, every event. */
export interface LedgerRecordDetail extends LedgerItem {
  connectionId: string;
  sourceVersion: string | null;
  contentHash: string;
  syncedHash: string | null;
  /** The Procurify (or Oracle) document as the poller read it. */
  sourceSnapshot: unknown;
  /** What was (or would be) sent to the target system. */
  mappedPayload: unknown;
  details: unknown;
  /** Oldest first. */
  events: LedgerEventView[];
}

export async function getLedgerRecord(
  deps: { prisma: PrismaClient },
  recordId: string,
): Promise<LedgerRecordDetail> {
  const record = await deps.prisma.ledgerRecord.findUnique({
    where: { id: recordId },
    include: { events: { orderBy: { id: 'asc' } } },
  });
  if (!record) throw recordNotFound(recordId);
  return {
    ...toLedgerItem(record),
    connectionId: record.connectionId,
    sourceVersion: record.sourceVersion,
    contentHash: record.contentHash,
    syncedHash: record.syncedHash,
    sourceSnapshot: record.sourceSnapshot,
    mappedPayload: record.mappedPayload,
    details: record.details,
    events: record.events.map((event) => ({
      id: event.id.toString(),
      at: event.at.toISOString(),
      action: event.action,
      outcome: event.outcome,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      httpStatus: event.httpStatus,
      message: event.message,
      details: event.details,
    })),
  };
}
