import { readFile } from 'node:fs/promises';
import { ConnectionStore, type ConnectionView } from '@mlc/connections';
import { TokenServiceClient } from '@mlc/token-client';
import { createLogger } from '@mlc/logger';
import { CredentialVault, KeyRing } from '@mlc/vault';
import { withDatabase } from '../database.ts';
import { loadListEnv, loadTokenServiceEnv, loadVaultEnv } from '../env.ts';
import type { Output } from '../output.ts';

export async function connectionAddCommand(
  options: { file: string; json?: boolean },
  output: Output,
): Promise<void> {
  const env = loadVaultEnv();
  let input: unknown;
  try {
    input = JSON.parse(await readFile(options.file, 'utf8'));
  } catch (error) {
    throw new Error(
      `cannot read ${options.file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const { created, view } = await withDatabase(env.DATABASE_URL, async ({ prisma }) => {
    const vault = new CredentialVault(
      prisma,
      KeyRing.fromEnv(env.MLC_MASTER_KEY, env.MLC_MASTER_KEY_PREVIOUS),
    );
    const store = new ConnectionStore(prisma, { allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS });
    return store.save(input, vault);
  });
  if (options.json) output.json({ created, connection: view });
  else
    output.result(
      `${created ? 'Created' : 'Updated'} connection ${view.id} (${view.name}); credentials stored encrypted.`,
    );
}

function describe(view: ConnectionView): string {
  return [
    `${view.id}  ${view.name}  [${view.status}]${view.statusReason ? ` ${view.statusReason}` : ''}`,
    `  Procurify  ${view.procurify.baseUrl}   credentials ${view.credentials.procurify ? `stored ${view.credentials.procurify.storedAt}` : 'MISSING'}`,
    `  Oracle     ${view.oracle.restBaseUrl} (${view.oracle.authType})   credentials ${view.credentials.oracle ? `stored ${view.credentials.oracle.storedAt}` : 'MISSING'}`,
    `  every ${view.schedule.intervalMinutes} min (master data every ${view.schedule.masterDataIntervalMinutes} min)${view.options.dryRun ? '   DRY RUN' : ''}`,
  ].join('\n');
}

export async function connectionListCommand(options: { json?: boolean }, output: Output): Promise<void> {
  const env = loadListEnv();
  const views = await withDatabase(env.DATABASE_URL, ({ prisma }) =>
    new ConnectionStore(prisma, { allowInsecureUpstreams: env.MLC_ALLOW_INSECURE_UPSTREAMS }).list(),
  );
  if (options.json) output.json(views);
  else
    output.result(
      views.length === 0
        ? 'No connections yet: mlc connection add --file connection.json'
        : views.map(describe).join('\n\n'),
    );
}

interface TestReport {
  ok: boolean;
  checks: { system: string; step: string; ok: boolean; message: string; durationMs: number }[];
}

export async function connectionTestCommand(
  id: string,
  options: { json?: boolean },
  output: Output,
): Promise<boolean> {
  const env = loadTokenServiceEnv();
  const client = new TokenServiceClient({
    url: env.TOKEN_SERVICE_URL,
    internalToken: env.INTERNAL_TOKEN,
    logger: createLogger({ name: 'mlc', level: 'silent' }),
    timeoutMs: 120_000,
  });
  const report = (await client.testConnection(id)) as TestReport;
  if (options.json) {
    output.json(report);
    return report.ok;
  }
  for (const check of report.checks) {
    output.result(
      `${check.ok ? 'ok  ' : 'FAIL'}  ${check.system.padEnd(9)} ${check.step.padEnd(10)} ${check.message} (${check.durationMs} ms)`,
    );
  }
  output.result(
    report.ok ? `Connection ${id} works.` : `Connection ${id} has problems (see FAIL lines above).`,
  );
  return report.ok;
}
