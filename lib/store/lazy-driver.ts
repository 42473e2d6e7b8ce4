import type { SqlDriver } from './sql.ts';

/** A driver that is created on first use (connect lazily: a function that never touches the database never connects). */
export const lazyDriver = (name: SqlDriver['name'], create: () => Promise<SqlDriver>): SqlDriver => {
  let driver: Promise<SqlDriver> | undefined;
  const get = () =>
    (driver ??= create().catch((error: unknown) => {
      driver = undefined;
      throw error;
    }));
  return {
    name,
    query: async (text, params) => (await get()).query(text, params),
    exec: async (script) => (await get()).exec(script),
    transaction: async (fn) => (await get()).transaction(fn),
    close: async () => {
      if (driver) await (await driver).close();
      driver = undefined;
    },
  };
};
