import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../lib/config/config-schema.ts';
import type { FakeKubeApi, KubeObject } from './fake-kube-api.ts';

const written = new WeakMap<FakeKubeApi, string>();

/** The kube settings that point the real client at the fake (through a kubeconfig file, as a user would; one per fake). */
export const kubeSettingsFor = (fake: FakeKubeApi): Config['kube'] => {
  let file = written.get(fake);
  if (!file) {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    file = join(dir, 'config');
    writeFileSync(file, fake.kubeconfigYaml());
    written.set(fake, file);
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return { kubeconfig: file, context: null, serviceHost: null, timeoutMs: 2000, mcpUrl: null, mcpTokenFile: null };
};

/** A container with requests and limits of the given memory and cpu. */
export const container = (name: string, memory: string, cpu: string) => ({
  name,
  image: `registry.invalid/${name}:1`,
  resources: { requests: { memory, cpu }, limits: { memory, cpu } },
});

/** A Deployment with two containers (the second a sidecar); the fake's controller makes its ReplicaSet (revision 1). */
export const deployment = (namespace: string, name: string, replicas = 4, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: { app: name }, ...extra },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [container(name, '512Mi', '500m'), container('proxy', '64Mi', '50m')] },
    },
  },
});

/** A pod of a Deployment, owned by its current ReplicaSet (as the controller would make it). */
export const podOf = (
  fake: FakeKubeApi,
  namespace: string,
  deploymentName: string,
  suffix: string,
  extra: { node?: string; restarts?: number; reason?: string } = {},
) => {
  const rs = fake
    .list('apps/v1', 'ReplicaSet', namespace)
    .find((r) => (r.metadata?.ownerReferences as { name: string }[] | undefined)?.[0]?.name === deploymentName) as KubeObject;
  const hash = rs.metadata?.labels?.['pod-template-hash'] ?? 'x';
  return fake.add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs.metadata?.name}-${suffix}`,
      namespace,
      labels: { app: deploymentName, 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata?.name, uid: rs.metadata?.uid, controller: true }],
    },
    spec: {
      nodeName: extra.node ?? 'worker-1',
      containers: [
        { name: deploymentName, image: 'x' },
        { name: 'proxy', image: 'y' },
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: deploymentName,
          ready: !extra.reason,
          restartCount: extra.restarts ?? 0,
          image: 'x',
          imageID: '',
          state: extra.reason ? { waiting: { reason: extra.reason } } : { running: {} },
          ...(extra.restarts ? { lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } } : {}),
        },
        { name: 'proxy', ready: true, restartCount: 0, image: 'y', imageID: '', state: { running: {} } },
      ],
    },
  });
};

/** A node (8 cores, 32Gi allocatable unless given), optionally already cordoned. */
export const node = (name: string, unschedulable = false, allocatable = { cpu: '8', memory: '32Gi', pods: '110' }) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name },
  spec: { unschedulable },
  status: {
    capacity: allocatable,
    allocatable,
    conditions: [{ type: 'Ready', status: 'True' }],
    addresses: [{ type: 'InternalIP', address: '10.0.4.17' }],
  },
});

/** A cluster's nodes: worker-1 (where podOf places pods) and worker-2, 8 cores and 32Gi allocatable each. */
export const seedNodes = (fake: FakeKubeApi) => {
  fake.add(node('worker-1'));
  fake.add(node('worker-2'));
};

/** A bound claim of `size` in StorageClass `className`. */
export const claim = (namespace: string, name: string, className: string, size = '10Gi') => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: className, resources: { requests: { storage: size } } },
  status: { phase: 'Bound', capacity: { storage: size } },
});

/** A StorageClass that can, or cannot, expand volumes. */
export const storageClass = (name: string, expandable: boolean) => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner: 'csi.invalid',
  allowVolumeExpansion: expandable,
});

/** An HPA scaling a Deployment between min and max. */
export const hpa = (namespace: string, name: string, target: string, min: number, max: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
    minReplicas: min,
    maxReplicas: max,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
  },
  status: { currentReplicas: max, desiredReplicas: max },
});

/** A core/v1 Event about an object, seen `count` times, last at `last` (first seen a minute before when count > 1). */
export const event = (
  namespace: string,
  about: { kind: string; name: string; apiVersion?: string },
  reason: string,
  message: string,
  last: string,
  count = 1,
  type = 'Warning',
) => {
  const first = count > 1 ? new Date(new Date(last).getTime() - 60_000).toISOString().replace('.000Z', 'Z') : last;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${about.name}.${reason.toLowerCase()}-${last.replace(/\D/g, '')}`, namespace },
    involvedObject: {
      apiVersion: about.apiVersion ?? (about.kind === 'Pod' ? 'v1' : 'apps/v1'),
      kind: about.kind,
      name: about.name,
      namespace,
    },
    reason,
    message,
    type,
    count,
    firstTimestamp: first,
    lastTimestamp: last,
    source: { component: 'kubelet' },
  };
};

/**
 * A small cluster to read: Deployment shop/checkout (3 replicas, an HPA 2–6) with a crash-looping pod and a healthy
 * one, their events (one seen 5 times), node worker-1 and an expandable claim shop/data. Returns the crash-looping pod.
 */
export const seedShop = (fake: FakeKubeApi) => {
  fake.add(deployment('shop', 'checkout', 3));
  const crashing = podOf(fake, 'shop', 'checkout', 'x2x8q', { restarts: 4, reason: 'CrashLoopBackOff' });
  podOf(fake, 'shop', 'checkout', 'a1b2c');
  fake.add(hpa('shop', 'checkout', 'checkout', 2, 6));
  fake.add(node('worker-1'));
  fake.add(storageClass('fast', true));
  fake.add(claim('shop', 'data', 'fast'));
  const pod = { kind: 'Pod', name: crashing.metadata?.name ?? '' };
  fake.add(event('shop', pod, 'BackOff', 'Back-off restarting failed container checkout', '2026-11-27T00:58:00Z', 5));
  fake.add(event('shop', pod, 'Pulled', 'Container image already present on machine', '2026-11-27T00:57:00Z', 1, 'Normal'));
  fake.add(
    event(
      'shop',
      { kind: 'Deployment', name: 'checkout' },
      'ScalingReplicaSet',
      'Scaled up replica set checkout-abc to 3',
      '2026-11-27T00:50:00Z',
      1,
      'Normal',
    ),
  );
  return crashing;
};
