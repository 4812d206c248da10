import { migrate } from '@mlc/db';
import { loadDatabaseEnv } from '../env.ts';
import type { Output } from '../output.ts';

export async function migrateCommand(options: { json?: boolean }, output: Output): Promise<void> {
  const env = loadDatabaseEnv();
  const result = await migrate({
    url: env.DATABASE_URL,
    onApplied: (name, durationMs) => {
      if (!options.json) output.progress(`applied ${name} (${Math.round(durationMs)} ms)`);
    },
    onChecksumMismatch: (name) =>
      output.progress(
        `warning: ${name} was changed after it was applied; the database keeps the old version`,
      ),
  });
  if (options.json) {
    output.json(result);
    return;
  }
  output.result(
    result.applied.length === 0
      ? `Database is up to date (${result.alreadyApplied.length} migrations).`
      : `Applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied.`,
  );
}
