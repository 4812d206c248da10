import { streamCatalog } from '@mlc/connections';
import { contentHash } from '@mlc/mapping';
import { emptyRecordResult, type Stream } from './stream.ts';

/**
 * Procurify locations (no change filter: a full scan on the master-data schedule, diffed by
 * hash). Their external ids are the default Oracle ship-to location codes.
 */
export const procurifyLocationsStream: Stream = {
  ...streamCatalog.locations,
  async run(context) {
    const { clients, masterData, settings } = context;
    const locations = await clients.procurify.listLocations();
    const changed = await masterData.upsert(
      settings.id,
      'procurify',
      'location',
      locations.map((location) => ({
        externalId: String(location.id),
        key: location.external_id ?? null,
        name: location.name,
        active: location.active ?? true,
        data: location,
        contentHash: contentHash(location),
      })),
    );
    await masterData.deactivateUnseen(
      settings.id,
      'procurify',
      'location',
      locations.map((location) => String(location.id)),
    );
    // Locations ⇄ business units: exact matches become mappings, close names suggestions.
    if (changed > 0) await context.masterSync.masterChanged(settings.id, 'procurify.location');
    return {
      watermark: context.startedAt,
      read: locations.length,
      recorded: { ...emptyRecordResult(), changed },
    };
  },
};
