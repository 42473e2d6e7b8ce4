import pg from 'pg';
import { poolDriver } from './pool-driver.ts';
import type { SqlDriver } from './sql.ts';

/** node-postgres over TCP: an in-cluster Postgres (CloudNativePG, OpenShift). Connects on first use. */
export const createPgDriver = (options: { url: string; schema?: string; max?: number; onIdleError?: (e: Error) => void }): SqlDriver => {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 5,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 10_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  return poolDriver('pg', pool as never, options.onIdleError ?? (() => {}));
};
