import type { LedgerEntity } from '@mlc/db';

export type TargetSystem = 'oracle' | 'procurify';

/**
 * Where each ledger entity is written, and whether a source change after the first write updates
 * the target in place (master data) or is only flagged (documents: never a second PO or invoice).
 */
export const entityTargets: Readonly<Record<LedgerEntity, { system: TargetSystem; updatable: boolean }>> = {
  purchase_order: { system: 'oracle', updatable: false },
  requisition: { system: 'oracle', updatable: false },
  bill: { system: 'oracle', updatable: false },
  procurify_payment: { system: 'oracle', updatable: false },
  vendor: { system: 'oracle', updatable: false },
  // A new version of a paid invoice (re-paid after a void) is written again: the writer reads the
  // bill first and adopts it when it is already Paid, so "again" never means a second payment.
  invoice_payment: { system: 'procurify', updatable: true },
  supplier: { system: 'procurify', updatable: true },
  gl_account: { system: 'procurify', updatable: true },
  cost_center: { system: 'procurify', updatable: true },
  business_unit: { system: 'procurify', updatable: true },
};

export const systemLabel: Readonly<Record<TargetSystem, string>> = {
  oracle: 'Oracle',
  procurify: 'Procurify',
};
