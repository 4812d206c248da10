import { join } from 'node:path';

export { createDatabase, type Database, type DatabaseOptions } from './client.ts';
export {
  migrate,
  migrationsDir,
  readMigrations,
  MigrationError,
  type MigrateOptions,
  type MigrateResult,
} from './migrate.ts';
export { checkDrift, diffShapes, shapeFromDatabase, shapeFromSchema, type DatabaseShape } from './drift.ts';
export * from './generated/prisma/client.ts';

export const schemaPath = join(import.meta.dirname, '..', 'prisma', 'schema.prisma');
