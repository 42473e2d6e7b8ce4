import test from 'ava';
import { explain } from '../../../lib/assess/explain.ts';
import { judge, weightedScore, type AssessmentInputs } from '../../../lib/assess/score.ts';

const T = (min: number) => new Date(Date.UTC(2026, 10, 27, 12, min));
const inputs = (over: Partial<AssessmentInputs> = {}): AssessmentInputs => ({
  action: {
    name: 'restart_deployment',
    status: 'succeeded',
    judgedBy: 'alert',
    startedAt: T(0),
    finishedAt: T(0),
    postSpecHash: 'h1',
    preHealth: { ready: 2, desired: 4 },
  },
  now: T(10),
  expiresAt: T(30),
  resolved: { at: T(3), by: 'incident' },
  health: { ready: 4, desired: 4, restartsSince: 0, oomKillsSince: 0 },
  currentSpecHash: 'h1',
  laterOwnActions: 0,
  recurrences: 0,
  sideEffects: 0,
  containment: null,
  changes: [],
  samples: 10,
  workloadHasHpa: false,
  ...over,
});
// A verdict, or a failed test when the judge still waits (no conditional assertion).
const judged = (over: Partial<AssessmentInputs> = {}) => {
  const r = judge(inputs(over));
  if (r === 'wait') throw new Error('expected a verdict, the judge still waits');
  return r;
};
const outcome = (over: Partial<AssessmentInputs>) => {
  const r = judge(inputs(over));
  return r === 'wait' ? 'wait' : r.outcome;
};

test('resolved fast, healthy, no recurrence: effective with score 1', (t) => {
  const r = judged();
  t.is(r.outcome, 'effective');
  t.is(r.score, 1);
  t.deepEqual(
    r.components.map((c) => [c.name, c.value, c.weight]),
    [
      ['alert_resolved', 1, 0.4],
      ['time_to_resolution', 0.9, 0.05],
      ['workload_health', 1, 0.3],
      ['no_recurrence', 1, 0.2],
      ['no_side_effects', 1, 0.1],
    ],
  );
  t.is(r.confidence, 1, 'everything measurable was measured, with ten earlier cases');
});

test('resolved but recurring and restarting: the fix that hides a leak is ineffective', (t) => {
  const r = judged({ recurrences: 2, health: { ready: 4, desired: 4, restartsSince: 3, oomKillsSince: 2 } });
  t.is(r.outcome, 'ineffective');
  t.is(r.score, 0.59, '(0.4 resolved + 0.05 × 0.9 fast + 0.3 × 0.25 health + 0 recurrence + 0.1 side effects) / 1.05');
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
  t.is(
    outcome({
      resolved: false,
      action: { ...inputs().action, preHealth: { ready: 4, desired: 4 } },
      health: { ready: 2, desired: 4, restartsSince: 0, oomKillsSince: 0 },
    }),
    'harmful',
  );
  t.is(
    outcome({
      resolved: false,
      action: { ...inputs().action, preHealth: { ready: 4, desired: 4 } },
      health: { ready: 3, desired: 4, restartsSince: 0, oomKillsSince: 0 },
    }),
    'wait',
  );
});

test('a resolution only Alertmanager knows of still counts', (t) => {
  t.is(outcome({ resolved: { at: null, by: 'alertmanager' } }), 'effective');
});

test('the score is re-normalised over the components that could be measured', (t) => {
  t.is(
    weightedScore([
      { name: 'a', value: 1, weight: 0.4, detail: '' },
      { name: 'b', value: 0, weight: 0.1, detail: '' },
    ]),
    0.8,
  );
  t.is(weightedScore([]), null);
  t.is(judged({ health: null }).components.length, 4);
});

test('the explanation puts the no-action baseline next to the verdict', (t) => {
  const r = judged();
  const text = explain(
    { name: 'restart_deployment', status: 'succeeded' },
    r,
    { alertname: 'A', samples: 10, resolvedWithin: 7, rate: 0.7 },
    30,
  );
  t.regex(text, /^restart_deployment was effective \(score 1\)\. Measured: alert resolved: resolved 3 min after the action \(incident\);/);
  t.regex(
    text,
    /Without any action, 70% of 10 past incident\(s\) of this alert cleared on their own within 30 min, so this success says little on its own\.$/,
  );
  t.regex(
    explain({ name: 'scale_deployment', status: 'dry_run' }, r, null, 30),
    /^Dry run: scale_deployment was not performed.* There is no no-action baseline for this alert yet\.$/,
  );
});

test('an alert that cleared before the action began is not credited to it: inconclusive, and no negative duration', (t) => {
  const r = judged({ resolved: { at: new Date(T(0).getTime() - 12_922 * 60_000), by: 'incident' } });
  t.is(r.outcome, 'inconclusive');
  t.is(r.score, null);
  t.like(r.components[0], { name: 'alert_resolved', value: 0, detail: 'cleared 8 d 23 h before the action began (incident)' });
  const text = explain(inputs().action, r, null, 30);
  t.regex(text, /^Inconclusive: the alert had cleared before restart_deployment began/);
  t.notRegex(text, /-\d/);
});

test('a resolution while the action ran counts for it', (t) => {
  const r = judged({ action: { ...inputs().action, startedAt: T(0), finishedAt: T(4) }, resolved: { at: T(2), by: 'incident' } });
  t.is(r.outcome, 'effective');
  t.is(r.components[0]?.detail, 'resolved while the action ran (incident)');
});

test('a still-firing alert is never reported as "did not come back"', (t) => {
  const r = judged({ resolved: false, now: T(31) });
  t.is(r.outcome, 'ineffective');
  t.deepEqual(
    r.components.map((c) => c.name),
    ['alert_resolved', 'workload_health', 'no_side_effects'],
  );
  t.notRegex(explain(inputs().action, r, null, 30), /did not come back/);
  const back = judged({ recurrences: 1 });
  t.is(back.components.find((c) => c.name === 'no_recurrence')?.detail, 'came back 1 time(s)');
});

const cordonInputs = (containment: AssessmentInputs['containment'], over: Partial<AssessmentInputs> = {}): Partial<AssessmentInputs> => ({
  action: { ...inputs().action, name: 'cordon_node', judgedBy: 'containment', preHealth: null },
  health: null,
  resolved: false,
  containment,
  ...over,
});
const cordon = (containment: AssessmentInputs['containment'], over: Partial<AssessmentInputs> = {}) =>
  judge(inputs(cordonInputs(containment, over)));
const cordoned = (containment: AssessmentInputs['containment']) => judged(cordonInputs(containment));

test('a cordon is judged by what it is for: the node still refuses new pods and none landed on it, even while the alert fires', (t) => {
  const r = cordoned({ node: 'worker-3', unschedulable: true, newPods: [] });
  t.is(r.outcome, 'effective');
  t.is(r.score, 1);
  t.deepEqual(
    r.components.map((c) => [c.name, c.value, c.weight]),
    [
      ['node_unschedulable', 1, 0.5],
      ['no_new_pods', 1, 0.5],
      ['alert_resolved', 0, 0],
    ],
  );
  t.regex(
    explain({ name: 'cordon_node', status: 'succeeded' }, r, null, 30),
    /^cordon_node was effective \(score 1\): cordon_node kept new pods off node worker-3, which is what it is for\. Measured: .*alert resolved: still firing \(reported, not counted\)/,
  );
});

test('a cordon is ineffective when pods landed on the node anyway, inconclusive when someone uncordoned it or it cannot be read', (t) => {
  const landed = cordoned({ node: 'worker-3', unschedulable: true, newPods: ['shop/api-1'] });
  const undone = cordoned({ node: 'worker-3', unschedulable: false, newPods: [] });
  const unread = cordoned(null);
  t.like(landed, { outcome: 'ineffective', score: 0.5 });
  t.regex(landed.components[1]?.detail ?? '', /1 pod\(s\) started on it since: shop\/api-1/);
  t.like(undone, { outcome: 'inconclusive', score: null });
  t.regex(
    explain({ name: 'cordon_node', status: 'succeeded' }, undone, null, 30),
    /^Inconclusive: someone made node worker-3 schedulable again after cordon_node/,
  );
  t.like(unread, { outcome: 'inconclusive' });
});

test('a cordon is judged when due, without waiting for the alert; a dry-run cordon is judged as any dry run', (t) => {
  t.not(cordon({ node: 'w', unschedulable: true, newPods: [] }, { now: T(5) }), 'wait');
  t.is(cordon(null, { action: { ...inputs().action, name: 'cordon_node', judgedBy: 'containment', status: 'dry_run' } }), 'wait');
});

test('confidence: everything measured with ten earlier cases is 1; fewer cases or less measured lowers it; inconclusive is 0', (t) => {
  const c = (over: Partial<AssessmentInputs>) => judged(over).confidence;
  t.is(c({}), 1);
  t.is(c({ samples: 0 }), 0.6);
  t.is(c({ health: null }), 0.71, 'the workload could not be read: 0.75 of the 1.05 that could be measured');
  t.is(c({ currentSpecHash: 'h2' }), 0, 'drift: no verdict to be sure of');
});

test('time to resolution and resource efficiency are scored components', (t) => {
  const r = judged({
    action: { ...inputs().action, name: 'scale_deployment' },
    resolved: { at: T(15), by: 'incident' },
    changes: [{ dimension: 'replicas', before: 4, after: 8 }],
  });
  t.like(
    r.components.find((x) => x.name === 'time_to_resolution'),
    { value: 0.5, detail: 'cleared 15 min after it, of a 30 min window' },
  );
  t.like(
    r.components.find((x) => x.name === 'resource_efficiency'),
    { value: 0.5, detail: 'replicas 4 → 8 (+100%) for an alert that cleared' },
  );
  const still = judged({ resolved: false, now: T(31), changes: [{ dimension: 'replicas', before: 4, after: 8 }] });
  t.like(
    still.components.find((x) => x.name === 'resource_efficiency'),
    { value: 0, detail: 'replicas 4 → 8 (+100%), and the alert did not clear' },
  );
  t.is(
    still.components.find((x) => x.name === 'time_to_resolution'),
    undefined,
  );
  const down = judged({ changes: [{ dimension: 'replicas', before: 8, after: 4 }] });
  t.like(
    down.components.find((x) => x.name === 'resource_efficiency'),
    { value: 1 },
  );
});
