import type { Baseline } from '../domain/records.ts';
import { largestGrowth } from './efficiency.ts';
import type { Assessment, AssessmentInputs } from './score.ts';

const MAX_HINTS = 4;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** What the inputs and the verdict suggest doing differently next time, with what they rest on. */
type Rule = (i: AssessmentInputs, a: Assessment, baseline: Baseline | null) => string | null;

const RULES: readonly Rule[] = [
  (_i, a) => (a.harmful ? 'readiness dropped after it: revert it (the policy can do so itself: compensateHarmfulActions)' : null),
  (_i, a) =>
    a.drift ? 'someone else changed the target after us (GitOps, a person, a controller): agree who owns it before acting again' : null,
  (_i, a) => (a.clearedBefore ? 'the alert had cleared before the action began: a shorter wait or no action at all would have done' : null),
  (i) =>
    i.changes.some((c) => c.dimension === 'replicas') && i.workloadHasHpa
      ? "an HPA controls this workload: adjust the HPA's bounds instead of the replicas"
      : null,
  (i, a) => {
    const grown = largestGrowth(i.changes);
    const fast = a.components.find((c) => c.name === 'time_to_resolution');
    if (a.outcome !== 'effective' || !grown || grown.growth < 0.5 || (fast?.value ?? 0) < 0.8) return null;
    return `it cleared soon after a ${pct(grown.growth)} step of ${grown.change.dimension}: a smaller step may have been enough`;
  },
  (i) =>
    i.health && i.health.oomKillsSince > 0
      ? `containers were OOMKilled ${i.health.oomKillsSince} time(s) after it: memory is still short, or it leaks`
      : null,
  (i, a) =>
    a.outcome === 'ineffective' && i.changes.length === 0 && i.action.name.startsWith('restart')
      ? 'restarting did not clear it: look at the cause (logs, a recent rollout) rather than restarting again'
      : null,
  (i) => (i.recurrences > 0 ? `the alert came back ${i.recurrences} time(s) after it cleared: the fix did not last` : null),
  (_i, a, b) =>
    a.outcome === 'effective' && b && b.rate !== null && b.samples >= 5 && b.rate >= 0.5
      ? `this alert cleared on its own in ${pct(b.rate)} of ${b.samples} incidents: notify_only may do as well`
      : null,
];

/** Improvement hints for an assessed action (at most four, the most serious first). */
export const improvementHints = (i: AssessmentInputs, a: Assessment, baseline: Baseline | null): string[] =>
  RULES.map((rule) => rule(i, a, baseline))
    .filter((h): h is string => h !== null)
    .slice(0, MAX_HINTS);
