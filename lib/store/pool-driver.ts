import type { QueryResult, Sql, SqlDriver } from './sql.ts';
import { withDbErrors } from './database-errors.ts';

/** What node-postgres' Pool and the Neon serverless Pool both offer. */
export interface PgLikePool {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  connect(): Promise<PgLikeClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgLikeClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  release(error?: Error | boolean): void;
}

const bind = (target: Pick<PgLikeClient, 'query'>): Sql => ({
  query: async <R>(text: string, params: readonly unknown[] = []) => {
    const r = await withDbErrors(() => target.query(text, [...params]));
    return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length } satisfies QueryResult<R>;
  },
  exec: async (script) => void (await withDbErrors(() => target.query(script))),
});

/** A driver over a pg-compatible pool: one pooled connection per transaction. */
export const poolDriver = (name: 'pg' | 'neon', pool: PgLikePool, onIdleError: (error: Error) => void): SqlDriver => {
  // An idle client's error would otherwise be an uncaught 'error' event and kill the process.
  pool.on('error', onIdleError);
  return {
    name,
    ...bind(pool),
    async transaction(fn) {
      const client = await withDbErrors(() => pool.connect());
      const tx = bind(client);
      try {
        await tx.query('BEGIN');
        const result = await fn(tx);
        await tx.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A broken connection must not go back to the pool.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
    close: () => pool.end(),
  };
};
