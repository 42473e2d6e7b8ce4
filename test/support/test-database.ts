import { randomBytes } from 'node:crypto';
import test from 'ava';
import pg from 'pg';
import { createNeonDriver } from '../../lib/store/neon-driver.ts';
import { createPgDriver } from '../../lib/store/pg-driver.ts';
import { createPgliteDriver } from '../../lib/store/pglite-driver.ts';
import { createStore } from '../../lib/store/create-store.ts';
import type { Store } from '../../lib/store/store.ts';
import { migrate } from '../../lib/store/migrate.ts';
import type { SqlDriver } from '../../lib/store/sql.ts';
import { startWsTcpProxy } from '../../lib/store/ws-tcp-proxy.ts';

/** The real Postgres server the suite runs against when one is reachable (CI sets it). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** A driver on a database of its own (a fresh schema, or a fresh in-memory PGlite), migrated, and how to drop it. */
export interface TestDatabase {
  driver: SqlDriver;
  /** For a server database: a DATABASE_URL that lands in this database's schema (for code that opens its own). */
  url?: string;
  /** Another driver on the same database (for concurrency across connections). */
  another(): SqlDriver;
  drop(): Promise<void>;
}

const withSchema = async (make: (schema: string) => SqlDriver, extra: () => Promise<void> = async () => {}): Promise<TestDatabase> => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const driver = make(schema);
  const others: SqlDriver[] = [];
  const url = new URL(TEST_DATABASE_URL ?? '');
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    driver,
    url: url.toString(),
    another: () => {
      const d = make(schema);
      others.push(d);
      return d;
    },
    async drop() {
      for (const d of [driver, ...others]) await d.close().catch(() => {});
      const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
      await extra();
    },
  };
};

/** A fresh database on the given driver; `migrated` applies the migrations first. */
export const testDatabase = async (
  kind: SqlDriver['name'],
  options: { migrated?: boolean } = { migrated: true },
): Promise<TestDatabase> => {
  let db: TestDatabase;
  if (kind === 'pglite') {
    const driver = await createPgliteDriver({});
    db = { driver, another: () => driver, drop: () => driver.close() };
  } else if (!TEST_DATABASE_URL) {
    throw new Error('TEST_DATABASE_URL is not set');
  } else if (kind === 'pg') {
    db = await withSchema((schema) => createPgDriver({ url: TEST_DATABASE_URL, schema, max: 10 }));
  } else {
    const proxy = await startWsTcpProxy();
    db = await withSchema(
      (schema) => createNeonDriver({ url: TEST_DATABASE_URL, wsProxy: proxy.address, schema, max: 10 }),
      () => proxy.close(),
    );
  }
  if (options.migrated ?? true) await migrate(db.driver);
  return db;
};

/** The driver function tests use: the real server when there is one, else PGlite. */
export const defaultTestDriver = (): SqlDriver['name'] => (TEST_DATABASE_URL ? 'pg' : 'pglite');

/** Registers a test file's hooks for a store on a fresh database (the default driver); filled in before the first test. */
export const useTestStore = (): { db: TestDatabase; store: Store } => {
  const f = {} as { db: TestDatabase; store: Store };
  test.before(async () => {
    f.db = await testDatabase(defaultTestDriver());
    f.store = createStore(f.db.driver);
  });
  test.after.always(() => f.db?.drop());
  return f;
};
