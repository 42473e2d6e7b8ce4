import test from 'ava';
import { explain } from '../../../lib/assess/explain.ts';
import { judge, weightedScore, type AssessmentInputs } from '../../../lib/assess/score.ts';

const T = (min: number) => new Date(Date.UTC(2026, 10, 27, 12, min));
const inputs = (over: Partial<AssessmentInputs> = {}): AssessmentInputs => ({
  action: { name: 'restart_deployment', status: 'succeeded', finishedAt: T(0), postSpecHash: 'h1', preHealth: { ready: 2, desired: 4 } },
  now: T(10),
  expiresAt: T(30),
  resolved: { at: T(3), by: 'incident' },
  health: { ready: 4, desired: 4, restartsSince: 0, oomKillsSince: 0 },
  currentSpecHash: 'h1',
  laterOwnActions: 0,
  recurrences: 0,
  sideEffects: 0,
  ...over,
});
const outcome = (over: Partial<AssessmentInputs>) => {
  const r = judge(inputs(over));
  return r === 'wait' ? 'wait' : r.outcome;
};

test('resolved fast, healthy, no recurrence: effective with score 1', (t) => {
  const r = judge(inputs());
  t.not(r, 'wait');
  if (r === 'wait') return;
  t.is(r.outcome, 'effective');
  t.is(r.score, 1);
  t.deepEqual(r.components.map((c) => [c.name, c.value, c.weight]), [['alert_resolved', 1, 0.4], ['workload_health', 1, 0.3], ['no_recurrence', 1, 0.2], ['no_side_effects', 1, 0.1]]);
});

test('resolved but recurring and restarting: the fix that hides a leak is ineffective', (t) => {
  const r = judge(inputs({ recurrences: 2, health: { ready: 4, desired: 4, restartsSince: 3, oomKillsSince: 2 } }));
  t.not(r, 'wait');
  if (r === 'wait') return;
  t.is(r.outcome, 'ineffective');
  t.is(r.score, 0.58, '0.4 resolved + 0.3 × 0.25 health + 0 recurrence + 0.1 side effects');
});

test('still firing before the validity window ends: wait; after it: ineffective', (t) => {
  t.is(outcome({ resolved: false }), 'wait');
  t.is(outcome({ resolved: false, now: T(31) }), 'ineffective');
});

test('someone else changed the target after us: inconclusive, neither credit nor blame', (t) => {
  t.is(outcome({ currentSpecHash: 'h2' }), 'inconclusive');
  t.is(outcome({ currentSpecHash: 'h2', laterOwnActions: 1 }), 'effective', 'our own later change is not drift');
});

test('nothing measurable: inconclusive', (t) => {
  t.is(outcome({ resolved: null, health: null, now: T(31) }), 'inconclusive');
});

test('readiness dropping by a quarter or more after our change is harmful, even before the window ends', (t) => {
  t.is(outcome({ resolved: false, action: { ...inputs().action, preHealth: { ready: 4, desired: 4 } }, health: { ready: 2, desired: 4, restartsSince: 0, oomKillsSince: 0 } }), 'harmful');
  t.is(outcome({ resolved: false, action: { ...inputs().action, preHealth: { ready: 4, desired: 4 } }, health: { ready: 3, desired: 4, restartsSince: 0, oomKillsSince: 0 } }), 'wait');
});

test('a resolution only Alertmanager knows of still counts', (t) => {
  t.is(outcome({ resolved: { at: null, by: 'alertmanager' } }), 'effective');
});

test('the score is re-normalised over the components that could be measured', (t) => {
  t.is(weightedScore([{ name: 'a', value: 1, weight: 0.4, detail: '' }, { name: 'b', value: 0, weight: 0.1, detail: '' }]), 0.8);
  t.is(weightedScore([]), null);
  const r = judge(inputs({ health: null }));
  if (r !== 'wait') t.is(r.components.length, 3);
});

test('the explanation puts the no-action baseline next to the verdict', (t) => {
  const r = judge(inputs());
  if (r === 'wait') return t.fail();
  const text = explain({ name: 'restart_deployment', status: 'succeeded' }, r, { alertname: 'A', samples: 10, resolvedWithin: 7, rate: 0.7 }, 30);
  t.regex(text, /^restart_deployment was effective \(score 1\)\. Measured: alert resolved: resolved 3 min after the action \(incident\);/);
  t.regex(text, /Without any action, 70% of 10 past incident\(s\) of this alert cleared on their own within 30 min, so this success says little on its own\.$/);
  t.regex(explain({ name: 'scale_deployment', status: 'dry_run' }, r, null, 30), /^Dry run: scale_deployment was not performed.* There is no no-action baseline for this alert yet\.$/);
});
