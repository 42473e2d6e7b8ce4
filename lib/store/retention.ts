import type { Sql } from './sql.ts';

/** How long each kind of row is kept (ms). */
export interface Retention {
  /** Done exactly-once records: longer than any redelivery (the broker's retries and re-drives, hours). */
  processedEventsMs: number;
  eventLogMs: number;
  /** Resolved alerts. */
  alertsMs: number;
  deadLettersMs: number;
  /** Closed incidents with their recommendations, actions and assessments: what the learning loop learns from. */
  historyMs: number;
}

/** Rows deleted per table by one pass. */
export type Pruned = Record<string, number>;

const before = (now: Date, ms: number) => new Date(now.getTime() - ms);

// Each statement deletes at most `batch` rows: a pass is bounded however much piled up (the next pass goes on).
const SIMPLE: readonly { table: string; key: string; where: string; keep: keyof Retention | null }[] = [
  { table: 'processed_events', key: 'ctid', where: `status = 'done' AND completed_at < $1`, keep: 'processedEventsMs' },
  { table: 'event_log', key: 'seq', where: 'recorded_at < $1', keep: 'eventLogMs' },
  { table: 'alerts', key: 'fingerprint', where: `status = 'resolved' AND last_seen < $1`, keep: 'alertsMs' },
  { table: 'dead_letters', key: 'seq', where: 'received_at < $1', keep: 'deadLettersMs' },
  { table: 'refused_events', key: 'seq', where: 'received_at < $1', keep: 'deadLettersMs' },
  { table: 'slm_cache', key: 'key', where: 'expires_at <= $1', keep: null },
  { table: 'target_locks', key: 'target_key', where: 'expires_at <= $1', keep: null },
];

// An action still in a person's or execute's hands is never pruned, nor the incident it belongs to.
const UNSETTLED = `('approval_required', 'approved', 'running')`;

const pruneHistory = async (sql: Sql, cut: Date, batch: number): Promise<Pruned> => {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT i.id FROM incidents i WHERE i.status <> 'open' AND i.last_seen < $1
       AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.incident_id = i.id AND a.status IN ${UNSETTLED})
     LIMIT $2`,
    [cut, batch],
  );
  const ids = rows.map((r) => r.id);
  const out: Pruned = {};
  const del = async (table: string, text: string, params: unknown[]) =>
    (out[table] = (out[table] ?? 0) + (await sql.query(text, params)).rowCount);
  // Actions without an incident (a compensation) age on their own.
  await del(
    'assessments',
    `DELETE FROM assessments WHERE action_id IN (SELECT id FROM actions WHERE incident_id = ANY($1::uuid[]) OR (incident_id IS NULL AND started_at < $2 AND status NOT IN ${UNSETTLED}))`,
    [ids, cut],
  );
  await del(
    'actions',
    `DELETE FROM actions WHERE incident_id = ANY($1::uuid[]) OR (incident_id IS NULL AND started_at < $2 AND status NOT IN ${UNSETTLED})`,
    [ids, cut],
  );
  await del('recommendations', 'DELETE FROM recommendations WHERE incident_id = ANY($1::uuid[])', [ids]);
  await del('incident_alerts', 'DELETE FROM incident_alerts WHERE incident_id = ANY($1::uuid[])', [ids]);
  await del('incident_events', 'DELETE FROM incident_events WHERE incident_id = ANY($1::uuid[])', [ids]);
  await del('incidents', 'DELETE FROM incidents WHERE id = ANY($1::uuid[])', [ids]);
  return out;
};

/** One bounded pass over every table: rows past their retention (at most `batch` per table), counted by table. */
export const prune = async (sql: Sql, retention: Retention, now: Date, batch = 1000): Promise<Pruned> => {
  const out: Pruned = {};
  for (const t of SIMPLE) {
    const cut = t.keep ? before(now, retention[t.keep]) : now;
    const { rowCount } = await sql.query(
      `DELETE FROM ${t.table} WHERE ${t.key} IN (SELECT ${t.key} FROM ${t.table} WHERE ${t.where} LIMIT $2)`,
      [cut, batch],
    );
    out[t.table] = rowCount;
  }
  return { ...out, ...(await pruneHistory(sql, before(now, retention.historyMs), batch)) };
};

/**
 * Claims the maintenance task `task` when its last run is older than `everyMs` (one claimant wins, whichever
 * function or replica asks), recording this run; false when it is not due.
 */
export const claimMaintenance = async (sql: Sql, task: string, now: Date, everyMs: number): Promise<boolean> => {
  const { rows } = await sql.query<{ task: string }>(
    `INSERT INTO maintenance (task, last_run) VALUES ($1, $2)
     ON CONFLICT (task) DO UPDATE SET last_run = EXCLUDED.last_run WHERE maintenance.last_run <= $3
     RETURNING task`,
    [task, now, before(now, everyMs)],
  );
  return rows.length === 1;
};
