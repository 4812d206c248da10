// `prisma generate` without network access. Every Prisma CLI command first tries to download the
// native schema engine, although `generate` never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at
// any existing file skips the download. Where an engine is configured already, it is left alone.
import { spawnSync } from 'node:child_process';

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env['PRISMA_SCHEMA_ENGINE_BINARY'] ?? process.execPath,
};
const result = spawnSync('prisma', ['generate', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
  shell: false,
});
process.exit(result.status ?? 1);
