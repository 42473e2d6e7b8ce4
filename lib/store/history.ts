import { ActionName } from '../domain/action-name.ts';
import { actionFromRow, actionQuery } from './actions.ts';
import type { ActionRecord, Baseline, IneffectiveChain, SuccessRate } from '../domain/records.ts';
import { asDateOrNull } from './row-mapping.ts';
import type { Sql } from './sql.ts';

/** Actions that changed something (not refused, simulated or only announced). */
const PERFORMED = `a.status IN ('succeeded', 'failed')`;
/** Actions that do not try to fix anything: an incident with only these counts toward the no-action baseline. */
export const NON_REMEDIAL_ACTIONS = ['notify_only', 'collect_diagnostics'] as const;

/** The last `limit` actions on a target, newest first, with their assessments. */
export const lastActions = async (sql: Sql, targetKey: string, limit = 10): Promise<ActionRecord[]> => {
  const { rows } = await sql.query(`${actionQuery()} WHERE a.target_key = $1 ORDER BY a.started_at DESC LIMIT $2`, [targetKey, limit]);
  return rows.map(actionFromRow);
};

const failedOrIneffective = (a: ActionRecord): boolean =>
  a.status === 'failed' || a.assessment?.outcome === 'ineffective' || a.assessment?.outcome === 'harmful';

/** How many of the target's most recent performed actions in a row failed or were assessed ineffective/harmful. */
export const consecutiveFailures = async (sql: Sql, targetKey: string): Promise<number> => {
  const { rows } = await sql.query(`${actionQuery()} WHERE a.target_key = $1 AND ${PERFORMED} ORDER BY a.started_at DESC LIMIT 50`, [
    targetKey,
  ]);
  const actions = rows.map(actionFromRow);
  const firstGood = actions.findIndex((a) => !failedOrIneffective(a));
  return firstGood === -1 ? actions.length : firstGood;
};

/** The ineffective chain of `action` on a target, from actions, incidents and assessments. */
export const ineffectiveChain = async (sql: Sql, targetKey: string, action: string): Promise<IneffectiveChain> => {
  const { rows } = await sql.query(
    `${actionQuery({ columns: 'i.resolved_at AS incident_resolved_at', joins: 'LEFT JOIN incidents i ON i.id = a.incident_id' })}
     WHERE a.target_key = $1 AND a.status = 'succeeded' ORDER BY a.started_at DESC LIMIT 20`,
    [targetKey],
  );
  const actions = rows.map((r) => ({ ...actionFromRow(r), incidentResolvedAt: asDateOrNull(r.incident_resolved_at) }));
  const same = actions.filter((a) => a.action === action);
  let length = same.length > 0 && actions[0]?.action === action ? 1 : 0;
  let repeatsOnOwnChange = 0;
  for (let i = 0; length > 0 && i + 1 < same.length; i++) {
    const newer = same[i] as (typeof same)[number];
    const older = same[i + 1] as (typeof same)[number];
    const stillFiring = older.incidentResolvedAt === null || older.incidentResolvedAt > newer.startedAt;
    const judgedUseless = older.assessment?.outcome === 'ineffective' || older.assessment?.outcome === 'harmful';
    if (!stillFiring && !judgedUseless) break;
    length++;
    if (older.postSpecHash !== null && newer.preSpecHash === older.postSpecHash) repeatsOnOwnChange++;
  }
  const [last, previous] = actions;
  const oscillating = Boolean(last && previous && last.postSpecHash !== null && last.postSpecHash === previous.preSpecHash);
  return { length, repeatsOnOwnChange, oscillating };
};

const rates = async (sql: Sql, column: 'alertname' | 'target_key', value: string): Promise<SuccessRate[]> => {
  const { rows } = await sql.query<{ action: string; samples: number; effective: number }>(
    `SELECT a.action, count(*)::int AS samples, count(*) FILTER (WHERE s.outcome = 'effective')::int AS effective
     FROM actions a JOIN assessments s ON s.action_id = a.id
     WHERE a.${column} = $1 AND a.status = 'succeeded' AND s.outcome IN ('effective', 'ineffective', 'harmful')
     GROUP BY a.action ORDER BY a.action`,
    [value],
  );
  return rows.map((r) => ({
    action: ActionName.parse(r.action),
    samples: Number(r.samples),
    effective: Number(r.effective),
    rate: Number(r.effective) / Number(r.samples),
  }));
};

/** How often each action was assessed effective for this alert name (inconclusive assessments are left out). */
export const successRatesForAlert = (sql: Sql, alertname: string): Promise<SuccessRate[]> => rates(sql, 'alertname', alertname);

/** How often each action was assessed effective on this target. */
export const successRatesForTarget = (sql: Sql, targetKey: string): Promise<SuccessRate[]> => rates(sql, 'target_key', targetKey);

/**
 * The no-action baseline: of the incidents of this alert name old enough to judge that got no remedial action
 * performed, how many resolved within `windowMs` of opening.
 */
export const noActionBaseline = async (sql: Sql, alertname: string, windowMs: number, now: Date): Promise<Baseline> => {
  const { rows } = await sql.query<{ samples: number; resolved: number }>(
    `SELECT count(*)::int AS samples,
            count(*) FILTER (WHERE i.resolved_at IS NOT NULL AND i.resolved_at - i.opened_at <= $2 * interval '1 millisecond')::int AS resolved
     FROM incidents i
     WHERE i.alertname = $1 AND i.opened_at <= $3
       AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.incident_id = i.id AND ${PERFORMED} AND NOT (a.action = ANY($4)))`,
    [alertname, windowMs, new Date(now.getTime() - windowMs), [...NON_REMEDIAL_ACTIONS]],
  );
  const samples = Number(rows[0]?.samples ?? 0);
  const resolvedWithin = Number(rows[0]?.resolved ?? 0);
  return { alertname, samples, resolvedWithin, rate: samples > 0 ? resolvedWithin / samples : null };
};

/** Incidents of the same alert on the same target opened in (since, until]: the alert came back. */
export const recurrences = async (sql: Sql, alertname: string, targetKey: string, since: Date, until: Date): Promise<number> => {
  const { rows } = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM incidents WHERE alertname = $1 AND target_key = $2 AND opened_at > $3 AND opened_at <= $4',
    [alertname, targetKey, since, until],
  );
  return Number(rows[0]?.n ?? 0);
};

/** Incidents of other alert names on the target opened in (since, until]: new trouble after an action. */
export const otherAlertsOnTarget = async (sql: Sql, alertname: string, targetKey: string, since: Date, until: Date): Promise<number> => {
  const { rows } = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM incidents WHERE alertname <> $1 AND target_key = $2 AND opened_at > $3 AND opened_at <= $4',
    [alertname, targetKey, since, until],
  );
  return Number(rows[0]?.n ?? 0);
};

/** Our own changes to a target started after `since`. */
export const laterActionsOnTarget = async (sql: Sql, targetKey: string, since: Date): Promise<number> => {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM actions a WHERE target_key = $1 AND started_at > $2 AND ${PERFORMED}`,
    [targetKey, since],
  );
  return Number(rows[0]?.n ?? 0);
};

/** When this action was last started (performed or simulated) on this target, for the cooldown. */
export const lastActionAt = async (sql: Sql, targetKey: string, action: string): Promise<Date | null> => {
  const { rows } = await sql.query<{ at: Date | null }>(
    `SELECT max(started_at) AS at FROM actions a WHERE target_key = $1 AND action = $2 AND (${PERFORMED} OR a.status IN ('running', 'dry_run'))`,
    [targetKey, action],
  );
  return asDateOrNull(rows[0]?.at);
};

/** Actions started since `since`, in one namespace or cluster-wide, optionally only the disruptive ones (blast radius). */
export const countActionsSince = async (
  sql: Sql,
  since: Date,
  options: { namespace?: string; disruptiveOnly?: boolean } = {},
): Promise<number> => {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM actions a WHERE started_at >= $1 AND (${PERFORMED} OR a.status = 'running')
       AND ($2::text IS NULL OR target_namespace = $2) AND (NOT $3::boolean OR disruptive)`,
    [since, options.namespace ?? null, options.disruptiveOnly ?? false],
  );
  return Number(rows[0]?.n ?? 0);
};

/** Every alert name that had an incident. */
export const alertnames = async (sql: Sql): Promise<string[]> =>
  (await sql.query<{ alertname: string }>('SELECT DISTINCT alertname FROM incidents ORDER BY alertname')).rows.map((r) => r.alertname);
