import type { LedgerEntity } from '@mlc/db';
import { billMapper, purchaseOrderMapper } from './documents.mapper.ts';
import type { EntityMapper } from './entity-mapper.ts';

/** What the mapper can map, by ledger entity. */
export const entityMappers: Partial<Record<LedgerEntity, EntityMapper>> = {
  purchase_order: purchaseOrderMapper,
  bill: billMapper,
};
