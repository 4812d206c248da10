import { test } from '@mlc/testing';
import { describe, expect } from 'vitest';
import { Ledger } from './ledger.ts';

const connectionId = 'acme-mfg';

describe('Ledger', () => {
  test('records new, changed and unchanged source versions with events and map jobs in one transaction', async ({
    database,
  }) => {
    const { prisma } = database;
    await prisma.connection.create({
      data: {
        id: connectionId,
        name: 'Acme',
        procurifySubdomain: 'acme',
        oraclePodUrl: 'https://a.fa.us2.oraclecloud.com',
        oracleSettings: {},
        accounting: {},
        options: {},
      },
    });
    const ledger = new Ledger(prisma);
    const first = await ledger.recordSourceVersions(connectionId, 'bill', [
      { sourceId: 'b1', sourceVersion: 'v1', contentHash: 'hash-b1-aaaa', snapshot: { id: 1 } },
      { sourceId: 'b2', sourceVersion: 'v1', contentHash: 'hash-b2-aaaa', snapshot: { id: 2 } },
    ]);
    expect(first).toEqual({ inserted: 2, changed: 0, unchanged: 0 });
    expect(await prisma.outboxMessage.count()).toBe(2);
    expect(await prisma.ledgerEvent.count({ where: { action: 'source.recorded' } })).toBe(2);

    // Same content again (the version stamp moved): no event, no job, the stamp remembered.
    const second = await ledger.recordSourceVersions(connectionId, 'bill', [
      { sourceId: 'b1', sourceVersion: 'v2', contentHash: 'hash-b1-aaaa', snapshot: { id: 1 } },
    ]);
    expect(second).toEqual({ inserted: 0, changed: 0, unchanged: 1 });
    expect(await prisma.outboxMessage.count()).toBe(2);
    expect((await ledger.knownVersions(connectionId, 'bill', ['b1'])).get('b1')).toMatchObject({
      sourceVersion: 'v2',
    });

    // A synced record whose content changes goes back to pending and keeps its target.
    const b2 = (await ledger.knownVersions(connectionId, 'bill', ['b2'])).get('b2')!;
    await ledger.transition(b2.id, {
      to: 'synced',
      action: 'write.created',
      outcome: 'ok',
      fields: { targetId: '300', syncedHash: 'hash-b2-aaaa' },
    });
    const third = await ledger.recordSourceVersions(connectionId, 'bill', [
      {
        sourceId: 'b2',
        sourceVersion: 'v3',
        contentHash: 'hash-b2-bbbb',
        snapshot: { id: 2, note: 'changed' },
      },
    ]);
    expect(third).toEqual({ inserted: 0, changed: 1, unchanged: 0 });
    const changed = await ledger.get(b2.id);
    expect(changed).toMatchObject({
      status: 'pending',
      contentHash: 'hash-b2-bbbb',
      targetId: '300',
      syncedHash: 'hash-b2-aaaa',
    });
    const jobIds = (await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } })).map((row) => row.jobId);
    expect(jobIds).toHaveLength(3);
    expect(new Set(jobIds).size).toBe(3);
    const events = await prisma.ledgerEvent.findMany({ where: { ledgerId: b2.id }, orderBy: { id: 'asc' } });
    expect(events.map((event) => [event.action, event.fromStatus, event.toStatus])).toEqual([
      ['source.recorded', null, 'pending'],
      ['write.created', 'pending', 'synced'],
      ['source.changed', 'synced', 'pending'],
    ]);
  });

  test('a transition whose preconditions fail changes nothing', async ({ database }) => {
    const ledger = new Ledger(database.prisma);
    const row = (await ledger.knownVersions(connectionId, 'bill', ['b1'])).get('b1')!;
    const eventsBefore = await database.prisma.ledgerEvent.count({ where: { ledgerId: row.id } });
    expect(
      await ledger.transition(row.id, {
        expectHash: 'an-older-hash',
        to: 'mapped',
        action: 'map.mapped',
        outcome: 'ok',
      }),
    ).toBeUndefined();
    expect(
      await ledger.transition(row.id, {
        expectStatus: ['mapped'],
        to: 'writing',
        action: 'write.intent',
        outcome: 'ok',
      }),
    ).toBeUndefined();
    expect(await database.prisma.ledgerEvent.count({ where: { ledgerId: row.id } })).toBe(eventsBefore);

    const mapped = await ledger.transition(row.id, {
      expectHash: 'hash-b1-aaaa',
      expectStatus: ['pending'],
      to: 'mapped',
      action: 'map.mapped',
      outcome: 'ok',
      fields: { mappedPayload: { InvoiceNumber: 'INV-1' }, incrementAttempts: true },
    });
    expect(mapped).toMatchObject({
      status: 'mapped',
      attempts: 1,
      mappedPayload: { InvoiceNumber: 'INV-1' },
    });
  });

  test('byTarget finds records by their target document; a transition with `unblock` re-queues the records waiting on it', async ({
    database,
  }) => {
    const { prisma } = database;
    const ledger = new Ledger(prisma);
    const found = await ledger.byTarget(connectionId, 'bill', ['300', '999']);
    expect([...found.keys()]).toEqual(['300']);
    expect(found.get('300')).toMatchObject({ sourceId: 'b2', targetId: '300', snapshotId: '2' });

    // A payment waits for bill b1 to reach Oracle.
    await ledger.recordSourceVersions(connectionId, 'procurify_payment', [
      { sourceId: 'p1', contentHash: 'hash-p1-aaaa', snapshot: { id: 1 } },
    ]);
    const p1 = (await ledger.knownVersions(connectionId, 'procurify_payment', ['p1'])).get('p1')!;
    await ledger.transition(p1.id, {
      to: 'blocked',
      action: 'map.blocked',
      outcome: 'blocked',
      fields: { blockedOn: ['bill:b1'], reason: 'waits for bill b1' },
    });
    const b1 = (await ledger.knownVersions(connectionId, 'bill', ['b1'])).get('b1')!;
    const outboxBefore = await prisma.outboxMessage.count();
    await ledger.transition(b1.id, {
      to: 'synced',
      action: 'write.created',
      outcome: 'ok',
      fields: { targetId: '301' },
      unblock: { keys: ['bill:b1'], reason: 'bill b1 reached Oracle' },
    });
    expect(await ledger.get(p1.id)).toMatchObject({
      status: 'pending',
      blockedOn: [],
      reason: null,
      replays: 1,
    });
    expect(await prisma.outboxMessage.count()).toBe(outboxBefore + 1);
    const last = await prisma.ledgerEvent.findFirst({ where: { ledgerId: p1.id }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({
      action: 'requeued',
      toStatus: 'pending',
      message: 'bill b1 reached Oracle',
    });
  });

  test('ledger events are append-only', async ({ database }) => {
    await expect(database.pool.query("UPDATE sync_ledger_events SET message = 'rewritten'")).rejects.toThrow(
      /append-only/,
    );
  });
});
