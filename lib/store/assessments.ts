import type { AssessmentOutcome } from '../domain/execution.ts';
import type { AssessmentRecord } from '../domain/records.ts';
import { asDate, asDateOrNull, asNumberOrNull } from './row-mapping.ts';
import type { Sql } from './sql.ts';

const assessmentFromRow = (row: Record<string, unknown>): AssessmentRecord => ({
  id: String(row.id),
  actionId: String(row.action_id),
  dueAt: asDate(row.due_at),
  expiresAt: asDate(row.expires_at),
  assessedAt: asDateOrNull(row.assessed_at),
  outcome: (row.outcome as AssessmentOutcome | null) ?? null,
  score: asNumberOrNull(row.score),
  resolved: (row.resolved as boolean | null) ?? null,
  factors: row.factors ?? null,
  baselineRate: asNumberOrNull(row.baseline_rate),
  reasoning: (row.reasoning as string | null) ?? null,
});

/** Schedules an action's assessment (once: a second schedule for the same action changes nothing). */
export const scheduleAssessment = async (sql: Sql, actionId: string, dueAt: Date, expiresAt: Date): Promise<AssessmentRecord> => {
  await sql.query('INSERT INTO assessments (action_id, due_at, expires_at) VALUES ($1, $2, $3) ON CONFLICT (action_id) DO NOTHING', [
    actionId,
    dueAt,
    expiresAt,
  ]);
  const { rows } = await sql.query('SELECT * FROM assessments WHERE action_id = $1', [actionId]);
  return assessmentFromRow(rows[0] as Record<string, unknown>);
};

/**
 * Leases up to `limit` due, unscored assessments to the caller until `leaseUntil` (skipping ones another tick holds),
 * so they can be scored outside a transaction (scoring reads the cluster and Alertmanager).
 */
export const leaseDueAssessments = async (sql: Sql, now: Date, leaseUntil: Date, limit: number): Promise<AssessmentRecord[]> => {
  const { rows } = await sql.query(
    `UPDATE assessments SET lease_until = $2 WHERE id IN (
       SELECT id FROM assessments WHERE assessed_at IS NULL AND due_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
       ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [now, leaseUntil, limit],
  );
  return rows.map(assessmentFromRow).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
};

/** Gives a leased assessment back to be looked at again from `dueAt` (it is not yet decidable). */
export const postponeAssessment = async (sql: Sql, id: string, dueAt: Date): Promise<void> => {
  await sql.query('UPDATE assessments SET due_at = $2, lease_until = NULL WHERE id = $1 AND assessed_at IS NULL', [id, dueAt]);
};

/** What an assessment stores: the verdict, its components, and (from migration 0008) confidence, hints, who explained it. */
export interface AssessmentResult {
  outcome: AssessmentOutcome;
  score: number | null;
  resolved: boolean | null;
  factors: unknown;
  baselineRate: number | null;
  reasoning: string;
  confidence?: number;
  hints?: string[];
  explainedBy?: 'template' | 'model';
}

/** Scores a scheduled assessment once; false when it was already scored. */
export const saveAssessment = async (sql: Sql, id: string, result: AssessmentResult, now: Date): Promise<boolean> => {
  const { rowCount } = await sql.query(
    `UPDATE assessments SET assessed_at = $2, outcome = $3, score = $4, resolved = $5, factors = $6, baseline_rate = $7, reasoning = $8, lease_until = NULL,
       confidence = $9, hints = $10, explained_by = $11
     WHERE id = $1 AND assessed_at IS NULL`,
    [
      id,
      now,
      result.outcome,
      result.score,
      result.resolved,
      JSON.stringify(result.factors),
      result.baselineRate,
      result.reasoning,
      result.confidence ?? null,
      result.hints ? JSON.stringify(result.hints) : null,
      result.explainedBy ?? null,
    ],
  );
  return rowCount === 1;
};

/** How many assessments wait to be judged (scheduled, not scored): none means the tick may stop. */
export const pendingAssessments = async (sql: Sql): Promise<number> => {
  const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM assessments WHERE assessed_at IS NULL');
  return Number(rows[0]?.n ?? 0);
};
