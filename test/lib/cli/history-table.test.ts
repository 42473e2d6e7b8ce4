import test from 'ava';
import { historyTable } from '../../../lib/cli/history-table.ts';
import { targetKeyArgument } from '../../../lib/cli/target-argument.ts';
import { UsageError } from '../../../lib/cli/command.ts';
import type { DecisionRecord } from '../../../lib/store/records.ts';

const decision = (over: Partial<DecisionRecord> = {}): DecisionRecord => ({
  id: 'a1', recommendationEventId: 'r1', incidentId: 'i1', alertname: 'KubePodCrashLooping', fingerprint: 'f', target: { kind: 'Deployment', namespace: 'shop', name: 'api' },
  action: 'restart_deployment', parameters: {}, disruptive: true, decision: 'perform', verdicts: [{ gate: 'cooldown', verdict: 'pass', reason: 'no recent restart' }],
  status: 'succeeded', preState: null, preSpecHash: null, postState: null, postSpecHash: null, startedAt: new Date('2026-11-27T00:52:01Z'), finishedAt: null, error: null,
  decidedBy: null, decidedAt: null, assessment: { outcome: 'effective', score: 0.91, assessedAt: new Date() }, recommendation: { source: 'slm', confidence: 0.82, reasoning: 'r', model: 'granite' },
  assessmentDetail: { factors: [{ name: 'alert_resolved', value: 1, weight: 0.5, detail: 'resolved after 3m' }], reasoning: 'The alert cleared.' }, ...over,
});

test('each decision is one line with target, action, status, source and outcome, then its factors', (t) => {
  const lines = historyTable([decision()]);
  t.regex(lines[1] ?? '', /^2026-11-27 00:52:01\s+shop\/Deployment\/api\s+restart_deployment\s+succeeded\s+slm 0\.82\s+effective 0\.91$/);
  t.is(lines[2], '    alert_resolved = 1.00 (weight 0.5): resolved after 3m');
  t.is(lines[3], '    The alert cleared.');
});

test('a refused action shows the gates that blocked it, never the passing ones', (t) => {
  const lines = historyTable([decision({ status: 'rejected', assessment: null, assessmentDetail: null, verdicts: [{ gate: 'protected_namespace', verdict: 'block', reason: 'kube-system is protected' }, { gate: 'cooldown', verdict: 'pass', reason: 'ok' }] })]);
  t.deepEqual(lines.slice(2), ['    block: protected_namespace: kube-system is protected']);
});

test('an empty history says so', (t) => {
  t.deepEqual(historyTable([]), ['no decisions recorded yet']);
});

test('--target takes namespace/kind/name in any case, or kind/name for a Node', (t) => {
  t.is(targetKeyArgument('shop/deployment/api'), 'shop/Deployment/api');
  t.is(targetKeyArgument('node/worker-3'), 'Node/worker-3');
  t.throws(() => targetKeyArgument('shop/widget/api'), { instanceOf: UsageError, message: /expected namespace\/kind\/name/ });
});
