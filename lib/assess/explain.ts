import type { Baseline } from '../domain/records.ts';
import type { Assessment } from './score.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

// The verdict's sentence: why it is inconclusive, what a containment rests on, or the outcome and score.
const verdictOf = (action: { name: string; status: 'succeeded' | 'dry_run' }, a: Assessment): string => {
  const score = a.score === null ? '' : ` (score ${a.score})`;
  if (a.drift) return `Inconclusive: someone else changed the target after ${action.name}, so its outcome is not ours to credit or blame.`;
  if (a.containmentVerdict) {
    return a.outcome === 'inconclusive'
      ? `Inconclusive: ${a.containmentVerdict}.`
      : `${action.name} was ${a.outcome}${score}: ${a.containmentVerdict}.`;
  }
  if (a.clearedBefore) {
    return `Inconclusive: the alert had cleared before ${action.name} began, so its clearing is neither this action's doing nor its failure.`;
  }
  if (a.outcome === 'inconclusive') return `Inconclusive: too little could be measured after ${action.name}.`;
  if (action.status === 'dry_run') {
    const what = a.outcome === 'effective' ? 'the problem cleared' : 'the problem stayed';
    return `Dry run: ${action.name} was not performed; this records what happened without it (${what}).`;
  }
  return `${action.name} was ${a.outcome}${score}.`;
};

/** The one paragraph an SRE reads: the verdict, what was measured, and the no-action baseline next to it. */
export const explain = (
  action: { name: string; status: 'succeeded' | 'dry_run' },
  a: Assessment,
  baseline: Baseline | null,
  windowMinutes: number,
): string => {
  const measured = a.components.map((c) => `${c.name.replace(/_/g, ' ')}: ${c.detail}`).join('; ');
  const verdict = verdictOf(action, a);
  const base =
    baseline && baseline.rate !== null && baseline.samples > 0
      ? ` Without any action, ${pct(baseline.rate)} of ${baseline.samples} past incident(s) of this alert cleared on their own within ${windowMinutes} min${a.outcome === 'effective' && baseline.rate >= 0.5 ? ', so this success says little on its own' : ''}.`
      : ' There is no no-action baseline for this alert yet.';
  return `${verdict} ${measured ? `Measured: ${measured}.` : ''}${base}`.replace(/\s+/g, ' ').trim();
};
