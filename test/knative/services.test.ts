import test from 'ava';
import {
  containerOf,
  functionOf,
  knativeServices,
  loadKnative,
  networkPolicyProblems,
  serviceProblems,
  templateOf,
  withEdit,
  workloads,
  writableTmpProblems,
} from './manifest-checks.ts';

const manifests = loadKnative();
type Editable = {
  metadata: { labels: Record<string, string> };
  spec: {
    template: {
      metadata: { annotations: Record<string, string> };
      spec: {
        serviceAccountName?: string;
        containers: { env: { name: string }[]; readinessProbe?: unknown; securityContext: { runAsUser?: number } }[];
      };
    };
  };
};
const edit = (name: string, change: (s: Editable) => void) => withEdit(manifests, 'Service', name, (m) => change(m as unknown as Editable));

test('every Knative Service names its function, its own ServiceAccount, probes, scaling and a locked-down container', (t) => {
  t.deepEqual(serviceProblems(manifests), []);
});

test('the image runs as the four pipeline functions, the dead-letter sink and the MCP server, one Service each', (t) => {
  t.deepEqual(knativeServices(manifests).map(functionOf).sort(), ['analyze', 'assess', 'dead-letter', 'execute', 'ingest', 'mcp']);
});

test('only ingest keeps a pod after its last request, longer than Alertmanager re-sends a group', (t) => {
  const retention = (s: ReturnType<typeof knativeServices>[number]) =>
    templateOf(s).metadata?.annotations?.['autoscaling.knative.dev/scale-to-zero-pod-retention-period'];
  const kept = knativeServices(manifests).filter((s) => retention(s) !== undefined);
  t.deepEqual(kept.map(functionOf), ['ingest']);
  t.is(retention(kept[0] as (typeof kept)[number]), '10m');
});

test('a Service without FUNCTION is reported', (t) => {
  const broken = edit('alerts-slm-execute', (s) => {
    const c = s.spec.template.spec.containers[0];
    if (c) c.env = c.env.filter((e) => e.name !== 'FUNCTION');
  });
  t.true(serviceProblems(broken).includes('Service alerts-slm-execute: no FUNCTION variable (the image would not know what to serve)'));
});

test('a Service running as the namespace default ServiceAccount is reported', (t) => {
  const broken = edit('alerts-slm-analyze', (s) => {
    delete s.spec.template.spec.serviceAccountName;
  });
  t.deepEqual(serviceProblems(broken), [
    'Service alerts-slm-analyze: serviceAccountName should be alerts-slm-analyze, its own, got none (the namespace default)',
  ]);
});

test('a Service without a readiness probe is reported', (t) => {
  const broken = edit('alerts-slm-assess', (s) => {
    const c = s.spec.template.spec.containers[0];
    if (c) delete c.readinessProbe;
  });
  t.deepEqual(serviceProblems(broken), ['Service alerts-slm-assess: readinessProbe must GET /health/readiness']);
});

test('a Service that does not scale to zero, or has no scale bounds, is reported', (t) => {
  const broken = edit('alerts-slm-dead-letter', (s) => {
    s.spec.template.metadata.annotations['autoscaling.knative.dev/min-scale'] = '1';
    delete s.spec.template.metadata.annotations['autoscaling.knative.dev/max-scale'];
  });
  t.deepEqual(serviceProblems(broken), [
    'Service alerts-slm-dead-letter: autoscaling.knative.dev/min-scale must be "0" (scale to zero)',
    'Service alerts-slm-dead-letter: autoscaling.knative.dev/max-scale must be a positive integer',
  ]);
});

test('a Service reachable from outside the cluster, or pinned to a UID, is reported', (t) => {
  const broken = edit('alerts-slm-execute', (s) => {
    delete s.metadata.labels['networking.knative.dev/visibility'];
    const c = s.spec.template.spec.containers[0];
    if (c) c.securityContext.runAsUser = 1000;
  });
  t.deepEqual(serviceProblems(broken), [
    'Service alerts-slm-execute: must be labelled networking.knative.dev/visibility: cluster-local',
    'Service alerts-slm-execute: must not pin runAsUser (OpenShift assigns an arbitrary UID)',
  ]);
});

test('the NetworkPolicy admits the activator, the broker and Alertmanager to every function pod', (t) => {
  t.deepEqual(networkPolicyProblems(manifests), []);
});

test('a NetworkPolicy that shuts out the activator (the scale-from-zero path) is reported', (t) => {
  const broken = withEdit(manifests, 'NetworkPolicy', 'alerts-slm-functions', (m) => {
    const rule = (m.spec as { ingress: { from: { namespaceSelector: { matchLabels: Record<string, string> } }[] }[] }).ingress[0];
    if (rule) rule.from = rule.from.filter((f) => f.namespaceSelector.matchLabels['kubernetes.io/metadata.name'] !== 'knative-serving');
  });
  const problems = networkPolicyProblems(broken);
  t.is(problems.length, 6);
  t.true(problems.every((p) => p.endsWith('does not admit namespace knative-serving')));
});

test('every workload with a read-only root filesystem, the migration Job included, has an emptyDir at /tmp to write to', (t) => {
  const checked = workloads(manifests).filter((w) => containerOf(w.template).securityContext?.readOnlyRootFilesystem);
  t.is(checked.length, 7, 'six Services and the migration Job');
  t.deepEqual(
    checked.flatMap((w) => writableTmpProblems(w.name, w.template)),
    [],
  );
});

test('a read-only root filesystem without /tmp, or with /tmp mounted read-only, is reported', (t) => {
  const job = workloads(manifests).find((w) => w.name === 'Job alerts-slm-migrate');
  if (!job) throw new Error('no migration Job');
  const container = containerOf(job.template);
  const without = { spec: { ...job.template.spec, containers: [{ ...container, volumeMounts: [] }] } };
  t.deepEqual(writableTmpProblems('Job alerts-slm-migrate', without), [
    'Job alerts-slm-migrate: the root filesystem is read-only, so /tmp must be an emptyDir (the one writable path)',
  ]);
  const mounts = [{ name: 'tmp', mountPath: '/tmp', readOnly: true }];
  const readOnly = { spec: { ...job.template.spec, containers: [{ ...container, volumeMounts: mounts }] } };
  t.deepEqual(writableTmpProblems('Job alerts-slm-migrate', readOnly), ['Job alerts-slm-migrate: /tmp is mounted read-only']);
});
