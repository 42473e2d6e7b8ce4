import { loadConfig } from '../config/load-config.ts';
import { chooseDriver, createDriver, embeddedDatabaseExists } from '../store/create-driver.ts';
import { createStore } from '../store/create-store.ts';
import { pendingMigrations } from '../store/migrate.ts';
import type { Store } from '../store/store.ts';
import type { SqlDriver } from '../store/sql.ts';
import type { Config } from '../config/config-schema.ts';
import type { CliIo } from './command.ts';

/**
 * Runs `work` with a store on the configured database, closed afterwards (for the commands that read or decide).
 * An embedded database that does not exist is not created, and a database without our schema is not read: both
 * are said plainly instead of a driver's "relation does not exist".
 */
export const withStore = async <T>(io: CliIo, work: (store: Store) => Promise<T>): Promise<T> => {
  if (io.store) return work(io.store);
  const store = createStore(await openMigratedDatabase(loadConfig(io.env).database));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};

/** The configured database, when it exists and carries our whole schema; else an error that says which is missing. */
export const openMigratedDatabase = async (database: Config['database']): Promise<SqlDriver> => {
  if (chooseDriver(database) === 'pglite' && !embeddedDatabaseExists(database)) {
    throw new Error(`no database under ${database.dataDir} (start the pipeline with make run, or set DATABASE_URL)`);
  }
  const driver = await createDriver(database);
  try {
    const { schema, pending } = await pendingMigrations(driver);
    if (!schema) throw new Error('the database has no alerts-slm schema: run alerts-slm migrate');
    if (pending.length > 0) throw new Error(`the database's alerts-slm schema lacks ${pending.join(', ')}: run alerts-slm migrate`);
    return driver;
  } catch (error) {
    await driver.close();
    throw error;
  }
};
