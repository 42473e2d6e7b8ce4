import { InvalidError } from '../errors/errors.ts';
import type { Sql, SqlDriver } from './sql.ts';

// Postgres refuses every write in a READ ONLY transaction ("cannot execute INSERT in a read-only transaction"),
// whatever the role may do: the guarantee holds for all three drivers, on top of a read-only role where one is used.
const readOnly = async <T>(driver: SqlDriver, fn: (tx: Sql) => Promise<T>): Promise<T> =>
  driver.transaction(async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    return fn(tx);
  });

/** A driver whose every statement runs in a read-only transaction; scripts (migrations) are refused outright. */
export const readOnlyDriver = (driver: SqlDriver): SqlDriver => ({
  name: driver.name,
  query: (text, params) => readOnly(driver, (tx) => tx.query(text, params)),
  exec: async () => {
    throw new InvalidError('this connection is read-only: no scripts (run alerts-slm migrate elsewhere)');
  },
  transaction: (fn) => readOnly(driver, fn),
  close: () => driver.close(),
});
