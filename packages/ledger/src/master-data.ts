import type { MasterRecord, PrismaClient, UpstreamSystem } from '@mlc/db';
import { storableJson, storableTextOrNull } from './storable.ts';

export interface MasterRecordInput {
  externalId: string;
  key?: string | null;
  name?: string | null;
  normalizedName?: string | null;
  active: boolean;
  /** Stored as JSON (the upstream's row as read). */
  data: unknown;
  contentHash: string;
  sourceUpdatedAt?: Date | null;
}

/**
 * Master data read from either side (suppliers and sites, business units, account combinations,
 * vendors…), cached per connection for matching and diffed by content hash: a row is only
 * rewritten when its content changed, and never with a version older (by sourceUpdatedAt) than
 * the one it holds.
 */
export class MasterData {
  private readonly prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.prisma = prisma;
  }

  /** Inserts new and changed rows; returns how many changed (new included). */
  async upsert(
    connectionId: string,
    system: UpstreamSystem,
    kind: string,
    records: readonly MasterRecordInput[],
  ): Promise<number> {
    return (await this.upsertChanged(connectionId, system, kind, records)).length;
  }

  /** `upsert`, returning the external ids of the rows that changed (new included). */
  async upsertChanged(
    connectionId: string,
    system: UpstreamSystem,
    kind: string,
    records: readonly MasterRecordInput[],
  ): Promise<string[]> {
    if (records.length === 0) return [];
    const unique = [...new Map(records.map((record) => [record.externalId, record])).values()];
    const changed = await this.prisma.$queryRaw<{ external_id: string }[]>`
      INSERT INTO master_records AS m (connection_id, system, kind, external_id, key, name, normalized_name, active,
                                       data, content_hash, source_updated_at, seen_at)
      SELECT ${connectionId}, ${system}::upstream_system, ${kind}, t.external_id, t.key, t.name, t.normalized_name,
             t.active, t.data, t.content_hash, t.source_updated_at, now()
      FROM unnest(
        ${unique.map((r) => r.externalId)}::text[],
        ${unique.map((r) => storableTextOrNull(r.key))}::text[],
        ${unique.map((r) => storableTextOrNull(r.name))}::text[],
        ${unique.map((r) => storableTextOrNull(r.normalizedName))}::text[],
        ${unique.map((r) => r.active)}::boolean[],
        ${unique.map((r) => storableJson(r.data))}::jsonb[],
        ${unique.map((r) => r.contentHash)}::text[],
        ${unique.map((r) => r.sourceUpdatedAt ?? null)}::timestamptz[]
      ) AS t(external_id, key, name, normalized_name, active, data, content_hash, source_updated_at)
      ON CONFLICT (connection_id, system, kind, external_id) DO UPDATE SET
        key = EXCLUDED.key, name = EXCLUDED.name, normalized_name = EXCLUDED.normalized_name,
        active = EXCLUDED.active, data = EXCLUDED.data, content_hash = EXCLUDED.content_hash,
        source_updated_at = EXCLUDED.source_updated_at, seen_at = now()
      WHERE m.content_hash <> EXCLUDED.content_hash
        -- A scan that read a row before a writer wrote it through must not bring the old one back.
        AND (m.source_updated_at IS NULL OR EXCLUDED.source_updated_at IS NULL
             OR EXCLUDED.source_updated_at >= m.source_updated_at)
      RETURNING m.external_id`;
    return changed.map((row) => row.external_id);
  }

  /** After a full scan: rows not seen since `scanStartedAt` no longer exist upstream. */
  async deactivateUnseen(
    connectionId: string,
    system: UpstreamSystem,
    kind: string,
    seenIds: readonly string[],
  ): Promise<number> {
    const { count } = await this.prisma.masterRecord.updateMany({
      where: { connectionId, system, kind, active: true, externalId: { notIn: [...seenIds] } },
      data: { active: false },
    });
    return count;
  }

  list(
    connectionId: string,
    system: UpstreamSystem,
    kind: string,
    options: { activeOnly?: boolean } = {},
  ): Promise<MasterRecord[]> {
    return this.prisma.masterRecord.findMany({
      where: { connectionId, system, kind, ...(options.activeOnly ? { active: true } : {}) },
      orderBy: { externalId: 'asc' },
    });
  }

  count(connectionId: string, system: UpstreamSystem, kind: string): Promise<number> {
    return this.prisma.masterRecord.count({ where: { connectionId, system, kind } });
  }
}
