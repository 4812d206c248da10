import { PermanentError, TransientError } from '@mlc/errors';
import type { KnownVersion } from '@mlc/ledger';
import { createLogger } from '@mlc/logger';
import { describe, expect, it } from 'vitest';
import {
  readDetails,
  recordLabel,
  sourceTimestamp,
  unreadableOutcome,
  type ListedRecord,
} from './unreadable-source.ts';

const logger = createLogger({ name: 'test', level: 'silent' });

const listed = (sourceId: string, sourceNumber: string | null = null): ListedRecord => ({
  sourceId,
  sourceNumber,
  sourceVersion: `2026-11-01T00:00:00Z|${sourceId}`,
  row: { uuid: sourceId },
});

const invalid = new PermanentError('Procurify sent bill b in a shape the connector cannot read', {
  code: 'UPSTREAM_UNEXPECTED_SHAPE',
  system: 'procurify',
  httpStatus: 200,
  upstreamMessage: 'items.0.total_cost: Invalid input (received null)',
});
const gone = new PermanentError('procurify has no GET ap/bills/:uuid (404): Not found.', {
  code: 'UPSTREAM_NOT_FOUND',
  system: 'procurify',
  httpStatus: 404,
});

function options(failures: Record<string, Error>, known: Map<string, KnownVersion> = new Map()) {
  return {
    what: 'bill',
    system: 'Procurify',
    known,
    concurrency: 2,
    logger,
    fetch: async (record: ListedRecord) => {
      const failure = failures[record.sourceId];
      if (failure) throw failure;
      return { uuid: record.sourceId, total: '10.00' };
    },
    version: (detail: { uuid: string; total: string }) => ({
      sourceId: detail.uuid,
      contentHash: `hash-${detail.uuid}`,
      snapshot: detail,
    }),
  };
}

describe('readDetails', () => {
  it('records a malformed record as failed and a vanished one as skipped, next to the readable ones', async () => {
    const versions = await readDetails(
      [listed('ok-1'), listed('bad', 'INV-1'), listed('gone'), listed('ok-2')],
      options({ bad: invalid, gone }),
    );
    expect(versions.map((version) => version.sourceId)).toEqual(['ok-1', 'bad', 'gone', 'ok-2']);
    const [, bad, vanished] = versions;
    expect(unreadableOutcome(bad!.snapshot)).toEqual({
      kind: 'failed',
      code: 'SOURCE_INVALID',
      reason:
        'Procurify sent bill INV-1 (bad) in a shape that breaks its API contract, so it was not sent: items.0.total_cost: Invalid input (received null). Correct the bill in Procurify (any edit makes the next poll read it again) or report it to Procurify support.',
    });
    expect(bad).toMatchObject({ sourceNumber: 'INV-1', sourceVersion: '2026-11-01T00:00:00Z|bad' });
    expect(unreadableOutcome(vanished!.snapshot)).toMatchObject({
      kind: 'skipped',
      reason: expect.stringMatching(/listed bill gone but answered 404 .*deleted or is no longer visible/),
    });
    expect(unreadableOutcome(versions[0]!.snapshot)).toBeUndefined();
  });

  it('leaves a record the ledger already has alone when it vanishes', async () => {
    const known = new Map<string, KnownVersion>([
      ['gone', { id: 'l1', sourceVersion: 'old', contentHash: 'h', status: 'synced' }],
    ]);
    expect(await readDetails([listed('gone')], options({ gone }, known))).toEqual([]);
  });

  it('still fails the poll on what is not the record’s fault (network, 5xx, 403)', async () => {
    const down = new TransientError('procurify failed with 502', { code: 'UPSTREAM_UNAVAILABLE' });
    await expect(readDetails([listed('a')], options({ a: down }))).rejects.toBe(down);
    const forbidden = new PermanentError('refused (403)', { code: 'UPSTREAM_FORBIDDEN', httpStatus: 403 });
    await expect(readDetails([listed('a')], options({ a: forbidden }))).rejects.toBe(forbidden);
    const bug = new TypeError('undefined is not a function');
    await expect(readDetails([listed('a')], options({ a: bug }))).rejects.toBe(bug);
  });

  it('gives the same unreadable version the same hash (a re-poll records nothing new)', async () => {
    const [first] = await readDetails([listed('bad')], options({ bad: invalid }));
    const [second] = await readDetails([listed('bad')], options({ bad: invalid }));
    expect(first!.contentHash).toBe(second!.contentHash);
  });
});

describe('helpers', () => {
  it('reads a source timestamp, or null for garbage', () => {
    expect(sourceTimestamp('2026-11-01T10:00:00Z')?.toISOString()).toBe('2026-11-01T10:00:00.000Z');
    expect(sourceTimestamp('sometime last week')).toBeNull();
    expect(sourceTimestamp('')).toBeNull();
    expect(sourceTimestamp(42)).toBeNull();
  });

  it('labels a record briefly and cleanly', () => {
    expect(recordLabel('INV\u0000-1')).toBe('INV -1');
    expect(recordLabel('V'.repeat(10_000))).toHaveLength(60);
    expect(recordLabel({ nested: true })).toBe('');
  });

  it('does not mistake a readable snapshot for an unreadable one', () => {
    expect(unreadableOutcome(null)).toBeUndefined();
    expect(unreadableOutcome('text')).toBeUndefined();
    expect(unreadableOutcome({ id: 1 })).toBeUndefined();
  });
});
