import { Command } from 'commander';
import {
  connectionAddCommand,
  connectionListCommand,
  connectionTestCommand,
} from './commands/connection.command.ts';
import { keysRotateCommand } from './commands/keys.command.ts';
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

  const keys = program.command('keys').description('the master key that encrypts credentials');
  keys
    .command('rotate')
    .description('re-encrypt every credential under MLC_MASTER_KEY (old keys in MLC_MASTER_KEY_PREVIOUS)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => keysRotateCommand(options, output));

  return program;
}
