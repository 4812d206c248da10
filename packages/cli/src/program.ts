import { Command } from 'commander';
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

  return program;
}
