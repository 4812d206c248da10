import { CredentialVault, KeyRing } from '@mlc/vault';
import { withDatabase } from '../database.ts';
import { loadVaultEnv } from '../env.ts';
import type { Output } from '../output.ts';

/**
 * Re-encrypts every credential under MLC_MASTER_KEY. Run it after every app holds the new key as
 * MLC_MASTER_KEY and the old one in MLC_MASTER_KEY_PREVIOUS; then drop the old key.
 */
export async function keysRotateCommand(options: { json?: boolean }, output: Output): Promise<void> {
  const env = loadVaultEnv();
  const result = await withDatabase(env.DATABASE_URL, ({ prisma }) =>
    new CredentialVault(prisma, KeyRing.fromEnv(env.MLC_MASTER_KEY, env.MLC_MASTER_KEY_PREVIOUS)).rotate({
      onProgress: (done) => {
        if (!options.json) output.progress(`re-encrypted ${done} credential(s)…`);
      },
    }),
  );
  if (options.json) {
    output.json(result);
    return;
  }
  output.result(
    `Key rotation done: ${result.reencrypted} credential(s) re-encrypted under key version ${result.currentVersion}` +
      (result.retiredVersions.length ? `; retired version(s) ${result.retiredVersions.join(', ')}` : '') +
      (result.remaining
        ? `. ${result.remaining} credential(s) are under a key this command does not hold: add it to MLC_MASTER_KEY_PREVIOUS and run again.`
        : '.'),
  );
  if (result.remaining > 0) process.exitCode = 1;
}
