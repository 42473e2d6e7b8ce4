import type { AssessmentOutcome, AssessmentRecord } from './records.ts';
import { asDate, asDateOrNull, asNumberOrNull } from './row-mapping.ts';
import type { Sql } from './sql.ts';

const assessmentFromRow = (row: Record<string, unknown>): AssessmentRecord => ({
  id: String(row['id']),
  actionId: String(row['action_id']),
  dueAt: asDate(row['due_at']),
  expiresAt: asDate(row['expires_at']),
  assessedAt: asDateOrNull(row['assessed_at']),
  outcome: (row['outcome'] as AssessmentOutcome | null) ?? null,
  score: asNumberOrNull(row['score']),
  resolved: (row['resolved'] as boolean | null) ?? null,
  factors: row['factors'] ?? null,
  baselineRate: asNumberOrNull(row['baseline_rate']),
  reasoning: (row['reasoning'] as string | null) ?? null,
});

/** Schedules an action's assessment (once: a second schedule for the same action changes nothing). */
export const scheduleAssessment = async (sql: Sql, actionId: string, dueAt: Date, expiresAt: Date): Promise<AssessmentRecord> => {
  await sql.query('INSERT INTO assessments (action_id, due_at, expires_at) VALUES ($1, $2, $3) ON CONFLICT (action_id) DO NOTHING', [actionId, dueAt, expiresAt]);
  const { rows } = await sql.query('SELECT * FROM assessments WHERE action_id = $1', [actionId]);
  return assessmentFromRow(rows[0] as Record<string, unknown>);
};

/** Due, unscored assessments, locked for this transaction (a concurrent tick skips them). */
export const dueAssessments = async (sql: Sql, now: Date, limit: number): Promise<AssessmentRecord[]> => {
  const { rows } = await sql.query(
    'SELECT * FROM assessments WHERE assessed_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED',
    [now, limit],
  );
  return rows.map(assessmentFromRow);
};

/** Records an assessment's result. */
export const saveAssessment = async (
  sql: Sql,
  id: string,
  result: { outcome: AssessmentOutcome; score: number | null; resolved: boolean | null; factors: unknown; baselineRate: number | null; reasoning: string },
  now: Date,
): Promise<void> => {
  await sql.query(
    `UPDATE assessments SET assessed_at = $2, outcome = $3, score = $4, resolved = $5, factors = $6, baseline_rate = $7, reasoning = $8
     WHERE id = $1 AND assessed_at IS NULL`,
    [id, now, result.outcome, result.score, result.resolved, JSON.stringify(result.factors), result.baselineRate, result.reasoning],
  );
};
