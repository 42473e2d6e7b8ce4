import type { Sql } from './sql.ts';

// A lease, not an advisory lock: the lock must outlive one transaction (it is held across Kubernetes calls, and
// a serverless connection may not stay open meanwhile), and poolers break session-level advisory locks. A
// holder that dies stops renewing; its lease expires and the next delivery takes the target over.

/** Takes the target for `holder` until `expiresAt`, unless another holder's lease is still valid; true when taken. */
export const acquireTargetLock = async (sql: Sql, targetKey: string, holder: string, now: Date, expiresAt: Date): Promise<boolean> => {
  const { rows } = await sql.query<{ holder: string }>(
    `INSERT INTO target_locks (target_key, holder, acquired_at, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (target_key) DO UPDATE SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
       WHERE target_locks.expires_at <= EXCLUDED.acquired_at OR target_locks.holder = EXCLUDED.holder
     RETURNING holder`,
    [targetKey, holder, now, expiresAt],
  );
  return rows[0]?.holder === holder;
};

/** Releases the target if `holder` still holds it. */
export const releaseTargetLock = async (sql: Sql, targetKey: string, holder: string): Promise<void> => {
  await sql.query('DELETE FROM target_locks WHERE target_key = $1 AND holder = $2', [targetKey, holder]);
};

/** How many targets are held right now (the global concurrency gate). */
export const heldTargetLocks = async (sql: Sql, now: Date): Promise<number> => {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM target_locks WHERE expires_at > $1', [now]);
  return Number(rows[0]?.n ?? 0);
};

/** Whether another holder's lease on the target is still valid (a look that takes nothing). */
export const targetLockHeld = async (sql: Sql, targetKey: string, now: Date): Promise<boolean> => {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM target_locks WHERE target_key = $1 AND expires_at > $2', [
    targetKey,
    now,
  ]);
  return Number(rows[0]?.n ?? 0) > 0;
};
