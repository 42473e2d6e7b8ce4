import test from 'ava';
import { applicableActions } from '../../../lib/catalog/target-chain.ts';
import { chainFromLabels } from '../../../lib/domain/target-chain.ts';
import { evaluatePolicy } from '../../../lib/policy/evaluate-policy.ts';
import { buildContext, type AnalysisContext } from '../../../lib/slm/analysis-context.ts';
import { decideByRules } from '../../../lib/slm/rules.ts';
import type { WorkloadFacts } from '../../../lib/domain/facts.ts';
import { alertFrom } from '../../support/alerts.ts';
import { input, proposal } from '../policy/policy-input.ts';

const context = (
  labels: Record<string, string>,
  over: Partial<Parameters<typeof buildContext>[0]> = {},
  status: 'firing' | 'resolved' = 'firing',
): AnalysisContext => {
  const alert = alertFrom(labels, { status });
  const chain = chainFromLabels(alert);
  return buildContext({
    alert,
    chain,
    workload: null,
    pods: [],
    events: [],
    node: null,
    pvc: null,
    recentActions: [],
    declines: [],
    actionStats: [],
    targetStats: [],
    baseline: null,
    allowedActions: applicableActions(chain),
    ...over,
  });
};
const workload = (over: Partial<WorkloadFacts> = {}): WorkloadFacts => ({
  kind: 'Deployment',
  namespace: 'shop',
  name: 'api',
  exists: true,
  replicas: 4,
  readyReplicas: 4,
  updatedReplicas: 4,
  revision: 2,
  revisionCreatedAt: '2026-11-27T00:40:00.000Z',
  hasPreviousRevision: true,
  paused: false,
  containers: [{ name: 'api', requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: null, memory: '512Mi' } }],
  hpa: null,
  gitops: null,
  ...over,
});
const pick = (c: AnalysisContext) => {
  const r = decideByRules(c);
  return [r.rule, r.action, r.parameters];
};

test('a cluster-wide alert is notified', (t) => {
  t.deepEqual(pick(context({ alertname: 'KubeAPIErrorBudgetBurn', severity: 'critical', long: '1h', short: '5m' })), [
    'cluster-wide',
    'notify_only',
    {},
  ]);
});

test('an expiring certificate is notified, even on a node', (t) => {
  t.deepEqual(pick(context({ alertname: 'KubeletClientCertificateExpiration', node: 'worker-3' })).slice(0, 2), [
    'certificate',
    'notify_only',
  ]);
});

test('OOMKilled, or memory at its limit, gets memory +50% on the workload', (t) => {
  t.deepEqual(pick(context({ alertname: 'HighMemoryUsage', namespace: 'staging', deployment: 'webapp', container: 'webapp' })), [
    'memory-at-limit',
    'increase_resources',
    { resource: 'memory', increase_percent: 50 },
  ]);
  t.is(
    decideByRules(context({ alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q', reason: 'OOMKilled' })).rule,
    'oom-killed',
  );
  const fromFacts = context(
    { alertname: 'KubePodNotReady', namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q' },
    {
      pods: [
        {
          name: 'api-7c9d5b8f6-x2x8q',
          phase: 'Running',
          node: null,
          controlled: true,
          containers: [
            {
              name: 'api',
              ready: false,
              restarts: 3,
              waiting: null,
              lastTermination: { reason: 'OOMKilled', exitCode: 137, finishedAt: null },
            },
          ],
        },
      ],
    },
  );
  t.is(decideByRules(fromFacts).action, 'increase_resources');
});

test('a crash loop right after a rollout is rolled back; otherwise diagnosed', (t) => {
  const labels = { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q', reason: 'CrashLoopBackOff' };
  t.is(decideByRules(context(labels, { workload: workload() })).action, 'rollback_deployment');
  t.is(
    decideByRules(context(labels, { workload: workload({ revisionCreatedAt: '2026-11-20T00:00:00.000Z' }) })).action,
    'collect_diagnostics',
  );
  t.is(decideByRules(context(labels)).action, 'collect_diagnostics');
});

test('a NotReady node is cordoned', (t) => {
  t.deepEqual(pick(context({ alertname: 'KubeNodeNotReady', node: 'worker-1' })).slice(0, 2), ['node-not-ready', 'cordon_node']);
});

test('a filling volume grows unless its class cannot expand', (t) => {
  const labels = { alertname: 'KubePersistentVolumeFillingUp', namespace: 'data', persistentvolumeclaim: 'data-kafka-0' };
  t.is(decideByRules(context(labels)).action, 'expand_pvc');
  const fixed = context(labels, {
    pvc: {
      namespace: 'data',
      name: 'data-kafka-0',
      requested: '10Gi',
      capacity: '10Gi',
      storageClass: 'standard',
      expandable: false,
      phase: 'Bound',
    },
  });
  t.not(decideByRules(fixed).action, 'expand_pvc');
});

test('CPU saturation scales by half when replicas are known and no HPA runs; otherwise diagnoses', (t) => {
  const labels = { alertname: 'HighCPUUsage', namespace: 'shop-dev', deployment: 'catalog' };
  t.deepEqual(pick(context(labels, { workload: workload({ replicas: 4 }) })), ['cpu-saturated', 'scale_deployment', { replicas: 6 }]);
  t.is(
    decideByRules(
      context(labels, {
        workload: workload({ hpa: { name: 'catalog', minReplicas: 2, maxReplicas: 8, currentReplicas: 8, desiredReplicas: 8 } }),
      }),
    ).action,
    'collect_diagnostics',
  );
  t.is(decideByRules(context(labels)).action, 'collect_diagnostics');
});

test('an HPA held at its ceiling gets a higher ceiling', (t) => {
  const c = context(
    { alertname: 'KubeHpaMaxedOut', namespace: 'shop', horizontalpodautoscaler: 'cart' },
    { workload: workload({ hpa: { name: 'cart', minReplicas: 2, maxReplicas: 10, currentReplicas: 10, desiredReplicas: 10 } }) },
  );
  t.deepEqual(pick(c).slice(1), ['adjust_hpa', { max_replicas: 15 }]);
});

test('an action measured ineffective here is replaced by diagnostics', (t) => {
  const c = context(
    { alertname: 'HighMemoryUsage', namespace: 'staging', deployment: 'webapp' },
    { actionStats: [{ action: 'increase_resources', samples: 4, effective: 1, rate: 0.25 }] },
  );
  const r = decideByRules(c);
  t.is(r.action, 'collect_diagnostics');
  t.is(r.rule, 'memory-at-limit+history');
  t.regex(r.reasoning, /effective only 1 of 4 times/);
});

test('an action measured effective for this alert is preferred over diagnostics, after enough samples only', (t) => {
  const labels = { alertname: 'KubePodNotReady', namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q' };
  t.is(
    decideByRules(context(labels, { actionStats: [{ action: 'restart_pod', samples: 5, effective: 5, rate: 1 }] })).action,
    'restart_pod',
  );
  t.is(
    decideByRules(context(labels, { actionStats: [{ action: 'restart_pod', samples: 2, effective: 2, rate: 1 }] })).action,
    'collect_diagnostics',
  );
});

test('rules never pick an action that does not apply to the target', (t) => {
  const c = context({ alertname: 'HighMemoryUsage', namespace: 'staging' });
  t.false(c.allowedActions.includes('increase_resources'));
  t.true(c.allowedActions.includes(decideByRules(c).action));
});

// node-exporter's own scrape labels (kube-prometheus relabels instance to the node's name).
const NODE_EXPORTER = { job: 'node-exporter', namespace: 'monitoring', pod: 'node-exporter-x7k2q', instance: 'worker-11' };
const POD = { namespace: 'shop', pod: 'api-7c9d5b8f6-x2x8q', container: 'api' };

test('a resolved alert never gets a change, whatever the table or the history would pick', (t) => {
  t.deepEqual(pick(context({ alertname: 'KubeNodeNotReady', node: 'worker-1' }, {}, 'resolved')), ['resolved', 'notify_only', {}]);
  const proven = context(
    { alertname: 'KubePodNotReady', ...POD },
    { actionStats: [{ action: 'restart_pod', samples: 5, effective: 5, rate: 1 }] },
    'resolved',
  );
  t.is(decideByRules(proven).action, 'notify_only');
});

test('informational alerts are notified: severity info or none, Watchdog, quotas, CPU throttling', (t) => {
  t.deepEqual(pick(context({ alertname: 'CPUThrottlingHigh', ...POD, severity: 'info' })).slice(0, 2), ['informational', 'notify_only']);
  t.is(
    decideByRules(context({ alertname: 'CPUThrottlingHigh', ...POD, severity: 'warning' })).action,
    'notify_only',
    'its runbook: never raise the limit for it',
  );
  t.is(decideByRules(context({ alertname: 'InfoInhibitor', ...POD, severity: 'none' })).rule, 'informational');
  t.is(
    decideByRules(context({ alertname: 'KubePodNotReady', ...POD })).action,
    'collect_diagnostics',
    'a missing severity label is not "none"',
  );
});

test('a stuck rollout is rolled back, unless the Deployment has no earlier revision', (t) => {
  const labels = {
    alertname: 'KubeDeploymentRolloutStuck',
    namespace: 'shop',
    deployment: 'api',
    condition: 'Progressing',
    status: 'false',
  };
  t.deepEqual(pick(context(labels)), ['rollout-stuck', 'rollback_deployment', {}]);
  t.is(decideByRules(context(labels, { workload: workload({ hasPreviousRevision: false }) })).action, 'collect_diagnostics');
  t.is(
    decideByRules(context({ alertname: 'KubeDaemonSetRolloutStuck', namespace: 'shop', daemonset: 'agent' })).action,
    'collect_diagnostics',
    'DaemonSets have no rollback',
  );
});

test('a container that cannot start right after a rollout is rolled back; otherwise it is diagnosed', (t) => {
  const labels = { alertname: 'KubeContainerWaiting', ...POD, reason: 'ImagePullBackOff' };
  t.deepEqual(pick(context(labels, { workload: workload() })).slice(0, 2), ['failure-after-rollout', 'rollback_deployment']);
  t.is(
    decideByRules(context(labels, { workload: workload({ revisionCreatedAt: '2026-11-20T00:00:00.000Z' }) })).action,
    'collect_diagnostics',
  );
  t.is(
    decideByRules(context({ ...labels, reason: 'ContainerCreating' }, { workload: workload() })).action,
    'collect_diagnostics',
    'waiting for a volume is no start failure',
  );
});

test('failing node hardware cordons the node: RAID, failed disks, failed or crash-looping systemd units', (t) => {
  for (const alertname of ['NodeRAIDDegraded', 'NodeRAIDDiskFailure', 'NodeSystemdServiceFailed', 'NodeSystemdServiceCrashlooping']) {
    t.deepEqual(pick(context({ alertname, ...NODE_EXPORTER })).slice(0, 2), ['node-hardware', 'cordon_node'], alertname);
  }
  t.is(
    decideByRules(context({ alertname: 'NodeDiskIOSaturation', ...NODE_EXPORTER, device: 'sda' })).action,
    'collect_diagnostics',
    'a busy disk has not failed',
  );
});

test('volume errors and unreachable scrape targets are diagnosed when they name an object, notified when they name none', (t) => {
  const noExpansion = {
    namespace: 'data',
    name: 'data-0',
    requested: '10Gi',
    capacity: '10Gi',
    storageClass: 'standard',
    expandable: false,
    phase: 'Bound',
  };
  t.deepEqual(
    pick(
      context({ alertname: 'KubePersistentVolumeFillingUp', namespace: 'data', persistentvolumeclaim: 'data-0' }, { pvc: noExpansion }),
    ).slice(0, 2),
    ['volume-trouble', 'collect_diagnostics'],
  );
  t.deepEqual(
    pick(context({ alertname: 'KubePersistentVolumeInodesFillingUp', namespace: 'data', persistentvolumeclaim: 'data-0' })).slice(0, 2),
    ['pvc-filling', 'expand_pvc'],
  );
  t.deepEqual(pick(context({ alertname: 'KubePersistentVolumeErrors', persistentvolume: 'pv-1', phase: 'Failed' })).slice(0, 2), [
    'volume-trouble',
    'collect_diagnostics',
  ]);
  t.deepEqual(pick(context({ alertname: 'KubePersistentVolumeErrors', phase: 'Failed' })).slice(0, 2), ['cluster-wide', 'notify_only']);
  t.deepEqual(pick(context({ alertname: 'PrometheusTargetSyncFailure', namespace: 'monitoring', pod: 'prometheus-k8s-0' })).slice(0, 2), [
    'scrape-failing',
    'collect_diagnostics',
  ]);
  t.deepEqual(pick(context({ alertname: 'TargetDown', namespace: 'shop', service: 'api', job: 'api' })).slice(0, 2), [
    'scrape-failing',
    'collect_diagnostics',
  ]);
  t.deepEqual(pick(context({ alertname: 'TargetDown', namespace: 'shop', job: 'api' })).slice(0, 2), ['cluster-wide', 'notify_only']);
});

test("a pick the learning loop proved is as sure as the default policy's minimum, even a high-risk rollback (which then waits for approval)", (t) => {
  const c = context(
    { alertname: 'KubePodCrashLooping', ...POD },
    { actionStats: [{ action: 'rollback_deployment', samples: 5, effective: 4, rate: 0.8 }] },
  );
  const r = decideByRules(c);
  t.is(r.action, 'rollback_deployment');
  t.is(evaluatePolicy(input(proposal('rollback_deployment', {}, { confidence: r.confidence }))).decision, 'approval');
});
