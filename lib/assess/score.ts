import { durationWords } from '../domain/duration-words.ts';
import type { ScoreComponent } from '../events/action-assessed.ts';
import type { AssessmentOutcome } from '../domain/execution.ts';
import type { DimensionChange } from '../domain/oscillation.ts';
import { judgeContainment, type Containment } from './containment.ts';
import { efficiencyComponent } from './efficiency.ts';
import { resolutionTimeComponent } from './resolution-time.ts';

/** What is known about an action's aftermath when its assessment is due. */
export interface AssessmentInputs {
  action: {
    name: string;
    status: 'succeeded' | 'dry_run';
    /** What the catalog says the action is for (its `judgedBy`). */
    judgedBy: 'alert' | 'containment';
    startedAt: Date;
    finishedAt: Date;
    postSpecHash: string | null;
    preHealth: { ready: number; desired: number } | null;
  };
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
  /** For a containment action: the node now and the pods that started on it since; null when it cannot be read. */
  containment: Containment | null;
  /** What the action moved (replicas, requests, size: its spec before and after); empty when nothing or unknown. */
  changes: Omit<DimensionChange, 'at'>[];
  /** Judged assessments of this action for this alert before this one (the learning loop's sample size). */
  samples: number;
  /** Whether an HPA controls the workload (null when unknown). */
  workloadHasHpa: boolean | null;
}

/** A decided assessment. */
export interface Assessment {
  outcome: AssessmentOutcome;
  score: number | null;
  components: ScoreComponent[];
  resolved: boolean | null;
  drift: boolean;
  harmful: boolean;
  /** The alert had cleared before the action began: not the action's doing, nor its failure. */
  clearedBefore: boolean;
  /** What a performed containment action's verdict rests on, in a sentence (null for other actions). */
  containmentVerdict: string | null;
  /** How sure the verdict is (0…1): the share of what could be measured that was, and the sample size; 0 when inconclusive. */
  confidence: number;
}

const WEIGHTS = {
  alert_resolved: 0.4,
  workload_health: 0.3,
  no_recurrence: 0.2,
  no_side_effects: 0.1,
  time_to_resolution: 0.05,
  resource_efficiency: 0.05,
} as const;
// From this many earlier judged cases of the same action for the same alert, the sample size no longer lowers confidence.
const FULL_SAMPLES = 10;
const EFFECTIVE = 0.6;
// A readiness drop of a quarter of the replicas after our change is "made things worse".
const HARMFUL_DROP = 0.25;

const ratio = (h: { ready: number; desired: number }) => (h.desired > 0 ? Math.min(1, h.ready / h.desired) : 1);

// When it cleared, relative to the action: after it (or while it ran), or before it began (never a negative duration).
const resolution = (i: AssessmentInputs): { value: number; detail: string; before: boolean } => {
  if (i.resolved === false) return { value: 0, detail: 'still firing', before: false };
  const r = i.resolved as { at: Date | null; by: string };
  if (!r.at) return { value: 1, detail: `resolved (${r.by})`, before: false };
  const { startedAt, finishedAt } = i.action;
  const before = durationWords(startedAt.getTime() - r.at.getTime());
  if (r.at < startedAt) return { value: 0, detail: `cleared ${before} before the action began (${r.by})`, before: true };
  if (r.at < finishedAt) return { value: 1, detail: `resolved while the action ran (${r.by})`, before: false };
  return { value: 1, detail: `resolved ${durationWords(r.at.getTime() - finishedAt.getTime())} after the action (${r.by})`, before: false };
};

const components = (i: AssessmentInputs): ScoreComponent[] => {
  const list: ScoreComponent[] = [];
  if (i.resolved !== null) {
    const { value, detail, before } = resolution(i);
    list.push({ name: 'alert_resolved', value, weight: WEIGHTS.alert_resolved, detail });
    const at = i.resolved ? i.resolved.at : null;
    // Cleared while the action ran counts as cleared when it finished.
    const fast =
      before || !at
        ? null
        : resolutionTimeComponent(
            // biome-ignore lint/complexity/useMathMinMax: these are Dates, and Math.max would turn them into numbers.
            at < i.action.finishedAt ? i.action.finishedAt : at,
            i.action.finishedAt,
            i.expiresAt,
            WEIGHTS.time_to_resolution,
          );
    if (fast) list.push(fast);
  }
  if (i.health) {
    const r = ratio(i.health);
    const value = r * (i.health.restartsSince > 0 ? 0.5 : 1) * (i.health.oomKillsSince > 0 ? 0.5 : 1);
    const detail = `${i.health.ready}/${i.health.desired} ready, ${i.health.restartsSince} restarts and ${i.health.oomKillsSince} OOMKills since`;
    list.push({ name: 'workload_health', value: Math.round(value * 100) / 100, weight: WEIGHTS.workload_health, detail });
  }
  // Coming back is measured only once it went away: a still-firing alert did not "not come back".
  if (i.resolved) {
    const detail = i.recurrences === 0 ? 'did not come back' : `came back ${i.recurrences} time(s)`;
    list.push({ name: 'no_recurrence', value: i.recurrences === 0 ? 1 : 0, weight: WEIGHTS.no_recurrence, detail });
  }
  const sideEffects = i.sideEffects === 0 ? 'no new alerts on the target' : `${i.sideEffects} new alert(s) on the target`;
  list.push({ name: 'no_side_effects', value: Math.max(0, 1 - 0.5 * i.sideEffects), weight: WEIGHTS.no_side_effects, detail: sideEffects });
  const efficiency =
    i.action.status === 'succeeded'
      ? efficiencyComponent(i.changes, i.resolved === null ? null : i.resolved !== false, WEIGHTS.resource_efficiency)
      : null;
  if (efficiency) list.push(efficiency);
  return list;
};

// What could have been measured for this action: the alert, the workload and side effects always; how fast and
// whether it came back only once it cleared; efficiency only for an action that moves numbers.
const possibleWeight = (i: AssessmentInputs): number =>
  WEIGHTS.alert_resolved +
  WEIGHTS.workload_health +
  WEIGHTS.no_side_effects +
  (i.resolved ? WEIGHTS.no_recurrence + WEIGHTS.time_to_resolution : 0) +
  (i.action.status === 'succeeded' && i.changes.length > 0 ? WEIGHTS.resource_efficiency : 0);

/** How sure a verdict is: the measured share of what could be measured, lowered while the sample size is small. */
export const verdictConfidence = (measuredWeight: number, possible: number, samples: number): number =>
  Math.round(Math.min(1, measuredWeight / possible) * (0.6 + 0.4 * Math.min(1, samples / FULL_SAMPLES)) * 100) / 100;

/** Weighted mean of the components, re-normalised over those it could measure. */
export const weightedScore = (list: readonly ScoreComponent[]): number | null => {
  const weight = list.reduce((w, c) => w + c.weight, 0);
  return weight === 0 ? null : Math.round((list.reduce((s, c) => s + c.value * c.weight, 0) / weight) * 100) / 100;
};

/**
 * Judges an action by its outcome, or says to wait: before the validity window ends, an alert still firing may yet
 * clear. Drift (someone else changed the target after us) makes it inconclusive rather than credit or blame us, and
 * so does an alert that cleared before the action began. A performed containment action is judged by what it is for.
 */
export const judge = (i: AssessmentInputs): Assessment | 'wait' => {
  const resolved = i.resolved === null ? null : i.resolved !== false;
  if (i.action.judgedBy === 'containment' && i.action.status === 'succeeded') {
    // The alert is reported next to the verdict, with no weight: clearing it is not what a containment is for.
    const r = i.resolved === null ? null : resolution(i);
    const alert = r ? [{ name: 'alert_resolved', value: r.value, weight: 0, detail: `${r.detail} (reported, not counted)` }] : [];
    const c = judgeContainment(i.action.name, i.containment);
    const confidence = c.outcome === 'inconclusive' ? 0 : verdictConfidence(1, 1, i.samples);
    return { ...c, components: [...c.components, ...alert], resolved, drift: false, harmful: false, clearedBefore: false, confidence };
  }
  const drift =
    i.action.postSpecHash !== null && i.currentSpecHash !== null && i.currentSpecHash !== i.action.postSpecHash && i.laterOwnActions === 0;
  const harmful =
    i.action.status === 'succeeded' &&
    i.action.preHealth !== null &&
    i.health !== null &&
    ratio(i.health) < ratio(i.action.preHealth) - HARMFUL_DROP;
  if (!drift && !harmful && !resolved && i.now < i.expiresAt) return 'wait';
  const clearedBefore = resolved === true && resolution(i).before;
  const list = components(i);
  const score = weightedScore(list);
  const unmeasured = resolved === null && !i.health;
  const outcome: AssessmentOutcome =
    drift || unmeasured
      ? 'inconclusive'
      : harmful
        ? 'harmful'
        : clearedBefore
          ? 'inconclusive'
          : resolved && (score ?? 0) >= EFFECTIVE
            ? 'effective'
            : 'ineffective';
  const scored = outcome === 'inconclusive' ? null : score;
  const measured = list.reduce((w, c) => w + c.weight, 0);
  const confidence = outcome === 'inconclusive' ? 0 : verdictConfidence(measured, possibleWeight(i), i.samples);
  return { outcome, score: scored, components: list, resolved, drift, harmful, clearedBefore, containmentVerdict: null, confidence };
};
