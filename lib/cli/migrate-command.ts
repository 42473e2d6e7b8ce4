import { loadConfig } from '../config/load-config.ts';
import { createDriver } from '../store/create-driver.ts';
import { migrate } from '../store/migrate.ts';
import type { Command } from './command.ts';

/** `alerts-slm migrate`: applies pending migrations to the configured database (the in-cluster Job runs this). */
export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'apply the pending database migrations (DATABASE_URL, or the embedded database under DATA_DIR)',
  usesStore: true,
  async run(_args, io) {
    // Inside the running local pipeline, its database is already migrated: say so.
    if (io.store) {
      io.out('the running local pipeline migrated its database at start');
      return 0;
    }
    const config = loadConfig(io.env);
    const driver = await createDriver(config.database);
    try {
      const applied = await migrate(driver);
      io.out(applied.length > 0 ? `applied on ${driver.name}: ${applied.join(', ')}` : `${driver.name}: up to date`);
      return 0;
    } finally {
      await driver.close();
    }
  },
};
