import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applicableActions, chainFromLabels } from '../../../lib/catalog/target-chain.ts';
import { buildContext, type AnalysisContext } from '../../../lib/slm/analysis-context.ts';
import { RULES, decideByRules } from '../../../lib/slm/rules.ts';
import type { WorkloadFacts } from '../../../lib/kube/facts.ts';
import { alertFrom } from '../../support/alerts.ts';

const context = (labels: Record<string, string>, over: Partial<Parameters<typeof buildContext>[0]> = {}): AnalysisContext => {
  const alert = alertFrom(labels);
  const chain = chainFromLabels(alert);
  return buildContext({ alert, chain, workload: null, pods: [], events: [], node: null, pvc: null, recentActions: [], actionStats: [], targetStats: [], baseline: null, allowedActions: applicableActions(chain), ...over });
};
const workload = (over: Partial<WorkloadFacts> = {}): WorkloadFacts => ({
  kind: 'Deployment', namespace: 'shop', name: 'api', exists: true, replicas: 4, readyReplicas: 4, updatedReplicas: 4, revision: 2,
  revisionCreatedAt: '2026-11-27T00:40:00.000Z', hasPreviousRevision: true, paused: false, containers: [{ name: 'api', requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: null, memory: '512Mi' } }],
  hpa: null, gitops: null, ...over,
});
const pick = (c: AnalysisContext) => {
  const r = decideByRules(c);
  return [r.rule, r.action, r.parameters];
};

test('a cluster-wide alert is notified', (t) => {
  t.deepEqual(pick(context({ alertname: 'KubeMemoryOvercommit', severity: 'warning' })), ['cluster-wide', 'notify_only', {}]);
});

test('an expiring certificate is notified, even on a node', (t) => {
  t.deepEqual(pick(context({ alertname: 'KubeletClientCertificateExpiration', node: 'worker-3' })).slice(0, 2), ['certificate', 'notify_only']);
});

test('OOMKilled gets memory +50% on the workload', (t) => {
  t.deepEqual(pick(context({ alertname: 'HighMemoryUsage', namespace: 'staging', deployment: 'webapp', container: 'webapp' })), ['oom-killed', 'increase_resources', { resource: 'memory', increase_percent: 50 }]);
  const fromFacts = context({ alertname: 'KubePodNotReady', namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q' }, {
    pods: [{ name: 'api-7c9d5b8f6-x2x8q', phase: 'Running', node: null, controlled: true, containers: [{ name: 'api', ready: false, restarts: 3, waiting: null, lastTermination: { reason: 'OOMKilled', exitCode: 137, finishedAt: null } }] }],
  });
  t.is(decideByRules(fromFacts).action, 'increase_resources');
});

test('a crash loop right after a rollout is rolled back; otherwise diagnosed', (t) => {
  const labels = { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q', reason: 'CrashLoopBackOff' };
  t.is(decideByRules(context(labels, { workload: workload() })).action, 'rollback_deployment');
  t.is(decideByRules(context(labels, { workload: workload({ revisionCreatedAt: '2026-11-20T00:00:00.000Z' }) })).action, 'collect_diagnostics');
  t.is(decideByRules(context(labels)).action, 'collect_diagnostics');
});

test('a NotReady node is cordoned', (t) => {
  t.deepEqual(pick(context({ alertname: 'KubeNodeNotReady', node: 'worker-1' })).slice(0, 2), ['node-not-ready', 'cordon_node']);
});

test('a filling volume grows unless its class cannot expand', (t) => {
  const labels = { alertname: 'KubePersistentVolumeFillingUp', namespace: 'data', persistentvolumeclaim: 'data-kafka-0' };
  t.is(decideByRules(context(labels)).action, 'expand_pvc');
  const fixed = context(labels, { pvc: { namespace: 'data', name: 'data-kafka-0', requested: '10Gi', capacity: '10Gi', storageClass: 'standard', expandable: false, phase: 'Bound' } });
  t.not(decideByRules(fixed).action, 'expand_pvc');
});

test('CPU saturation scales by half when replicas are known and no HPA runs; otherwise diagnoses', (t) => {
  const labels = { alertname: 'HighCPUUsage', namespace: 'shop-dev', deployment: 'catalog' };
  t.deepEqual(pick(context(labels, { workload: workload({ replicas: 4 }) })), ['cpu-saturated', 'scale_deployment', { replicas: 6 }]);
  t.is(decideByRules(context(labels, { workload: workload({ hpa: { name: 'catalog', minReplicas: 2, maxReplicas: 8, currentReplicas: 8, desiredReplicas: 8 } }) })).action, 'collect_diagnostics');
  t.is(decideByRules(context(labels)).action, 'collect_diagnostics');
});

test('an HPA held at its ceiling gets a higher ceiling', (t) => {
  const c = context({ alertname: 'KubeHpaMaxedOut', namespace: 'shop', horizontalpodautoscaler: 'cart' }, { workload: workload({ hpa: { name: 'cart', minReplicas: 2, maxReplicas: 10, currentReplicas: 10, desiredReplicas: 10 } }) });
  t.deepEqual(pick(c).slice(1), ['adjust_hpa', { max_replicas: 15 }]);
});

test('an action measured ineffective here is replaced by diagnostics', (t) => {
  const c = context({ alertname: 'HighMemoryUsage', namespace: 'staging', deployment: 'webapp' }, { actionStats: [{ action: 'increase_resources', samples: 4, effective: 1, rate: 0.25 }] });
  const r = decideByRules(c);
  t.is(r.action, 'collect_diagnostics');
  t.is(r.rule, 'oom-killed+history');
  t.regex(r.reasoning, /effective only 1 of 4 times/);
});

test('an action measured effective for this alert is preferred over diagnostics, after enough samples only', (t) => {
  const labels = { alertname: 'KubePodNotReady', namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q' };
  t.is(decideByRules(context(labels, { actionStats: [{ action: 'restart_pod', samples: 5, effective: 5, rate: 1 }] })).action, 'restart_pod');
  t.is(decideByRules(context(labels, { actionStats: [{ action: 'restart_pod', samples: 2, effective: 2, rate: 1 }] })).action, 'collect_diagnostics');
});

test('rules never pick an action that does not apply to the target', (t) => {
  const c = context({ alertname: 'HighMemoryUsage', namespace: 'staging' });
  t.false(c.allowedActions.includes('increase_resources'));
  t.true(c.allowedActions.includes(decideByRules(c).action));
});

test('every rule has a documented condition and outcome', (t) => {
  for (const rule of RULES) t.truthy(rule.when && rule.then, rule.id);
  t.is(new Set(RULES.map((r) => r.id)).size, RULES.length);
});

test('the README documents every rule of the table, in order', (t) => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (.+?) \| (.+?) \|$/gm)].map((m) => m[1]).filter((id) => RULES.some((r) => r.id === id));
  t.deepEqual(rows, RULES.map((r) => r.id));
});
