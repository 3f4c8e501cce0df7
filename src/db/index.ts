export { openDb, providerOf, type Db, type OpenDbOptions, type Prisma } from './client.js';
export { migrate, loadMigrations, MigrationError, type MigrateResult } from './migrate.js';
