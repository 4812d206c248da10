import { Command } from 'commander';
import {
  connectionAddCommand,
  connectionListCommand,
  connectionTestCommand,
} from './commands/connection.command.ts';
import { keysRotateCommand } from './commands/keys.command.ts';
import { ledgerCommand } from './commands/ledger.command.ts';
import { mappingListCommand, mappingRemoveCommand, mappingSetCommand } from './commands/mapping.command.ts';
import { dryRunCommand } from './commands/dry-run.command.ts';
import { reconcileCommand } from './commands/reconcile.command.ts';
import { replayCommand } from './commands/replay.command.ts';
import { startableApps, startCommand } from './commands/start.command.ts';
import { syncCommand } from './commands/sync.command.ts';
import { migrateCommand } from './commands/migrate.command.ts';
import type { Output } from './output.ts';

/** The `mlc` command tree (design.md §3). Each command prints human-readable text, or JSON with --json. */
export function buildProgram(output: Output): Command {
  const program = new Command()
    .name('mlc')
    .description('ml-connector: keeps Procurify and Oracle Fusion Cloud ERP in sync')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('migrate')
    .description('apply pending database migrations (safe to run from several places at once)')
    .option('--json', 'print the result as JSON')
    .action((options: { json?: boolean }) => migrateCommand(options, output));

  const connection = program
    .command('connection')
    .description('customer connections (Procurify domain + Oracle pod)');
  connection
    .command('add')
    .description('create or update a connection from a JSON file (credentials are stored encrypted)')
    .requiredOption('--file <path>', 'connection file (see README)')
    .option('--json', 'print the stored connection as JSON')
    .action((options: { file: string; json?: boolean }) => connectionAddCommand(options, output));
  connection
    .command('list')
    .description('list connections (never shows secrets)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => connectionListCommand(options, output));
  connection
    .command('test')
    .description('check both systems: reach (DNS/TLS), token, permission')
    .argument('<id>', 'connection id')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      if (!(await connectionTestCommand(id, options, output))) process.exitCode = 1;
    });

  program
    .command('sync')
    .description('poll every stream of a connection now')
    .argument('<id>', 'connection id')
    .option('--wait', 'follow the polls and the pipeline until it drains, then print a summary')
    .option('--timeout-seconds <n>', 'how long --wait waits', '600')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { wait?: boolean; json?: boolean; timeoutSeconds?: string }) => {
      await syncCommand(id, options, output);
    });

  program
    .command('ledger')
    .description('records of a connection: state, target document, reason')
    .argument('<id>', 'connection id')
    .option('--status <status>', 'pending|mapped|writing|synced|blocked|failed|uncertain|skipped|superseded')
    .option('--entity <entity>', 'purchase_order|bill|…')
    .option('--limit <n>', 'at most this many records', '10000')
    .option('--json', 'print JSON (an array of records)')
    .action(
      async (id: string, options: { status?: string; entity?: string; limit?: string; json?: boolean }) => {
        await ledgerCommand(id, options, output);
      },
    );

  program
    .command('replay')
    .description('send failed, blocked or uncertain records through the pipeline again (never duplicates)')
    .argument('<id>', 'connection id')
    .option('--status <status>', 'failed|blocked|uncertain (default: all three)')
    .option('--record <rid...>', 'only these ledger record ids')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { status?: string; record?: string[]; json?: boolean }) => {
      await replayCommand(id, options, output);
    });

  const mapping = program
    .command('mapping')
    .description('vendor links and GL account, department, cost center and location mappings');
  mapping
    .command('list')
    .argument('<id>', 'connection id')
    .argument('[kind]', 'vendor|gl-account|department|cost-center|location')
    .option('--json', 'print JSON')
    .action(async (id: string, kind: string | undefined, options: { json?: boolean }) => {
      await mappingListCommand(id, kind, options, output);
    });
  mapping
    .command('set')
    .description(
      'e.g. set ID vendor PROCURIFY_VENDOR_ID ORACLE_SUPPLIER_NUMBER [--site SITE]; set ID department PROCURIFY_DEPARTMENT_ID ORACLE_VALUE',
    )
    .argument('<id>', 'connection id')
    .argument('<kind>', 'vendor|gl-account|department|cost-center|location')
    .argument('<procurifyKey>', 'Procurify vendor id, account code, department id or location id')
    .argument('<oracleValue>', 'Oracle supplier number, segment value or business unit')
    .option('--site <site>', 'vendor: the Oracle supplier site to use')
    .option('--business-unit <bu>', 'location: the Oracle business unit')
    .option('--procurement-bu <bu>', 'location: the Oracle procurement business unit')
    .option('--ship-to <code>', 'location: the Oracle ship-to location code')
    .option('--category <name>', 'gl-account: the Oracle purchasing category')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        kind: string,
        key: string,
        value: string,
        options: Record<string, string | boolean | undefined>,
      ) => {
        await mappingSetCommand(id, kind, key, value, options, output);
      },
    );
  mapping
    .command('remove')
    .argument('<id>', 'connection id')
    .argument('<kind>', 'vendor|gl-account|department|cost-center|location')
    .argument('<procurifyKey>', 'the Procurify key')
    .option('--json', 'print JSON')
    .action(async (id: string, kind: string, key: string, options: { json?: boolean }) => {
      await mappingRemoveCommand(id, kind, key, options, output);
    });

  program
    .command('reconcile')
    .description(
      'Procurify approved bills vs Oracle AP invoices for a period: counts, amounts, matches, discrepancies (read-only)',
    )
    .argument('<id>', 'connection id')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (bill invoice date / Oracle InvoiceDate)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (inclusive)')
    .option('--json', 'print JSON: { summary, discrepancies }')
    .option('--csv', 'print CSV: one row per discrepancy, with a header')
    .action(async (id: string, options: { from: string; to: string; json?: boolean; csv?: boolean }) => {
      await reconcileCommand(id, options, output);
    });

  program
    .command('dry-run')
    .description(
      'what a sync would write now, payloads included, without writing anything or moving a cursor',
    )
    .argument('<id>', 'connection id')
    .option('--record <rid...>', 'map these ledger records instead of polling')
    .option('--json', 'print JSON: an array of { entity, sourceId, target, operation, payload, … }')
    .action(async (id: string, options: { record?: string[]; json?: boolean }) => {
      await dryRunCommand(id, options, output);
    });

  program
    .command('start')
    .description(
      `run apps in this one process, for development (default: all of ${startableApps.join(', ')})`,
    )
    .argument('[apps...]', 'the apps to run')
    .action(async (apps: string[]) => {
      await startCommand(apps, output);
    });

  const keys = program.command('keys').description('the master key that encrypts credentials');
  keys
    .command('rotate')
    .description('re-encrypt every credential under MLC_MASTER_KEY (old keys in MLC_MASTER_KEY_PREVIOUS)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => keysRotateCommand(options, output));

  return program;
}
