import test from 'ava';
import { claim, deployment, hpa, node, podOf, storageClass } from '../../support/cluster-fixture.ts';
import { recommendation } from './harness.ts';
import { useExecuteFixture } from './fixture.ts';

// Every catalog action against a protocol-faithful API server: the exact requests and bodies it sends.
const f = useExecuteFixture();
let ns = 0;
const namespace = () => `shop-${++ns}`;
const run = async (event: Parameters<typeof f.execute>[0], options: Parameters<typeof f.execute>[1] = {}) => {
  const from = f.fake.requests.length;
  const data = await f.execute(event, options);
  return { data, sent: f.mutationsSince(from), action: await f.store.actions.get(data.actionId) };
};
const workloadTarget = (namespace: string, name = 'api', container: string | null = 'api') => ({
  kind: 'Deployment' as const,
  namespace,
  name,
  container,
});

test.serial(
  'restart_deployment patches the pod template annotation by strategic merge, records pre/post, and writes an Event',
  async (t) => {
    const n = namespace();
    f.fake.add(deployment(n, 'api'));
    const { data, sent, action } = await run(await recommendation(f.store, 'restart_deployment', workloadTarget(n)));
    t.is(data.status, 'succeeded');
    t.is(sent.length, 1);
    t.like(sent[0], {
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${n}/deployments/api`,
      contentType: 'application/strategic-merge-patch+json',
    });
    t.regex((sent[0]?.body as any)?.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT/);
    t.truthy(data.preSpecHash);
    t.not(data.preSpecHash, data.postSpecHash);
    t.truthy(action?.preState);
    const events = f.fake.list('v1', 'Event', n) as any[];
    t.is(events.length, 1);
    t.like(events[0], { reason: 'AlertsSlmRemediated', type: 'Normal', involvedObject: { kind: 'Deployment', name: 'api', namespace: n } });
    t.regex(events[0].message, /alerts-slm restart_deployment for alert TestAlert .* Why: test reasoning/);
  },
);

test.serial('scale_deployment goes through the scale subresource with a merge patch', async (t) => {
  const n = namespace();
  f.fake.add(deployment(n, 'api', 4));
  const { data, sent } = await run(await recommendation(f.store, 'scale_deployment', workloadTarget(n), { parameters: { replicas: 6 } }));
  t.is(data.status, 'succeeded');
  t.like(sent[0], {
    method: 'PATCH',
    path: `/apis/apps/v1/namespaces/${n}/deployments/api/scale`,
    contentType: 'application/merge-patch+json',
    body: { spec: { replicas: 6 } },
  });
  t.is((f.fake.get('apps/v1', 'Deployment', n, 'api') as any).spec.replicas, 6);
});

test.serial("increase_resources raises one container's request and limit; the sidecar is untouched", async (t) => {
  const n = namespace();
  f.fake.add(deployment(n, 'api'));
  const { data, sent } = await run(
    await recommendation(f.store, 'increase_resources', workloadTarget(n), { parameters: { resource: 'memory', increase_percent: 50 } }),
  );
  t.is(data.status, 'succeeded');
  t.like(sent[0], { method: 'PATCH', contentType: 'application/strategic-merge-patch+json' });
  t.deepEqual((sent[0]?.body as any)?.spec.template.spec.containers, [
    { name: 'api', resources: { requests: { memory: '768Mi' }, limits: { memory: '768Mi' } } },
  ]);
  const containers = (f.fake.get('apps/v1', 'Deployment', n, 'api') as any).spec.template.spec.containers;
  t.deepEqual(
    containers.map((c: any) => [c.name, c.resources.limits.memory]),
    [
      ['api', '768Mi'],
      ['proxy', '64Mi'],
    ],
  );
});

test.serial(
  'rollback_deployment restores the previous revision’s template by JSON patch, like rollout undo; without one it is refused',
  async (t) => {
    const n = namespace();
    f.fake.add(deployment(n, 'api'));
    const v2 = deployment(n, 'api');
    (v2.spec.template.spec.containers[0] as any).image = 'registry.invalid/api:2';
    f.fake.add(v2);
    const { data, sent } = await run(await recommendation(f.store, 'rollback_deployment', workloadTarget(n), { confidence: 0.95 }), {
      policy: { maxAutoRisk: 'high' },
    });
    t.is(data.status, 'succeeded');
    t.like(sent[0], { method: 'PATCH', contentType: 'application/json-patch+json' });
    const patch = sent[0]?.body as any[];
    t.is(patch[0].op, 'replace');
    t.is(patch[0].path, '/spec/template');
    t.is(patch[0].value.spec.containers[0].image, 'registry.invalid/api:1');
    t.is(patch[0].value.metadata.labels['pod-template-hash'], undefined);
    const d = f.fake.get('apps/v1', 'Deployment', n, 'api') as any;
    t.is(d.metadata.annotations['deployment.kubernetes.io/revision'], '3');
    const m = namespace();
    f.fake.add(deployment(m, 'api'));
    const first = await run(await recommendation(f.store, 'rollback_deployment', workloadTarget(m), { confidence: 0.95 }), {
      policy: { maxAutoRisk: 'high' },
    });
    t.is(first.data.status, 'rejected');
    t.regex(first.data.error ?? '', /no revision before 1/);
    t.is(first.sent.length, 0);
  },
);

test.serial("adjust_hpa merge-patches the autoscaler's bounds", async (t) => {
  const n = namespace();
  f.fake.add(deployment(n, 'api'));
  f.fake.add(hpa(n, 'api', 'api', 2, 10));
  const { data, sent } = await run(
    await recommendation(
      f.store,
      'adjust_hpa',
      { kind: 'HorizontalPodAutoscaler', namespace: n, name: 'api', container: null },
      { parameters: { max_replicas: 14 } },
    ),
  );
  t.is(data.status, 'succeeded');
  t.like(sent[0], {
    method: 'PATCH',
    path: `/apis/autoscaling/v2/namespaces/${n}/horizontalpodautoscalers/api`,
    contentType: 'application/merge-patch+json',
    body: { spec: { maxReplicas: 14 } },
  });
});

test.serial('cordon_node sets spec.unschedulable; an already cordoned node needs nothing', async (t) => {
  f.fake.add(node('worker-7'));
  const { data, sent } = await run(
    await recommendation(f.store, 'cordon_node', { kind: 'Node', namespace: null, name: 'worker-7', container: null }),
  );
  t.is(data.status, 'succeeded');
  t.like(sent[0], {
    method: 'PATCH',
    path: '/api/v1/nodes/worker-7',
    contentType: 'application/merge-patch+json',
    body: { spec: { unschedulable: true } },
  });
  f.fake.add(node('worker-8', true));
  const again = await run(
    await recommendation(f.store, 'cordon_node', { kind: 'Node', namespace: null, name: 'worker-8', container: null }),
  );
  t.is(again.data.status, 'succeeded');
  t.is(again.sent.length, 0);
});

test.serial(
  'drain_node cordons, evicts through the Eviction API, skips DaemonSet and mirror pods, and respects a PodDisruptionBudget',
  async (t) => {
    const n = namespace();
    f.fake.add(node('worker-9'));
    f.fake.add(deployment(n, 'api', 2));
    f.fake.add(deployment(n, 'db', 1));
    podOf(f.fake, n, 'api', 'aaaaa', { node: 'worker-9' });
    podOf(f.fake, n, 'db', 'bbbbb', { node: 'worker-9' });
    f.fake.add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'logs-x1',
        namespace: n,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'logs', uid: 'u1', controller: true }],
      },
      spec: { nodeName: 'worker-9', containers: [{ name: 'l', image: 'l' }] },
      status: { phase: 'Running' },
    });
    f.fake.add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'etcd-worker-9', namespace: n, annotations: { 'kubernetes.io/config.mirror': 'abc' } },
      spec: { nodeName: 'worker-9', containers: [{ name: 'e', image: 'e' }] },
      status: { phase: 'Running' },
    });
    f.fake.add({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'db', namespace: n },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } },
      status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
    });
    const { data, sent, action } = await run(
      await recommendation(
        f.store,
        'drain_node',
        { kind: 'Node', namespace: null, name: 'worker-9', container: null },
        { confidence: 0.95 },
      ),
      { policy: { maxAutoRisk: 'high' } },
    );
    const shape = (r: (typeof sent)[number]) => `${r.method} ${r.path.replace(/pods\/[^/]+\//, 'pods/*/')} ${r.status}`;
    t.deepEqual(sent.map(shape), [
      'PATCH /api/v1/nodes/worker-9 200',
      `POST /api/v1/namespaces/${n}/pods/*/eviction 201`,
      `POST /api/v1/namespaces/${n}/pods/*/eviction 429`,
    ]);
    t.regex(sent[2]?.path ?? '', /pods\/db-/, 'the PDB-protected pod is the refused one');
    t.true(sent.slice(1).every((r) => r.contentType === 'application/json' && (r.body as any).kind === 'Eviction'));
    t.is(data.status, 'failed');
    t.regex(data.error ?? '', /1 eviction\(s\) refused by a PodDisruptionBudget/);
    t.deepEqual(
      f.fake
        .list('v1', 'Pod', n)
        .map((p) => p.metadata?.name)
        .sort(),
      ['etcd-worker-9', 'logs-x1', sent[2]?.path.split('/')[6] ?? ''].sort(),
    );
    t.regex(JSON.stringify(action?.postState), /disruption budget/);
  },
);

test.serial('expand_pvc grows the claim when its StorageClass allows it, and is refused when it does not', async (t) => {
  const n = namespace();
  f.fake.add(storageClass('fast', true));
  f.fake.add(storageClass('fixed', false));
  f.fake.add(claim(n, 'data-0', 'fast', '10Gi'));
  f.fake.add(claim(n, 'data-1', 'fixed', '10Gi'));
  const pvc = (name: string) => ({ kind: 'PersistentVolumeClaim' as const, namespace: n, name, container: null });
  const grown = await run(await recommendation(f.store, 'expand_pvc', pvc('data-0'), { parameters: { increase_percent: 50 } }));
  t.is(grown.data.status, 'succeeded');
  t.like(grown.sent[0], {
    method: 'PATCH',
    path: `/api/v1/namespaces/${n}/persistentvolumeclaims/data-0`,
    contentType: 'application/merge-patch+json',
    body: { spec: { resources: { requests: { storage: '15Gi' } } } },
  });
  const fixed = await run(await recommendation(f.store, 'expand_pvc', pvc('data-1'), { parameters: { increase_percent: 50 } }));
  t.is(fixed.data.status, 'rejected');
  t.regex(fixed.data.error ?? '', /StorageClass fixed does not allow volume expansion/);
  t.is(fixed.sent.length, 0);
});

test.serial('restart_pod deletes a pod that has a controller, never a bare pod', async (t) => {
  const n = namespace();
  f.fake.add(deployment(n, 'api'));
  const pod = podOf(f.fake, n, 'api', 'ccccc');
  const owned = await run(
    await recommendation(f.store, 'restart_pod', { kind: 'Pod', namespace: n, name: pod.metadata?.name ?? '', container: null }),
  );
  t.is(owned.data.status, 'succeeded');
  t.like(owned.sent[0], { method: 'DELETE', path: `/api/v1/namespaces/${n}/pods/${pod.metadata?.name}` });
  f.fake.add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'bare', namespace: n },
    spec: { containers: [{ name: 'b', image: 'b' }] },
    status: { phase: 'Running' },
  });
  const bare = await run(await recommendation(f.store, 'restart_pod', { kind: 'Pod', namespace: n, name: 'bare', container: null }));
  t.is(bare.data.status, 'rejected');
  t.regex(bare.data.error ?? '', /no controller/);
  t.is(bare.sent.length, 0);
});

test.serial(
  'collect_diagnostics only reads: facts, events and the last log lines of failing containers, stored with the action',
  async (t) => {
    const n = namespace();
    f.fake.add(deployment(n, 'api'));
    const pod = podOf(f.fake, n, 'api', 'ddddd', { restarts: 3, reason: 'CrashLoopBackOff' });
    f.fake.setLogs(n, pod.metadata?.name ?? '', 'api', 'line 1\npanic: boom\n', { previous: true });
    const { data, sent, action } = await run(await recommendation(f.store, 'collect_diagnostics', workloadTarget(n)));
    t.is(data.status, 'succeeded');
    t.deepEqual(sent, []);
    const collected = (action?.postState as any)?.collected;
    t.is(collected.pods.length, 1);
    t.is(collected.logs[0].container, 'api');
    t.regex(collected.logs[0].lines, /panic: boom/);
    t.true(f.fake.requests.some((r) => r.path.endsWith('/log') && r.query.previous === 'true' && r.query.tailLines === '50'));
  },
);

test.serial(
  'collect_diagnostics on a Job, a CronJob, a ReplicaSet or a kind nothing reads degrades to what can be read, never a 500',
  async (t) => {
    const n = namespace();
    f.fake.add({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'nightly', namespace: n },
      spec: { template: { spec: { containers: [{ name: 'run', image: 'x' }] } } },
    });
    f.fake.add({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly-cron', namespace: n },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'run', image: 'x' }] } } } } },
    });
    f.fake.add({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'bare-rs', namespace: n },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'bare' } },
        template: { metadata: { labels: { app: 'bare' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
      },
    });
    for (const [kind, name] of [
      ['Job', 'nightly'],
      ['CronJob', 'nightly-cron'],
      ['ReplicaSet', 'bare-rs'],
      ['HorizontalPodAutoscaler', 'missing'],
    ] as const) {
      const event = await recommendation(f.store, 'collect_diagnostics', { kind, namespace: n, name, container: null });
      const { data, sent } = await run(event);
      t.not(data.status, 'failed', `${kind}: ${data.error}`);
      t.deepEqual(sent, [], kind);
    }
  },
);

test.serial(
  'collect_diagnostics on a Service reads the pods it selects; on a PersistentVolume, its phase, reason, claim and class',
  async (t) => {
    const n = namespace();
    f.fake.add(deployment(n, 'api'));
    const pod = podOf(f.fake, n, 'api', 'sssss', { restarts: 2, reason: 'CrashLoopBackOff' });
    f.fake.add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: n },
      spec: { type: 'ClusterIP', selector: { app: 'api' }, ports: [{ name: 'metrics', port: 9090 }] },
    });
    const service = await run(
      await recommendation(f.store, 'collect_diagnostics', { kind: 'Service', namespace: n, name: 'api', container: null }),
    );
    t.is(service.data.status, 'succeeded');
    t.deepEqual(service.sent, []);
    const byService = (service.action?.postState as any)?.collected;
    t.like(byService.object, { kind: 'Service', type: 'ClusterIP', selector: { app: 'api' } });
    t.deepEqual(
      byService.pods.map((p: { name: string }) => p.name),
      [pod.metadata?.name],
    );
    f.fake.add({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pv-${n}` },
      spec: { storageClassName: 'nfs', capacity: { storage: '100Gi' }, claimRef: { namespace: n, name: 'data' } },
      status: { phase: 'Failed', message: 'recycler failed' },
    });
    const pv = await run(
      await recommendation(f.store, 'collect_diagnostics', { kind: 'PersistentVolume', namespace: null, name: `pv-${n}`, container: null }),
    );
    t.is(pv.data.status, 'succeeded');
    t.like((pv.action?.postState as any)?.collected.object, {
      kind: 'PersistentVolume',
      phase: 'Failed',
      message: 'recycler failed',
      claim: `${n}/data`,
      storageClass: 'nfs',
      capacity: '100Gi',
    });
  },
);

test.serial('notify_only sends the generic JSON webhook and the Slack format, and changes nothing', async (t) => {
  const before = f.hooks.bodies.length;
  const { data, sent } = await run(await recommendation(f.store, 'notify_only', null));
  t.is(data.status, 'succeeded');
  t.deepEqual(sent, []);
  const [generic, slack] = [
    f.hooks.bodies.slice(before).find((b) => b.path === '/generic'),
    f.hooks.bodies.slice(before).find((b) => b.path === '/slack'),
  ];
  t.like(generic?.body, { source: 'alerts-slm', kind: 'notify', alertname: 'TestAlert' });
  t.regex(slack?.body.text, /TestAlert \(warning\)/);
  t.is(slack?.body.blocks[0].type, 'section');
});
