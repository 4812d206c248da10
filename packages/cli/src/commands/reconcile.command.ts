import { ConnectionStore } from '@mlc/connections';
import { createLogger } from '@mlc/logger';
import {
  InvalidRequestError,
  reconcile,
  reconcileToCsv,
  type Discrepancy,
  type ReconcileReport,
} from '@mlc/operations';
import { TokenServiceClient } from '@mlc/token-client';
import { withDatabase } from '../database.ts';
import { loadUpstreamReadEnv } from '../env.ts';
import type { Output } from '../output.ts';

const amounts = (amount: Record<string, string>) =>
  Object.entries(amount)
    .map(([currency, value]) => `${value} ${currency}`)
    .join(' + ') || '0';

function side(discrepancy: Discrepancy): string {
  const { procurify: p, oracle: o } = discrepancy;
  return [
    p
      ? `bill ${p.billId} ${p.invoiceNumber ?? ''} ${p.amount ?? '?'} ${p.currency ?? ''}`.replace(
          /\s+/g,
          ' ',
        )
      : '',
    o
      ? `invoice ${o.invoiceNumber} (${o.invoiceId}) ${o.amount ?? '?'} ${o.currency ?? ''}`.replace(
          /\s+/g,
          ' ',
        )
      : '',
  ]
    .filter(Boolean)
    .join(' ↔ ');
}

/** The human-readable report: both sides, matches, totals per location, then each discrepancy. */
export function formatReport(report: ReconcileReport): string {
  const { summary } = report;
  const lines = [
    `Reconciliation of ${summary.connectionId}, ${summary.period.from} to ${summary.period.to}`,
    `  Procurify approved bills  ${String(summary.procurify.count).padStart(5)}   ${amounts(summary.procurify.amount)}`,
    `  Oracle invoices (ours)    ${String(summary.oracle.count).padStart(5)}   ${amounts(summary.oracle.amount)}${summary.oracle.otherInvoices ? `   (${summary.oracle.otherInvoices} other invoices not from Procurify left out)` : ''}`,
    `  Matched                   ${String(summary.matched).padStart(5)}`,
    '',
    '  Location                       Currency   Procurify            Oracle               Matched',
    ...summary.totals.map(
      (row) =>
        `  ${(row.location ?? row.locationId ?? '(no location)').slice(0, 30).padEnd(31)}${row.currency.padEnd(11)}${`${row.procurify.count} / ${row.procurify.amount}`.padEnd(21)}${`${row.oracle.count} / ${row.oracle.amount}`.padEnd(21)}${row.matched}`,
    ),
    '',
  ];
  if (report.discrepancies.length === 0) lines.push('No discrepancies.');
  else {
    lines.push(
      `${report.discrepancies.length} discrepancies: ${Object.entries(summary.discrepancies)
        .filter(([, count]) => count > 0)
        .map(([kind, count]) => `${count} ${kind}`)
        .join(', ')}`,
    );
    for (const discrepancy of report.discrepancies) {
      lines.push(`  ${discrepancy.kind.padEnd(21)} ${side(discrepancy)}`, `      ${discrepancy.message}`);
    }
  }
  return lines.join('\n');
}

/**
 * `mlc reconcile ID --from DATE --to DATE [--json|--csv]`: Procurify approved bills against Oracle
 * AP invoices for the period (read-only). Exit code 0 whether or not discrepancies are found: the
 * report is the result; an error (bad period, unreachable system) is the non-zero case.
 */
export async function reconcileCommand(
  id: string,
  options: { from: string; to: string; json?: boolean; csv?: boolean },
  output: Output,
): Promise<ReconcileReport> {
  if (options.json && options.csv) throw new InvalidRequestError('choose one of --json and --csv');
  const env = loadUpstreamReadEnv();
  const logger = createLogger({ name: 'mlc', level: 'silent' });
  const report = await withDatabase(env.DATABASE_URL, (database) =>
    reconcile(
      {
        prisma: database.prisma,
        connections: new ConnectionStore(database.prisma, {
          allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS,
        }),
        tokens: new TokenServiceClient({
          url: env.TOKEN_SERVICE_URL,
          internalToken: env.INTERNAL_TOKEN,
          logger,
          timeoutMs: 120_000,
        }),
        logger,
      },
      id,
      { from: options.from, to: options.to },
    ),
  );
  if (options.json) output.json(report);
  else if (options.csv) output.raw(reconcileToCsv(report));
  else output.result(formatReport(report));
  return report;
}
