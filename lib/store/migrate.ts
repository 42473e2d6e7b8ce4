import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Sql, SqlDriver } from './sql.ts';

/** One migration file. */
export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

// Next to this module in the source tree (lib/store/migrations) and in the bundle (dist/migrations).
const DEFAULT_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant: every migrator takes the same transaction-scoped advisory lock, so they run one at a time.
const MIGRATION_LOCK = 7_311_442_001;

/** The migrations in `dir` (`NNNN-name.sql`), in version order. */
export const loadMigrations = (dir = DEFAULT_DIR): Migration[] =>
  readdirSync(dir)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return { version: file.slice(0, 4), name: file.slice(5, -4), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });

/**
 * Applies the pending migrations in order, each in its own transaction under an advisory lock, and records them;
 * safe to run concurrently and again. Refuses to go on when an applied migration's file has changed.
 */
export const migrate = async (driver: SqlDriver, migrations = loadMigrations()): Promise<string[]> => {
  await driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await driver.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rows } = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
      if (rows[0]) {
        if (rows[0].checksum !== m.checksum)
          throw new Error(`migration ${m.version}-${m.name} was changed after it was applied; add a new migration instead`);
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      return true;
    });
    if (done) applied.push(`${m.version}-${m.name}`);
  }
  return applied;
};

/** The migrations not applied to this database yet (every one when it has no schema at all), without changing it. */
export const pendingMigrations = async (sql: Sql, migrations = loadMigrations()): Promise<{ schema: boolean; pending: string[] }> => {
  const { rows } = await sql.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  const names = migrations.map((m) => `${m.version}-${m.name}`);
  if (!rows[0]?.present) return { schema: false, pending: names };
  const applied = new Set((await sql.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  return { schema: true, pending: migrations.filter((m) => !applied.has(m.version)).map((m) => `${m.version}-${m.name}`) };
};
