import { readRepoFile } from './repo.ts';

/**
 * A compose project's `.env` for the tests: the four required secrets, in the shapes the apps
 * demand (fake values), and nothing else, so every other setting takes compose's default.
 */
export const sampleDotEnv: Readonly<Record<string, string>> = {
  POSTGRES_PASSWORD: 'compose-test-password',
  MLC_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  ADMIN_TOKEN: 'compose-test-admin-token-0123',
  INTERNAL_TOKEN: 'compose-test-internal-token-0123',
};

/** KEY=value lines of infra/compose.env.example (comments and blank lines skipped). */
export function composeEnvExample(): Map<string, string> {
  const entries = readRepoFile('infra', 'compose.env.example')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line): [string, string] => {
      const at = line.indexOf('=');
      return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
    });
  return new Map(entries);
}
