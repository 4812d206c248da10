import type { ProcurifyClient } from '@mlc/procurify-client';
import type { TargetWriters } from '../target-writer.ts';

/** What procurify-writer can write, by ledger entity. */
export const procurifyWriters: TargetWriters<ProcurifyClient> = {};
