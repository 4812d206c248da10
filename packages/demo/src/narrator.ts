import type { LedgerEntity, LedgerStatus, PrismaClient } from '@mlc/db';

export type Counts = Map<LedgerEntity, Map<LedgerStatus, number>>;

export const entityLabels: Partial<Record<LedgerEntity, string>> = {
  purchase_order: 'purchase orders',
  requisition: 'requisitions',
  bill: 'bills',
  invoice_payment: 'payment status',
  procurify_payment: 'Procurify payments',
  vendor: 'vendors → suppliers',
  supplier: 'suppliers → vendors',
  gl_account: 'GL accounts',
  cost_center: 'cost centers',
  business_unit: 'business units',
};

const working: LedgerStatus[] = ['pending', 'mapped', 'writing'];

export async function ledgerCounts(prisma: PrismaClient, connectionId: string): Promise<Counts> {
  const groups = await prisma.ledgerRecord.groupBy({
    by: ['entity', 'status'],
    where: { connectionId },
    _count: true,
  });
  const counts: Counts = new Map();
  for (const group of groups) {
    const byStatus = counts.get(group.entity) ?? new Map<LedgerStatus, number>();
    byStatus.set(group.status, group._count);
    counts.set(group.entity, byStatus);
  }
  return counts;
}

export function inFlight(counts: Counts): number {
  let total = 0;
  for (const byStatus of counts.values()) for (const status of working) total += byStatus.get(status) ?? 0;
  return total;
}

/** "40 bills: 31 synced · 6 blocked · 3 skipped" */
export function describeEntity(entity: LedgerEntity, byStatus: Map<LedgerStatus, number>): string {
  const total = [...byStatus.values()].reduce((sum, count) => sum + count, 0);
  const busy = working.reduce((sum, status) => sum + (byStatus.get(status) ?? 0), 0);
  const parts = [
    ...(['synced', 'blocked', 'failed', 'uncertain', 'skipped'] as const)
      .filter((status) => byStatus.get(status))
      .map((status) => `${byStatus.get(status)} ${status}`),
    ...(busy ? [`${busy} in flight`] : []),
  ];
  return `${total} ${entityLabels[entity] ?? entity}: ${parts.join(' · ')}`;
}

/** A fixed-width table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [
    line(header),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}
