import { PGlite } from '@electric-sql/pglite';
import { withDbErrors } from './database-errors.ts';
import type { Sql, SqlDriver } from './sql.ts';

type Target = Pick<PGlite, 'query' | 'exec'>;

const bind = (target: Target): Sql => ({
  query: async (text, params = []) => {
    const r = await withDbErrors(() => target.query(text, [...params]));
    return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
  },
  exec: async (script) => void (await withDbErrors(() => target.exec(script))),
});

/**
 * Embedded Postgres (WASM): the default of `make run`, persisted under `dataDir`, or in memory. One connection:
 * transactions and statements run one at a time.
 */
export const createPgliteDriver = async (options: { dataDir?: string | null }): Promise<SqlDriver> => {
  const db = await PGlite.create(options.dataDir ?? 'memory://');
  return {
    name: 'pglite',
    ...bind(db),
    transaction: (fn) => db.transaction((tx) => fn(bind(tx))),
    close: () => db.close(),
  };
};
