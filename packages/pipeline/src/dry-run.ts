import { activeStreams, type ConnectionStore } from '@mlc/connections';
import type { LedgerEntity, LedgerStatus, PrismaClient } from '@mlc/db';
import { Ledger, type RecordResult, type SourceVersion } from '@mlc/ledger';
import type { Logger } from '@mlc/logger';
import { connectionClients, type TokenServiceClient } from '@mlc/token-client';
import { entityTargets, systemLabel } from './entities.ts';
import { mapSource, type MapDeps } from './map/map-record.service.ts';
import type { MappingContextCache } from './map/mapping-context.ts';
import { noMasterSync } from './master/master-sync.ts';
import { streams } from './poll/streams/index.ts';

/** One record a sync would write, as design.md §3 shows dry-run output. */
export interface DryRunItem {
  entity: LedgerEntity;
  sourceId: string;
  /** Where the payload would go. */
  target: 'oracle' | 'procurify';
  /** create or update, or none (blocked, failed, skipped, in sync, already written: see status and reason). */
  operation: 'create' | 'update' | 'none';
  payload: unknown;
  status: 'mapped' | 'blocked' | 'failed' | 'skipped' | 'already_synced' | 'in_sync';
  reason: string | null;
  /** Whether the poll found the record new or changed (a chosen ledger record: its state). */
  found: 'new' | 'changed' | LedgerStatus;
}

export interface DryRunDeps {
  prisma: PrismaClient;
  connections: ConnectionStore;
  tokens: TokenServiceClient;
  cache: MappingContextCache;
  logger: Logger;
  detailConcurrency?: number;
}

/** Collects what a poll would record instead of recording it. */
class CollectingLedger {
  readonly versions: { entity: LedgerEntity; version: SourceVersion; found: 'new' | 'changed' }[] = [];
  private readonly ledger: Ledger;

  constructor(ledger: Ledger) {
    this.ledger = ledger;
  }

  knownVersions(...args: Parameters<Ledger['knownVersions']>) {
    return this.ledger.knownVersions(...args);
  }

  byTarget(...args: Parameters<Ledger['byTarget']>) {
    return this.ledger.byTarget(...args);
  }

  async recordSourceVersions(
    connectionId: string,
    entity: LedgerEntity,
    versions: readonly SourceVersion[],
  ): Promise<RecordResult> {
    const known = await this.ledger.knownVersions(
      connectionId,
      entity,
      versions.map((version) => version.sourceId),
    );
    const result: RecordResult = { inserted: 0, changed: 0, unchanged: 0 };
    for (const version of versions) {
      const previous = known.get(version.sourceId);
      if (previous?.contentHash === version.contentHash) {
        result.unchanged += 1;
        continue;
      }
      this.versions.push({ entity, version, found: previous ? 'changed' : 'new' });
      if (previous) result.changed += 1;
      else result.inserted += 1;
    }
    return result;
  }

  async requeue(): Promise<string[]> {
    return [];
  }
}

const noMasterData = {
  upsert: async () => 0,
  upsertChanged: async () => [],
  deactivateUnseen: async () => 0,
};

/**
 * What a sync would write, without writing anything: reads every stream as a poll
 * would (no cursor moves, nothing recorded), or takes the chosen ledger records, and maps them
 * with the connection's current mappings and master data. Upstreams only see GETs.
 */
export async function dryRun(
  deps: DryRunDeps,
  connectionId: string,
  options: { recordIds?: readonly string[] } = {},
): Promise<DryRunItem[]> {
  const settings = await deps.connections.settings(connectionId);
  const ledger = new Ledger(deps.prisma);
  const mapDeps: MapDeps = { prisma: deps.prisma, ledger, cache: deps.cache, logger: deps.logger };
  const sources: {
    entity: LedgerEntity;
    sourceId: string;
    contentHash: string;
    snapshot: unknown;
    targetId: string | null;
    targetNumber: string | null;
    found: DryRunItem['found'];
  }[] = [];

  if (options.recordIds?.length) {
    const records = await deps.prisma.ledgerRecord.findMany({
      where: { connectionId, id: { in: [...options.recordIds] } },
    });
    for (const record of records) {
      sources.push({ ...record, snapshot: record.sourceSnapshot, found: record.status });
    }
  } else {
    const collector = new CollectingLedger(ledger);
    const clients = connectionClients(settings, deps.tokens, deps.logger);
    const cursors = await deps.prisma.pollCursor.findMany({ where: { connectionId } });
    for (const definition of activeStreams(settings)) {
      const stream = streams.get(definition.name);
      if (!stream) continue;
      const cursor = cursors.find((candidate) => candidate.stream === definition.name);
      await stream.run({
        settings,
        clients,
        ledger: collector,
        masterData: noMasterData,
        masterSync: noMasterSync,
        watermark: cursor?.watermark ?? undefined,
        state: cursor?.state ?? undefined,
        startedAt: new Date(),
        detailConcurrency: deps.detailConcurrency ?? 8,
        logger: deps.logger,
      });
    }
    const known = new Map<string, { targetId: string | null; targetNumber: string | null }>();
    for (const entity of new Set(collector.versions.map((item) => item.entity))) {
      const rows = await deps.prisma.ledgerRecord.findMany({
        where: {
          connectionId,
          entity,
          sourceId: {
            in: collector.versions
              .filter((item) => item.entity === entity)
              .map((item) => item.version.sourceId),
          },
        },
        select: { sourceId: true, targetId: true, targetNumber: true },
      });
      for (const row of rows) known.set(`${entity}:${row.sourceId}`, row);
    }
    for (const { entity, version, found } of collector.versions) {
      const target = known.get(`${entity}:${version.sourceId}`);
      sources.push({
        entity,
        sourceId: version.sourceId,
        contentHash: version.contentHash,
        snapshot: version.snapshot,
        targetId: target?.targetId ?? null,
        targetNumber: target?.targetNumber ?? null,
        found,
      });
    }
  }

  const items: DryRunItem[] = [];
  for (const source of sources) {
    const { system: target, updatable } = entityTargets[source.entity];
    if (source.targetId && !updatable) {
      items.push({
        entity: source.entity,
        sourceId: source.sourceId,
        target,
        operation: 'none',
        payload: null,
        status: 'already_synced',
        reason: `already in ${systemLabel[target]} as ${source.targetNumber ?? source.targetId}; a changed version is flagged, never written twice`,
        found: source.found,
      });
      continue;
    }
    const { outcome, operation, inSync } = await mapSource(
      mapDeps,
      settings,
      {
        connectionId,
        entity: source.entity,
        sourceId: source.sourceId,
        contentHash: source.contentHash,
        sourceSnapshot: source.snapshot,
        targetId: source.targetId,
        targetNumber: source.targetNumber,
      },
      { rememberLinks: false },
    );
    if (inSync) {
      items.push({
        entity: source.entity,
        sourceId: source.sourceId,
        target,
        operation: 'none',
        payload: null,
        status: 'in_sync',
        reason: inSync.message,
        found: source.found,
      });
      continue;
    }
    items.push({
      entity: source.entity,
      sourceId: source.sourceId,
      target,
      operation: outcome.kind === 'mapped' ? (operation ?? 'create') : 'none',
      payload: outcome.kind === 'mapped' ? outcome.payload : null,
      status: outcome.kind,
      reason: outcome.kind === 'mapped' ? outcome.warnings.join('; ') || null : outcome.reason,
      found: source.found,
    });
  }
  return items;
}
