import type { ScoreComponent } from '../events/action-assessed.ts';
import type { AssessmentOutcome } from '../store/records.ts';

/** What is known about an action's aftermath when its assessment is due. */
export interface AssessmentInputs {
  action: { name: string; status: 'succeeded' | 'dry_run'; finishedAt: Date; postSpecHash: string | null; preHealth: { ready: number; desired: number } | null };
  now: Date;
  expiresAt: Date;
  /** Did the incident resolve (from the store, confirmed by Alertmanager when asked)? null when unknown. */
  resolved: { at: Date | null; by: 'incident' | 'alertmanager' } | false | null;
  /** The workload's state now; null when it cannot be read. */
  health: { ready: number; desired: number; restartsSince: number; oomKillsSince: number } | null;
  /** The target's spec hash now (null when unknown), and how many of our own later changes explain a difference. */
  currentSpecHash: string | null;
  laterOwnActions: number;
  recurrences: number;
  sideEffects: number;
}

/** A decided assessment. */
export interface Assessment {
  outcome: AssessmentOutcome;
  score: number | null;
  components: ScoreComponent[];
  resolved: boolean | null;
  drift: boolean;
  harmful: boolean;
}

const WEIGHTS = { alert_resolved: 0.4, workload_health: 0.3, no_recurrence: 0.2, no_side_effects: 0.1 } as const;
const EFFECTIVE = 0.6;
// A readiness drop of a quarter of the replicas after our change is "made things worse".
const HARMFUL_DROP = 0.25;

const ratio = (h: { ready: number; desired: number }) => (h.desired > 0 ? Math.min(1, h.ready / h.desired) : 1);

const components = (i: AssessmentInputs): ScoreComponent[] => {
  const list: ScoreComponent[] = [];
  if (i.resolved !== null) {
    const when = i.resolved && i.resolved.at ? `${Math.round((i.resolved.at.getTime() - i.action.finishedAt.getTime()) / 60_000)} min after the action` : '';
    list.push({ name: 'alert_resolved', value: i.resolved ? 1 : 0, weight: WEIGHTS.alert_resolved, detail: i.resolved ? `resolved ${when} (${i.resolved.by})`.replace('  ', ' ') : 'still firing' });
  }
  if (i.health) {
    const r = ratio(i.health);
    const value = r * (i.health.restartsSince > 0 ? 0.5 : 1) * (i.health.oomKillsSince > 0 ? 0.5 : 1);
    list.push({ name: 'workload_health', value: Math.round(value * 100) / 100, weight: WEIGHTS.workload_health, detail: `${i.health.ready}/${i.health.desired} ready, ${i.health.restartsSince} restarts and ${i.health.oomKillsSince} OOMKills since` });
  }
  list.push({ name: 'no_recurrence', value: i.recurrences === 0 ? 1 : 0, weight: WEIGHTS.no_recurrence, detail: i.recurrences === 0 ? 'did not come back' : `came back ${i.recurrences} time(s)` });
  list.push({ name: 'no_side_effects', value: Math.max(0, 1 - 0.5 * i.sideEffects), weight: WEIGHTS.no_side_effects, detail: i.sideEffects === 0 ? 'no new alerts on the target' : `${i.sideEffects} new alert(s) on the target` });
  return list;
};

/** Weighted mean of the components, re-normalised over those that could be measured. */
export const weightedScore = (list: readonly ScoreComponent[]): number | null => {
  const weight = list.reduce((w, c) => w + c.weight, 0);
  return weight === 0 ? null : Math.round((list.reduce((s, c) => s + c.value * c.weight, 0) / weight) * 100) / 100;
};

/**
 * Judges an action by its outcome, or says to wait: before the validity window ends, an alert still firing may yet
 * clear. Drift (someone else changed the target after us) makes it inconclusive rather than credit or blame us.
 */
export const judge = (i: AssessmentInputs): Assessment | 'wait' => {
  const drift = i.action.postSpecHash !== null && i.currentSpecHash !== null && i.currentSpecHash !== i.action.postSpecHash && i.laterOwnActions === 0;
  const harmful = i.action.status === 'succeeded' && i.action.preHealth !== null && i.health !== null && ratio(i.health) < ratio(i.action.preHealth) - HARMFUL_DROP;
  const resolved = i.resolved === null ? null : i.resolved !== false;
  if (!drift && !harmful && !resolved && i.now < i.expiresAt) return 'wait';
  const list = components(i);
  const score = weightedScore(list);
  const outcome: AssessmentOutcome = drift || (resolved === null && !i.health) ? 'inconclusive' : harmful ? 'harmful' : resolved && (score ?? 0) >= EFFECTIVE ? 'effective' : 'ineffective';
  return { outcome, score: outcome === 'inconclusive' ? null : score, components: list, resolved, drift, harmful };
};
