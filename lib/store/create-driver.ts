import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import type { SqlDriver } from './sql.ts';

/** The driver the configuration asks for: Neon for *.neon.tech URLs, node-postgres for others, PGlite without a URL. */
export const chooseDriver = (database: Pick<Config['database'], 'url' | 'driver'>): SqlDriver['name'] => {
  if (database.driver !== 'auto') return database.driver;
  if (!database.url) return 'pglite';
  const host = new URL(database.url.reveal()).hostname;
  return host.endsWith('.neon.tech') ? 'neon' : 'pg';
};

/** Where the embedded database lives under DATA_DIR. */
export const embeddedDatabaseDir = (database: Pick<Config['database'], 'dataDir'>): string => join(database.dataDir, 'pgdata');

/** An embedded database was initialised there (PGlite, like initdb, writes PG_VERSION first). */
export const embeddedDatabaseExists = (database: Pick<Config['database'], 'dataDir'>): boolean =>
  existsSync(join(embeddedDatabaseDir(database), 'PG_VERSION'));

/** Creates the configured driver; each driver module is loaded only when chosen (cold start). */
export const createDriver = async (
  database: Config['database'],
  options: { memory?: boolean; onIdleError?: (e: Error) => void } = {},
): Promise<SqlDriver> => {
  const name = chooseDriver(database);
  if (name === 'pglite') {
    const { createPgliteDriver } = await import('./pglite-driver.ts');
    if (options.memory) return createPgliteDriver({ dataDir: null });
    mkdirSync(database.dataDir, { recursive: true });
    return createPgliteDriver({ dataDir: embeddedDatabaseDir(database) });
  }
  if (!database.url) throw new Error(`DATABASE_DRIVER=${name} needs DATABASE_URL`);
  const url = database.url.reveal();
  if (name === 'neon') {
    const { createNeonDriver } = await import('./neon-driver.ts');
    return createNeonDriver({ url, wsProxy: database.wsProxy, ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}) });
  }
  const { createPgDriver } = await import('./pg-driver.ts');
  return createPgDriver({ url, ...(options.onIdleError ? { onIdleError: options.onIdleError } : {}) });
};
