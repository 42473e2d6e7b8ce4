import { actionFromRow, actionQuery } from './actions.ts';
import type { DecisionRecord } from '../domain/records.ts';
import { asDate } from './row-mapping.ts';
import type { Sql } from './sql.ts';

/** Which decisions to read: one target's, since a time, at most `limit` (20). */
export interface DecisionFilter {
  targetKey?: string;
  since?: Date;
  limit?: number;
}

/** Recent decisions with their recommendation and assessment, newest first (history, the MCP history tool). */
export const recentDecisions = async (sql: Sql, options: DecisionFilter = {}): Promise<DecisionRecord[]> => {
  const { rows } = await sql.query(
    `${actionQuery({
      columns:
        'r.source AS r_source, r.confidence AS r_confidence, r.reasoning AS r_reasoning, r.model AS r_model, s.factors AS s_factors, s.reasoning AS s_reasoning',
      joins: 'LEFT JOIN recommendations r ON r.event_id = a.recommendation_event_id',
    })}
     WHERE ($1::text IS NULL OR a.target_key = $1) AND ($3::timestamptz IS NULL OR a.started_at >= $3) ORDER BY a.started_at DESC LIMIT $2`,
    [options.targetKey ?? null, options.limit ?? 20, options.since ?? null],
  );
  return rows.map((r) => ({
    ...actionFromRow(r),
    recommendation: r.r_source
      ? {
          source: String(r.r_source),
          confidence: Number(r.r_confidence),
          reasoning: String(r.r_reasoning),
          model: (r.r_model as string | null) ?? null,
        }
      : null,
    assessmentDetail: r.s_id ? { factors: r.s_factors ?? null, reasoning: (r.s_reasoning as string | null) ?? null } : null,
  }));
};

/** A target's actions since a time: how many by status, and when the first and the last started. */
export interface ActionCounts {
  byStatus: Record<string, number>;
  first: Date | null;
  last: Date | null;
}

/** How many actions a target had since a time (all time with null), by status: every one, not only those listed. */
export const actionCounts = async (sql: Sql, targetKey: string, since: Date | null): Promise<ActionCounts> => {
  const { rows } = await sql.query<{ status: string; n: number; first: Date | string; last: Date | string }>(
    `SELECT status, count(*)::int AS n, min(started_at) AS first, max(started_at) AS last FROM actions
     WHERE target_key = $1 AND ($2::timestamptz IS NULL OR started_at >= $2) GROUP BY status ORDER BY status`,
    [targetKey, since],
  );
  const times = rows.flatMap((r) => [asDate(r.first).getTime(), asDate(r.last).getTime()]);
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
    first: times.length ? new Date(Math.min(...times)) : null,
    last: times.length ? new Date(Math.max(...times)) : null,
  };
};

/** Which assessed outcomes to count: of one alert name, one action or one target (all when none is given). */
export interface EffectivenessFilter {
  alertname?: string;
  action?: string;
  targetKey?: string;
}

/** One row of the effectiveness table: an action for an alert name, by assessed outcome. */
export interface EffectivenessRow {
  alertname: string;
  action: string;
  samples: number;
  effective: number;
  ineffective: number;
  harmful: number;
  inconclusive: number;
  rate: number | null;
}

/** Assessed outcomes of performed actions per (alert name, action); the rate leaves inconclusive ones out. */
export const effectivenessTable = async (sql: Sql, filter: EffectivenessFilter = {}): Promise<EffectivenessRow[]> => {
  const { rows } = await sql.query<Record<string, string | number>>(
    `SELECT a.alertname, a.action, count(*)::int AS samples,
            count(*) FILTER (WHERE s.outcome = 'effective')::int AS effective, count(*) FILTER (WHERE s.outcome = 'ineffective')::int AS ineffective,
            count(*) FILTER (WHERE s.outcome = 'harmful')::int AS harmful, count(*) FILTER (WHERE s.outcome = 'inconclusive')::int AS inconclusive
     FROM actions a JOIN assessments s ON s.action_id = a.id
     WHERE a.status = 'succeeded' AND s.outcome IS NOT NULL
       AND ($1::text IS NULL OR a.alertname = $1) AND ($2::text IS NULL OR a.action = $2) AND ($3::text IS NULL OR a.target_key = $3)
     GROUP BY a.alertname, a.action ORDER BY a.alertname, a.action`,
    [filter.alertname ?? null, filter.action ?? null, filter.targetKey ?? null],
  );
  return rows.map((r) => {
    const judged = Number(r.samples) - Number(r.inconclusive);
    return {
      alertname: String(r.alertname),
      action: String(r.action),
      samples: Number(r.samples),
      effective: Number(r.effective),
      ineffective: Number(r.ineffective),
      harmful: Number(r.harmful),
      inconclusive: Number(r.inconclusive),
      rate: judged > 0 ? Number(r.effective) / judged : null,
    };
  });
};

/** Each judged assessment whose recommendation carried a prediction: the predicted probability and whether it was effective. */
export const predictionOutcomes = async (sql: Sql): Promise<{ predicted: number; effective: boolean }[]> => {
  const { rows } = await sql.query<{ predicted: number; outcome: string }>(
    `SELECT r.predicted_success AS predicted, s.outcome FROM assessments s
     JOIN actions a ON a.id = s.action_id JOIN recommendations r ON r.event_id = a.recommendation_event_id
     WHERE a.status = 'succeeded' AND s.outcome IN ('effective', 'ineffective', 'harmful') AND r.predicted_success IS NOT NULL`,
  );
  return rows.map((r) => ({ predicted: Number(r.predicted), effective: r.outcome === 'effective' }));
};
