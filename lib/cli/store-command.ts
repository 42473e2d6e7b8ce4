import { loadConfig } from '../config/load-config.ts';
import { createDriver } from '../store/create-driver.ts';
import { createStore } from '../store/create-store.ts';
import type { Store } from '../store/store.ts';
import type { CliIo } from './command.ts';

/** Runs `work` with a store on the configured database, closed afterwards (for the commands that read or decide). */
export const withStore = async <T>(io: CliIo, work: (store: Store) => Promise<T>): Promise<T> => {
  if (io.store) return work(io.store);
  const store = createStore(await createDriver(loadConfig(io.env).database));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};
