import { chaosApps } from './app-supervisor.ts';
import type { ChaosResult } from './run.ts';

const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The run's summary, as printed at the end and pasted into docs/reliability.md. */
export function summarize(result: ChaosResult): string {
  const { profile } = result;
  const lines: string[] = [];
  const add = (line = '') => lines.push(line);
  add(
    `Chaos run "${profile.name}": ${profile.purchaseOrders} POs + ${profile.bills} bills (seed ${profile.seed})`,
  );
  add(
    `  duration: ${seconds(result.totalMs)} in all; chaos ${seconds(result.chaosMs)} (${result.finishedUnderChaos ? 'the pipeline finished under chaos' : 'stopped at the time limit'}), final sync and drain ${seconds(result.finalDrainMs)}`,
  );
  add('  kills (SIGKILL, then restart):');
  for (const app of chaosApps) {
    const stats = result.apps[app];
    add(
      `    ${app.padEnd(17)} ${String(stats.kills).padStart(4)} kills, back in ${seconds(median(stats.downtimesMs))} (median), ${stats.failedStarts} failed starts retried`,
    );
  }
  add(
    `  Redis restarted at ${seconds(result.redis.restartedAtMs)}: ${result.redis.recordsInFlight} records in flight, ${result.redis.jobsLost ?? '?'} record jobs lost; schedulers back ${seconds(result.redis.schedulersBackAfterMs)} later`,
  );
  add(
    `  Postgres restarted at ${seconds(result.postgres.restartedAtMs)} (${result.postgres.how}): ${result.postgres.connectionsCut} connections cut, ${result.postgres.backendsTerminated} backends terminated`,
  );
  add(
    `  tokens expired ${result.tokenExpiries} times (both systems, every ${profile.tokenExpiryEveryMs / 1000} s)`,
  );
  for (const side of ['procurify', 'oracle'] as const) {
    const injected = Object.entries(result.faults[side])
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ');
    add(`  faults injected by ${side}: ${injected || 'none'}`);
  }
  add(
    `  Oracle payments: ${result.payments.full} invoices paid in full, ${result.payments.partial} partially, ${result.payments.none} left unpaid`,
  );
  add('  ledger at the end:');
  for (const [entity, byStatus] of Object.entries(result.ledger))
    add(
      `    ${entity.padEnd(17)} ${Object.entries(byStatus)
        .map(([status, count]) => `${count} ${status}`)
        .join(', ')}`,
    );
  const interesting = Object.entries(result.events).filter(
    ([action]) => !action.startsWith('map.') || action.includes('error'),
  );
  add('  ledger events (retries and recoveries included):');
  for (const [action, count] of interesting.slice(0, 16)) add(`    ${String(count).padStart(6)}  ${action}`);
  add();
  if (result.problems.length === 0) {
    add('PASS: every record synced exactly once or explained in the ledger; no duplicate in either system');
  } else {
    add(`FAIL: ${result.problems.length} problems`);
    for (const problem of result.problems.slice(0, 50)) add(`  - ${problem}`);
    if (result.problems.length > 50)
      add(`  … and ${result.problems.length - 50} more (see the results file)`);
  }
  return lines.join('\n');
}
