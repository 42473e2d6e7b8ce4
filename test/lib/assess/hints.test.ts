import test from 'ava';
import { improvementHints } from '../../../lib/assess/hints.ts';
import { judge, type Assessment, type AssessmentInputs } from '../../../lib/assess/score.ts';

const T = (min: number) => new Date(Date.UTC(2026, 10, 27, 12, min));
const inputs = (over: Partial<AssessmentInputs> = {}): AssessmentInputs => ({
  action: {
    name: 'scale_deployment',
    status: 'succeeded',
    judgedBy: 'alert',
    startedAt: T(0),
    finishedAt: T(0),
    postSpecHash: 'h1',
    preHealth: { ready: 4, desired: 4 },
  },
  now: T(10),
  expiresAt: T(30),
  resolved: { at: T(1), by: 'incident' },
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
const hintsFor = (over: Partial<AssessmentInputs>, baseline: Parameters<typeof improvementHints>[2] = null) => {
  const i = inputs(over);
  return improvementHints(i, judge(i) as Assessment, baseline);
};

test('a big step that cleared the alert fast: a smaller one may have been enough; a modest one says nothing', (t) => {
  t.deepEqual(hintsFor({ changes: [{ dimension: 'replicas', before: 2, after: 6 }] }), [
    'it cleared soon after a 200% step of replicas: a smaller step may have been enough',
  ]);
  t.deepEqual(hintsFor({ changes: [{ dimension: 'replicas', before: 4, after: 5 }] }), []);
});

test('replicas changed under an HPA: adjust the HPA instead', (t) => {
  t.true(
    hintsFor({ changes: [{ dimension: 'replicas', before: 4, after: 5 }], workloadHasHpa: true }).includes(
      "an HPA controls this workload: adjust the HPA's bounds instead of the replicas",
    ),
  );
});

test('a restart that did not clear it points at the cause; OOMKills and recurrences are named', (t) => {
  const restart = { ...inputs().action, name: 'restart_deployment' };
  const h = hintsFor({
    action: restart,
    resolved: false,
    now: T(31),
    health: { ready: 4, desired: 4, restartsSince: 2, oomKillsSince: 2 },
  });
  t.deepEqual(h, [
    'containers were OOMKilled 2 time(s) after it: memory is still short, or it leaks',
    'restarting did not clear it: look at the cause (logs, a recent rollout) rather than restarting again',
  ]);
  t.deepEqual(hintsFor({ recurrences: 2 }), ['the alert came back 2 time(s) after it cleared: the fix did not last']);
});

test('an alert that mostly clears on its own suggests notify_only, only with enough incidents', (t) => {
  t.deepEqual(hintsFor({}, { alertname: 'A', samples: 8, resolvedWithin: 6, rate: 0.75 }), [
    'this alert cleared on its own in 75% of 8 incidents: notify_only may do as well',
  ]);
  t.deepEqual(hintsFor({}, { alertname: 'A', samples: 3, resolvedWithin: 3, rate: 1 }), []);
});

test('harm and drift come first, and there are never more than four hints', (t) => {
  const busy = hintsFor({
    resolved: false,
    now: T(31),
    recurrences: 1,
    changes: [{ dimension: 'replicas', before: 4, after: 8 }],
    workloadHasHpa: true,
    health: { ready: 1, desired: 4, restartsSince: 1, oomKillsSince: 1 },
    currentSpecHash: 'h2',
  });
  t.is(busy.length, 4);
  t.regex(busy[0] ?? '', /^readiness dropped after it/);
  t.regex(busy[1] ?? '', /^someone else changed the target/);
});
