import type { ConnectionSettings, ConnectionStore } from '@mlc/connections';
import type { LedgerRecord, Prisma } from '@mlc/db';
import { PermanentError, RateLimitedError, summarizeError, SyncError, UncertainError } from '@mlc/errors';
import type { Ledger } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { poReference } from '@mlc/mapping';
import type { OracleClient, OracleInvoice, OraclePurchaseOrder } from '@mlc/oracle-client';
import type { RecordJobData } from '@mlc/queues';

export interface WriteDeps {
  ledger: Ledger;
  connections: ConnectionStore;
  clientFor: (settings: ConnectionSettings) => OracleClient;
  logger: Logger;
}

/** What the job should do after the service returns normally. */
export type WriteResult = { kind: 'done'; message: string } | { kind: 'paused'; reason: string };

interface Target {
  targetId: string;
  targetNumber: string | null;
  via: 'created' | 'adopted';
  details?: Record<string, unknown>;
}

const writableStates = ['mapped', 'writing', 'uncertain'] as const;

function invoiceKey(payload: unknown): { invoiceNumber: string; supplierNumber: string } {
  const body = payload as { InvoiceNumber?: unknown; SupplierNumber?: unknown };
  if (typeof body.InvoiceNumber !== 'string' || typeof body.SupplierNumber !== 'string') {
    throw new PermanentError('The mapped invoice has no InvoiceNumber/SupplierNumber: map it again', {
      code: 'BAD_PAYLOAD',
    });
  }
  return { invoiceNumber: body.InvoiceNumber, supplierNumber: body.SupplierNumber };
}

async function finishPurchaseOrder(
  client: OracleClient,
  found: OraclePurchaseOrder & { source: string },
  via: Target['via'],
): Promise<Target> {
  if (found.source === 'draftPurchaseOrders') await client.submitDraftPurchaseOrder(found.POHeaderId);
  const submitted = await client.getPurchaseOrder(found.POHeaderId, 'purchaseOrders');
  return {
    targetId: submitted.POHeaderId,
    targetNumber: submitted.OrderNumber ?? null,
    via,
    details: { oracleStatus: submitted.Status ?? null },
  };
}

/** Looks the document up by its natural key: a create that may have happened is adopted, never repeated. */
async function lookUp(
  client: OracleClient,
  settings: ConnectionSettings,
  record: LedgerRecord,
): Promise<Target | undefined> {
  if (record.entity === 'purchase_order') {
    const found = await client.findPurchaseOrderByReference(
      poReference(record.sourceId),
      settings.options.poReference,
    );
    return found ? finishPurchaseOrder(client, found, 'adopted') : undefined;
  }
  const invoice: OracleInvoice | undefined = await client.findInvoice(invoiceKey(record.mappedPayload));
  return invoice
    ? { targetId: invoice.InvoiceId, targetNumber: invoice.InvoiceNumber, via: 'adopted' }
    : undefined;
}

async function create(client: OracleClient, deps: WriteDeps, record: LedgerRecord): Promise<Target> {
  const payload = record.mappedPayload as Record<string, unknown>;
  if (record.entity === 'purchase_order') {
    const draft = await client.createDraftPurchaseOrder(payload);
    // The draft exists from here on: remember it, so a failed submit is finished, not re-created.
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      action: 'write.draft_created',
      outcome: 'ok',
      message: `draft purchase order ${draft.POHeaderId} created`,
      fields: { targetId: draft.POHeaderId },
    });
    return finishPurchaseOrder(client, { ...draft, source: 'draftPurchaseOrders' }, 'created');
  }
  try {
    const invoice = await client.createInvoice(payload);
    return { targetId: invoice.InvoiceId, targetNumber: invoice.InvoiceNumber, via: 'created' };
  } catch (error) {
    // Payables refuses a second invoice number for a supplier: if that invoice is ours (or was
    // keyed in by hand for the same bill), adopt it instead of failing.
    if (
      error instanceof PermanentError &&
      /already exists|duplicate/i.test(`${error.message} ${error.upstreamMessage ?? ''}`)
    ) {
      const existing = await client.findInvoice(invoiceKey(payload));
      if (existing)
        return {
          targetId: existing.InvoiceId,
          targetNumber: existing.InvoiceNumber,
          via: 'adopted',
          details: { adoptedAfter: 'duplicate invoice number' },
        };
    }
    throw error;
  }
}

/**
 * Writes one mapped record to Oracle, idempotently: ledger intent → (after any earlier attempt) a
 * look-up by natural key → create → submit (POs) → target ids recorded. An uncertain outcome is
 * resolved by the look-up on the next attempt, never by a blind retry.
 */
export async function writeRecord(
  deps: WriteDeps,
  job: RecordJobData,
  attempt: { isLast: boolean },
): Promise<WriteResult> {
  const record = await deps.ledger.get(job.ledgerId);
  if (!record) return { kind: 'done', message: 'record no longer exists' };
  if (record.contentHash !== job.contentHash) {
    await deps.ledger.note(record.id, {
      action: 'write.superseded',
      outcome: 'skipped',
      message: 'a newer version replaced this one',
    });
    return { kind: 'done', message: 'superseded' };
  }
  if (record.status === 'synced' && record.syncedHash === record.contentHash)
    return { kind: 'done', message: 'already synced' };
  if (!(writableStates as readonly string[]).includes(record.status))
    return { kind: 'done', message: `nothing to write (${record.status})` };

  const settings = await deps.connections.settings(record.connectionId);
  if (settings.status !== 'active')
    return { kind: 'paused', reason: `connection ${settings.id} is ${settings.status}` };
  const client = deps.clientFor(settings);
  const logger = deps.logger.child({
    connectionId: record.connectionId,
    ledgerId: record.id,
    entity: record.entity,
  });

  if (record.targetId && record.syncedHash && record.syncedHash !== record.contentHash) {
    // Written before, then changed in Procurify: never a second document. Show what differs.
    const message =
      record.entity === 'purchase_order'
        ? `changed in Procurify after Oracle PO ${record.targetNumber ?? record.targetId} was created; apply the change in Oracle (change order) and replay if needed`
        : `changed in Procurify after Oracle invoice ${record.targetNumber ?? record.targetId} was created; not sent again`;
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      to: 'synced',
      action: 'write.changed_after_sync',
      outcome: 'info',
      message,
      fields: {
        reason: message,
        details: { ...(record.details as object | null), attention: 'changed_after_sync' },
      },
    });
    return { kind: 'done', message: 'changed after sync: flagged' };
  }

  const mayExist = record.lastAttemptAt !== null || record.targetId !== null;
  const intent = await deps.ledger.transition(record.id, {
    expectHash: record.contentHash,
    expectStatus: writableStates,
    to: 'writing',
    action: 'write.intent',
    outcome: 'ok',
    message: mayExist
      ? 'writing to Oracle (an earlier attempt may have created it: looking it up first)'
      : 'writing to Oracle',
    fields: { incrementAttempts: true, lastAttemptAt: new Date() },
  });
  if (!intent) return { kind: 'done', message: 'another process is writing this record' };

  try {
    const target =
      (mayExist ? await lookUp(client, settings, record) : undefined) ?? (await create(client, deps, intent));
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      to: 'synced',
      action: target.via === 'created' ? 'write.created' : 'write.adopted',
      outcome: 'ok',
      message:
        target.via === 'created'
          ? `created in Oracle as ${target.targetNumber ?? target.targetId}`
          : `found in Oracle as ${target.targetNumber ?? target.targetId} (created by an earlier attempt); adopted, not created again`,
      fields: {
        targetId: target.targetId,
        targetNumber: target.targetNumber,
        syncedHash: record.contentHash,
        syncedAt: new Date(),
        reason: null,
        errorClass: null,
        errorCode: null,
        details: {
          ...(record.details as object | null),
          ...target.details,
        } as Prisma.InputJsonValue,
      },
    });
    logger.info(
      { targetId: target.targetId, targetNumber: target.targetNumber, via: target.via },
      'record synced to Oracle',
    );
    return { kind: 'done', message: `synced as ${target.targetNumber ?? target.targetId}` };
  } catch (error) {
    const summary = summarizeError(error);
    const httpStatus = error instanceof SyncError ? (error.httpStatus ?? null) : null;
    if (error instanceof RateLimitedError || summary.errorClass === 'auth') {
      // A 429 or a refused token means Oracle did not process the request: back to mapped.
      await deps.ledger.transition(record.id, {
        expectHash: record.contentHash,
        to: 'mapped',
        action: summary.errorClass === 'auth' ? 'write.paused' : 'write.rate_limited',
        outcome: 'error',
        httpStatus,
        message: summary.message,
        fields: {
          lastAttemptAt: mayExist ? new Date() : null,
          errorClass: summary.errorClass,
          errorCode: summary.code,
          reason:
            summary.errorClass === 'auth' ? `Paused: ${summary.message}` : `Waiting: ${summary.message}`,
        },
      });
      throw error;
    }
    const permanent = summary.errorClass === 'permanent' || summary.errorClass === 'mapping';
    const exhausted =
      attempt.isLast && (summary.errorClass === 'transient' || summary.errorClass === 'uncertain');
    const to = permanent
      ? 'failed'
      : exhausted
        ? summary.errorClass === 'uncertain'
          ? 'uncertain'
          : 'failed'
        : error instanceof UncertainError
          ? 'uncertain'
          : 'writing';
    const reason = permanent
      ? `Oracle rejected it: ${summary.message}`
      : exhausted
        ? `Gave up after ${record.attempts + 1} attempts: ${summary.message}${to === 'uncertain' ? ' (outcome unknown: a replay looks it up first)' : ''}`
        : `Retrying: ${summary.message}`;
    await deps.ledger.transition(record.id, {
      expectHash: record.contentHash,
      to,
      action: permanent ? 'write.failed' : 'write.attempt_failed',
      outcome: 'error',
      httpStatus,
      message: summary.message,
      fields: { reason, errorClass: summary.errorClass, errorCode: summary.code },
    });
    logger.warn({ errorClass: summary.errorClass, code: summary.code, to }, 'write attempt failed');
    throw error;
  }
}
