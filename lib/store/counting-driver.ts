import type { Sql, SqlDriver } from './sql.ts';

/** Wraps a driver to count the statements sent through it (transaction control included): what a step costs. */
export const countingDriver = (driver: SqlDriver): SqlDriver & { readonly statements: number; reset(): void } => {
  let statements = 0;
  const count = (sql: Sql): Sql => ({
    query: (text, params) => {
      statements++;
      return sql.query(text, params);
    },
    exec: (script) => {
      statements++;
      return sql.exec(script);
    },
  });
  return {
    name: driver.name,
    ...count(driver),
    // BEGIN and COMMIT are statements too.
    transaction: (fn) => {
      statements += 2;
      return driver.transaction((tx) => fn(count(tx)));
    },
    close: () => driver.close(),
    get statements() {
      return statements;
    },
    reset: () => {
      statements = 0;
    },
  };
};
