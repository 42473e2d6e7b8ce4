import test from 'ava';
import { targetFromLabels } from '../../../lib/alertmanager/target-from-labels.ts';

test('a crash-looping pod is the target, and its Deployment is inferred from the pod name', (t) => {
  t.deepEqual(
    targetFromLabels({
      alertname: 'KubePodCrashLooping',
      namespace: 'shop-prod',
      pod: 'checkout-api-7c9d5b8f6-x2x8q',
      container: 'api',
      job: 'kube-state-metrics',
    }),
    {
      namespace: 'shop-prod',
      target: { kind: 'Pod', namespace: 'shop-prod', name: 'checkout-api-7c9d5b8f6-x2x8q', container: 'api' },
      workload: { kind: 'Deployment', namespace: 'shop-prod', name: 'checkout-api', inferred: true },
    },
  );
});

test('a deployment label names the workload (not inferred) and becomes the target without a pod', (t) => {
  const r = targetFromLabels({ alertname: 'KubeDeploymentReplicasMismatch', namespace: 'shop-prod', deployment: 'checkout-api' });
  t.deepEqual(r.target, { kind: 'Deployment', namespace: 'shop-prod', name: 'checkout-api', container: null });
  t.deepEqual(r.workload, { kind: 'Deployment', namespace: 'shop-prod', name: 'checkout-api', inferred: false });
});

test('statefulset, daemonset and Job (job_name, since job is the scrape job) labels name their kinds', (t) => {
  t.is(targetFromLabels({ alertname: 'A', namespace: 'data', statefulset: 'kafka' }).target?.kind, 'StatefulSet');
  t.is(targetFromLabels({ alertname: 'A', namespace: 'kube-ops', daemonset: 'fluent-bit' }).target?.kind, 'DaemonSet');
  const job = targetFromLabels({ alertname: 'KubeJobFailed', namespace: 'batch', job_name: 'nightly-report', job: 'kube-state-metrics' });
  t.deepEqual(job.target, { kind: 'Job', namespace: 'batch', name: 'nightly-report', container: null });
});

test('a PVC or an HPA named by the alert is the target', (t) => {
  t.is(
    targetFromLabels({ alertname: 'KubePersistentVolumeFillingUp', namespace: 'data', persistentvolumeclaim: 'data-kafka-0' }).target?.kind,
    'PersistentVolumeClaim',
  );
  t.deepEqual(targetFromLabels({ alertname: 'KubeHpaMaxedOut', namespace: 'shop-prod', horizontalpodautoscaler: 'cart' }).target, {
    kind: 'HorizontalPodAutoscaler',
    namespace: 'shop-prod',
    name: 'cart',
    container: null,
  });
});

test("node-exporter's own namespace and pod are not the target: the node is", (t) => {
  const r = targetFromLabels({
    alertname: 'NodeNetworkReceiveErrs',
    job: 'node-exporter',
    namespace: 'monitoring',
    pod: 'node-exporter-9zq4m',
    instance: '10.0.4.17:9100',
    device: 'eth0',
  });
  t.deepEqual(r, { namespace: null, target: { kind: 'Node', namespace: null, name: '10.0.4.17', container: null }, workload: null });
  t.is(
    targetFromLabels({ alertname: 'NodeFilesystemAlmostOutOfSpace', job: 'node-exporter', namespace: 'monitoring', node: 'worker-3' })
      .target?.name,
    'worker-3',
  );
});

test('a node label names a Node', (t) => {
  t.deepEqual(targetFromLabels({ alertname: 'KubeletClientCertificateExpiration', node: 'worker-3', job: 'kubelet' }).target, {
    kind: 'Node',
    namespace: null,
    name: 'worker-3',
    container: null,
  });
});

test('exported_namespace and exported_pod win when the scrape renamed them', (t) => {
  const r = targetFromLabels({ alertname: 'A', namespace: 'monitoring', exported_namespace: 'shop', pod: 'ksm-1', exported_pod: 'web-0' });
  t.is(r.namespace, 'shop');
  t.deepEqual(r.workload, { kind: 'StatefulSet', namespace: 'shop', name: 'web', inferred: true });
});

test('owner labels from kube_pod_owner name the controller', (t) => {
  const r = targetFromLabels({ alertname: 'A', namespace: 'shop', pod: 'api-x1', owner_kind: 'ReplicaSet', owner_name: 'api-5d8f7c9b6d' });
  t.deepEqual(r.workload, { kind: 'Deployment', namespace: 'shop', name: 'api', inferred: true });
});

test('a cluster-wide alert has no target', (t) => {
  t.deepEqual(targetFromLabels({ alertname: 'KubeMemoryOvercommit', job: 'kube-state-metrics' }), {
    namespace: null,
    target: null,
    workload: null,
  });
});

test('label values that are not valid Kubernetes names never become a target', (t) => {
  const r = targetFromLabels({ alertname: 'A', namespace: 'Shop Prod', pod: '../../etc/passwd', deployment: 'x;rm -rf' });
  t.deepEqual(r, { namespace: null, target: null, workload: null });
  t.is(targetFromLabels({ alertname: 'A', namespace: 'shop', pod: 'UPPER' }).target, null);
  t.is(targetFromLabels({ alertname: 'A', namespace: 'shop', pod: 'web-0', container: 'Bad_Name' }).target?.container, null);
});

test('a scrape target that is down names its Service, but only when the scrape job is named after it', (t) => {
  t.deepEqual(targetFromLabels({ alertname: 'TargetDown', job: 'api', namespace: 'shop', service: 'api', severity: 'warning' }).target, {
    kind: 'Service',
    namespace: 'shop',
    name: 'api',
    container: null,
  });
  const ksm = targetFromLabels({
    alertname: 'KubeQuotaAlmostFull',
    namespace: 'shop',
    resourcequota: 'compute',
    job: 'kube-state-metrics',
    service: 'prometheus-kube-state-metrics',
  });
  t.is(ksm.target, null, "kube-state-metrics' own Service is not the object in trouble");
  const pod = targetFromLabels({
    alertname: 'KubePodCrashLooping',
    namespace: 'shop',
    pod: 'api-7c9d5b8f6-x2x8q',
    job: 'api',
    service: 'api',
  });
  t.is(pod.target?.kind, 'Pod', 'anything more specific wins');
});

test('a PersistentVolume named by kube-state-metrics is the (cluster-scoped) target', (t) => {
  const r = targetFromLabels({
    alertname: 'KubePersistentVolumeErrors',
    persistentvolume: 'pv-nfs-archive-03',
    phase: 'Failed',
    job: 'kube-state-metrics',
    namespace: 'monitoring',
  });
  t.deepEqual(r.target, { kind: 'PersistentVolume', namespace: null, name: 'pv-nfs-archive-03', container: null });
});
