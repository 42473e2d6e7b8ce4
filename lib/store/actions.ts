import { ActionName } from '../domain/action-name.ts';
import type { GateVerdict } from '../domain/execution.ts';
import type { ActionEnd, ActionInput, ActionRecord, Decline } from '../domain/records.ts';
import type { AssessmentOutcome } from '../domain/execution.ts';
import { asDate, asDateOrNull, asNumberOrNull, jsonOrNull, targetColumns, targetFromRow } from './row-mapping.ts';
import type { Sql } from './sql.ts';

/** Actions (`a`) joined with their assessment (`s`), plus any extra columns and joins: every action query's shape. */
export const actionQuery = (extra: { columns?: string; joins?: string } = {}): string =>
  `SELECT a.*, s.outcome AS s_outcome, s.score AS s_score, s.assessed_at AS s_assessed_at, s.id AS s_id${extra.columns ? `, ${extra.columns}` : ''}
   FROM actions a LEFT JOIN assessments s ON s.action_id = a.id ${extra.joins ?? ''}`;

/** An action row (from actionQuery) as a record. */
export const actionFromRow = (row: Record<string, unknown>): ActionRecord => ({
  id: String(row.id),
  recommendationEventId: String(row.recommendation_event_id),
  incidentId: (row.incident_id as string | null) ?? null,
  alertname: String(row.alertname),
  fingerprint: String(row.alert_fingerprint),
  target: targetFromRow(row),
  action: ActionName.parse(row.action),
  parameters: row.parameters as Record<string, unknown>,
  disruptive: Boolean(row.disruptive),
  decision: row.decision as ActionRecord['decision'],
  verdicts: row.verdicts as GateVerdict[],
  status: row.status as ActionRecord['status'],
  preState: row.pre_state ?? null,
  preSpecHash: (row.pre_spec_hash as string | null) ?? null,
  preHealth: (row.pre_health as { ready: number; desired: number } | null) ?? null,
  postState: row.post_state ?? null,
  postSpecHash: (row.post_spec_hash as string | null) ?? null,
  startedAt: asDate(row.started_at),
  finishedAt: asDateOrNull(row.finished_at),
  error: (row.error as string | null) ?? null,
  decidedBy: (row.decided_by as string | null) ?? null,
  decidedAt: asDateOrNull(row.decided_at),
  assessment: row.s_id
    ? {
        outcome: (row.s_outcome as AssessmentOutcome | null) ?? null,
        score: asNumberOrNull(row.s_score),
        assessedAt: asDateOrNull(row.s_assessed_at),
      }
    : null,
});

/** Stores execute's decision; a redelivered recommendation gets the action already stored for it. */
export const insertAction = async (sql: Sql, a: ActionInput, now: Date): Promise<{ action: ActionRecord; existed: boolean }> => {
  const { rows } = await sql.query<{ id: string; fresh: boolean }>(
    `INSERT INTO actions (recommendation_event_id, incident_id, alertname, alert_fingerprint, target_kind, target_namespace, target_name,
       target_key, action, parameters, disruptive, decision, verdicts, status, pre_state, pre_spec_hash, started_at, finished_at, pre_health, post_state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::text, $15, $16, $17::timestamptz,
             CASE WHEN $14::text = 'running' THEN NULL ELSE $17::timestamptz END, $18, $19)
     ON CONFLICT (recommendation_event_id) DO UPDATE SET recommendation_event_id = EXCLUDED.recommendation_event_id
     RETURNING id, (xmax = 0) AS fresh`,
    [
      a.recommendationEventId,
      a.incidentId,
      a.alertname,
      a.fingerprint,
      ...targetColumns(a.target),
      a.action,
      JSON.stringify(a.parameters),
      a.disruptive,
      a.decision,
      JSON.stringify(a.verdicts),
      a.status,
      jsonOrNull(a.preState),
      a.preSpecHash,
      now,
      a.preHealth ? JSON.stringify(a.preHealth) : null,
      jsonOrNull(a.postState),
    ],
  );
  return { action: await storedAction(sql, String(rows[0]?.id)), existed: !rows[0]?.fresh };
};

/** Records how a running (or pending) action ended. */
export const finishAction = async (sql: Sql, id: string, end: ActionEnd, now: Date): Promise<ActionRecord> => {
  await sql.query(
    `UPDATE actions SET status = $2, post_state = COALESCE($3, post_state), post_spec_hash = COALESCE($4, post_spec_hash), error = $5, finished_at = $6
     WHERE id = $1`,
    [id, end.status, jsonOrNull(end.postState), end.postSpecHash ?? null, end.error ?? null, now],
  );
  return storedAction(sql, id);
};

/** One action by id, or null. */
export const getAction = async (sql: Sql, id: string): Promise<ActionRecord | null> => {
  const { rows } = await sql.query(`${actionQuery()} WHERE a.id = $1`, [id]);
  return rows[0] ? actionFromRow(rows[0]) : null;
};

// An action this transaction just wrote: missing means a bug, not a user error.
const storedAction = async (sql: Sql, id: string): Promise<ActionRecord> => {
  const action = await getAction(sql, id);
  if (!action) throw new Error(`action ${id} not found`);
  return action;
};

/** The action stored for a recommendation event, or null. */
export const actionForRecommendation = async (sql: Sql, recommendationEventId: string): Promise<ActionRecord | null> => {
  const { rows } = await sql.query(`${actionQuery()} WHERE a.recommendation_event_id = $1`, [recommendationEventId]);
  return rows[0] ? actionFromRow(rows[0]) : null;
};

/** Records a new decision on an existing action (an approval re-checked by execute): its verdicts, status and who decided. */
export const redecideAction = async (
  sql: Sql,
  id: string,
  change: {
    decision: ActionInput['decision'];
    verdicts: GateVerdict[];
    status: ActionInput['status'];
    parameters: Record<string, unknown>;
    preState?: unknown;
    preSpecHash?: string | null;
    decidedBy?: string | null;
  },
  now: Date,
): Promise<ActionRecord> => {
  await sql.query(
    `UPDATE actions SET decision = $2, verdicts = $3, status = $4, parameters = $5, pre_state = COALESCE($6, pre_state), pre_spec_hash = COALESCE($7, pre_spec_hash),
       decided_by = COALESCE($8, decided_by), decided_at = CASE WHEN $8::text IS NULL THEN decided_at ELSE $9::timestamptz END,
       finished_at = CASE WHEN $4::text IN ('running', 'approval_required') THEN NULL ELSE $9::timestamptz END
     WHERE id = $1`,
    [
      id,
      change.decision,
      JSON.stringify(change.verdicts),
      change.status,
      JSON.stringify(change.parameters),
      jsonOrNull(change.preState),
      change.preSpecHash ?? null,
      change.decidedBy ?? null,
      now,
    ],
  );
  return storedAction(sql, id);
};

/** Actions a person approved that execute has not carried out yet, oldest first. */
export const approvedActions = async (sql: Sql, limit = 50): Promise<ActionRecord[]> => {
  const { rows } = await sql.query(`${actionQuery()} WHERE a.status = 'approved' ORDER BY a.decided_at LIMIT $1`, [limit]);
  return rows.map(actionFromRow);
};

/** Actions waiting for approval, oldest first. */
export const pendingApprovals = async (sql: Sql, limit = 50): Promise<ActionRecord[]> => {
  const { rows } = await sql.query(`${actionQuery()} WHERE a.status = 'approval_required' ORDER BY a.started_at LIMIT $1`, [limit]);
  return rows.map(actionFromRow);
};

/** The actions waiting for approval that have not expired: how many, and when the oldest of them was decided. */
export interface ApprovalBacklog {
  pending: number;
  oldestStartedAt: Date | null;
}

/** The approval backlog among actions that started after `since` (older ones have outlived the approval TTL). */
export const approvalBacklog = async (sql: Sql, since: Date): Promise<ApprovalBacklog> => {
  const { rows } = await sql.query<{ pending: number; oldest: unknown }>(
    `SELECT count(*)::int AS pending, min(started_at) AS oldest FROM actions WHERE status = 'approval_required' AND started_at > $1`,
    [since],
  );
  return { pending: Number(rows[0]?.pending ?? 0), oldestStartedAt: asDateOrNull(rows[0]?.oldest) };
};

/** Records a person's decision on a pending action, once: false when it was no longer pending. */
export const decidePending = async (
  sql: Sql,
  id: string,
  status: 'approved' | 'declined' | 'expired',
  by: string | null,
  now: Date,
): Promise<boolean> => {
  const { rowCount } = await sql.query(
    `UPDATE actions SET status = $2, decided_by = $3, decided_at = $4, finished_at = CASE WHEN $2::text = 'approved' THEN NULL ELSE $4::timestamptz END
     WHERE id = $1 AND status = 'approval_required'`,
    [id, status, by, now],
  );
  return rowCount === 1;
};

/** What people declined on these targets, newest first: one action's declines, or all since `since`. */
export const declines = async (
  sql: Sql,
  targetKeys: readonly string[],
  options: { action?: string; since?: Date; limit?: number } = {},
): Promise<Decline[]> => {
  const { rows } = await sql.query<{ target_key: string; action: string; decided_by: string | null; decided_at: Date }>(
    `SELECT target_key, action, decided_by, decided_at FROM actions
     WHERE target_key = ANY($1) AND status = 'declined' AND ($2::text IS NULL OR action = $2) AND ($3::timestamptz IS NULL OR decided_at >= $3)
     ORDER BY decided_at DESC LIMIT $4`,
    [[...targetKeys], options.action ?? null, options.since ?? null, options.limit ?? 20],
  );
  return rows.map((r) => ({ target: r.target_key, action: ActionName.parse(r.action), by: r.decided_by, at: asDate(r.decided_at) }));
};
