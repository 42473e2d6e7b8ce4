import type { Sql } from './sql.ts';

/** A cached model answer, or null when there is none or it expired. */
export const cachedAnswer = async <T>(sql: Sql, key: string, now: Date): Promise<T | null> => {
  const { rows } = await sql.query<{ value: T }>('SELECT value FROM slm_cache WHERE key = $1 AND expires_at > $2', [key, now]);
  return rows[0]?.value ?? null;
};

/** Caches a model answer until `expiresAt` (replacing an older one), and drops expired entries. */
export const cacheAnswer = async (sql: Sql, key: string, value: unknown, now: Date, expiresAt: Date): Promise<void> => {
  await sql.query(
    `INSERT INTO slm_cache (key, value, created_at, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
    [key, JSON.stringify(value), now, expiresAt],
  );
  await sql.query('DELETE FROM slm_cache WHERE expires_at <= $1', [now]);
};
