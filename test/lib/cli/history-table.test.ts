import test from 'ava';
import { historyTable, refusedTable } from '../../../lib/cli/history-table.ts';
import { targetKeyArgument } from '../../../lib/cli/target-argument.ts';
import { UsageError } from '../../../lib/cli/command.ts';
import type { DecisionRecord } from '../../../lib/domain/records.ts';

const decision = (over: Partial<DecisionRecord> = {}): DecisionRecord => ({
  id: '5da2da21-2316-450c-a9a1-6f39a0249c1f',
  recommendationEventId: 'r1',
  incidentId: 'i1',
  alertname: 'KubePodCrashLooping',
  fingerprint: 'f',
  target: { kind: 'Deployment', namespace: 'shop', name: 'api' },
  action: 'restart_deployment',
  parameters: {},
  disruptive: true,
  decision: 'perform',
  verdicts: [{ gate: 'cooldown', verdict: 'pass', reason: 'no recent restart' }],
  status: 'succeeded',
  preState: null,
  preSpecHash: null,
  postState: null,
  postSpecHash: null,
  startedAt: new Date('2026-11-27T00:52:01Z'),
  finishedAt: null,
  error: null,
  decidedBy: null,
  decidedAt: null,
  assessment: { outcome: 'effective', score: 0.91, assessedAt: new Date() },
  recommendation: { source: 'slm', confidence: 0.82, reasoning: 'r', model: 'granite' },
  assessmentDetail: {
    factors: [{ name: 'alert_resolved', value: 1, weight: 0.5, detail: 'resolved after 3m' }],
    reasoning: 'The alert cleared.',
  },
  ...over,
});
const cells = (line: string | undefined) => (line ?? '').split(/ {2,}/);

test('each decision is one line: time, short id, alert, target, action, status, who decided, source, outcome; then its factors', (t) => {
  const lines = historyTable([decision()]);
  t.deepEqual(cells(lines[0]), ['TIME (UTC)', 'ID', 'ALERT', 'TARGET', 'ACTION', 'STATUS', 'DECIDED BY', 'SOURCE', 'OUTCOME']);
  t.deepEqual(cells(lines[1]), [
    '2026-11-27 00:52:01',
    '5da2da21',
    'KubePodCrashLooping',
    'shop/Deployment/api',
    'restart_deployment',
    'performed',
    'policy',
    'slm 0.82',
    'effective 0.91',
  ]);
  t.is(lines[2], '    alert_resolved = 1.00 (weight 0.5): resolved after 3m');
  t.is(lines[3], '    The alert cleared.');
});

test('statuses say apart what a gate, a person and the cluster did, and who decided', (t) => {
  const rows: [Partial<DecisionRecord>, string, string][] = [
    [
      { status: 'rejected', verdicts: [{ gate: 'protected_namespace', verdict: 'block', reason: 'kube-system is protected' }] },
      'blocked',
      'gate',
    ],
    [{ status: 'approval_required' }, 'awaiting approval', '-'],
    [{ status: 'declined', decidedBy: 'carol' }, 'declined', 'carol'],
    [{ status: 'approved', decidedBy: 'dave' }, 'approved', 'dave'],
    [{ status: 'expired', decidedBy: 'erin' }, 'expired', 'erin'],
    [{ status: 'succeeded', decidedBy: 'dave' }, 'performed', 'dave'],
    [{ status: 'failed' }, 'failed', 'policy'],
    [{ status: 'skipped' }, 'skipped', 'policy'],
    [{ status: 'dry_run' }, 'dry run', 'policy'],
  ];
  for (const [over, status, who] of rows) {
    const [, line] = historyTable([decision({ assessment: null, assessmentDetail: null, ...over })]);
    t.deepEqual(cells(line).slice(5, 7), [status, who], JSON.stringify(over));
  }
});

test('an assessment not scored yet reads "not yet assessed"; no assessment is "-"', (t) => {
  t.is(
    cells(historyTable([decision({ assessment: { outcome: null, score: null, assessedAt: null }, assessmentDetail: null })])[1]).at(-1),
    'not yet assessed',
  );
  t.is(cells(historyTable([decision({ assessment: null, assessmentDetail: null })])[1]).at(-1), '-');
});

test('a refused action shows the gates that held it, never the passing ones', (t) => {
  const lines = historyTable([
    decision({
      status: 'rejected',
      assessment: null,
      assessmentDetail: null,
      verdicts: [
        { gate: 'protected_namespace', verdict: 'block', reason: 'kube-system is protected' },
        { gate: 'cooldown', verdict: 'pass', reason: 'ok' },
        { gate: 'risk', verdict: 'approval', reason: 'high risk' },
      ],
    }),
  ]);
  t.deepEqual(lines.slice(2), ['    blocked (protected_namespace): kube-system is protected', '    needs a person (risk): high risk']);
});

test('a long target is shortened in its middle (namespace, kind and the name’s end stay); --wide cuts nothing and shows the whole id', (t) => {
  const long = decision({
    target: { kind: 'Deployment', namespace: 'payments', name: 'checkout-payment-gateway-api-canary' },
    alertname: 'KubeDeploymentReplicasMismatchLonger',
  });
  const narrow = cells(historyTable([long])[1]);
  t.is(narrow[2], 'KubeDeploymentReplicasM…');
  t.is(narrow[3], 'payments/Deployment/checkout-p…pi-canary');
  t.is(narrow[3]?.length, 40);
  const claim = decision({ target: { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data-postgres-replica-0' } });
  t.is(cells(historyTable([claim])[1])[3], 'shop/PersistentVolumeClaim/data-p…lica-0');
  const wide = cells(historyTable([long], { wide: true })[1]);
  t.deepEqual(wide.slice(1, 4), [
    '5da2da21-2316-450c-a9a1-6f39a0249c1f',
    'KubeDeploymentReplicasMismatchLonger',
    'payments/Deployment/checkout-payment-gateway-api-canary',
  ]);
});

test('an empty history says so', (t) => {
  t.deepEqual(historyTable([]), ['no decisions recorded yet']);
});

test('--refused lists the events execute refused: when, which event, from where, and why', (t) => {
  const event = {
    specversion: '1.0' as const,
    id: 'forged-1',
    source: '/somewhere/else',
    type: 'dev.alerts-slm.action.recommended.v1',
    data: {},
  };
  const lines = refusedTable([
    { consumer: 'execute', reason: 'no recommendation forged-1 was stored', receivedAt: new Date('2026-11-27T00:52:01Z'), event },
  ]);
  t.deepEqual(cells(lines[0]), ['TIME (UTC)', 'CONSUMER', 'TYPE', 'EVENT ID', 'SOURCE', 'REASON']);
  t.deepEqual(cells(lines[1]), [
    '2026-11-27 00:52:01',
    'execute',
    'dev.alerts-slm.action.recommended.v1',
    'forged-1',
    '/somewhere/else',
    'no recommendation forged-1 was stored',
  ]);
  t.deepEqual(refusedTable([]), ['no events were refused']);
});

test('--target takes namespace/kind/name in any case, or kind/name for a Node', (t) => {
  t.is(targetKeyArgument('shop/deployment/api'), 'shop/Deployment/api');
  t.is(targetKeyArgument('node/worker-3'), 'Node/worker-3');
  t.throws(() => targetKeyArgument('shop/widget/api'), { instanceOf: UsageError, message: /expected namespace\/kind\/name/ });
});
