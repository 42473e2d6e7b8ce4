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
  return { kubeconfig: file, context: null, serviceHost: null, timeoutMs: 2000 };
};

const container = (name: string, memory: string, cpu: string) => ({ name, image: `registry.invalid/${name}:1`, resources: { requests: { memory, cpu }, limits: { memory, cpu } } });

/** A Deployment with two containers (the second a sidecar); the fake's controller makes its ReplicaSet (revision 1). */
export const deployment = (namespace: string, name: string, replicas = 4, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: { app: name }, ...extra },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [container(name, '512Mi', '500m'), container('proxy', '64Mi', '50m')] } },
  },
});

/** A pod of a Deployment, owned by its current ReplicaSet (as the controller would make it). */
export const podOf = (fake: FakeKubeApi, namespace: string, deploymentName: string, suffix: string, extra: { node?: string; restarts?: number; reason?: string } = {}) => {
  const rs = fake.list('apps/v1', 'ReplicaSet', namespace).find((r) => (r.metadata?.['ownerReferences'] as { name: string }[] | undefined)?.[0]?.name === deploymentName) as KubeObject;
  const hash = rs.metadata?.labels?.['pod-template-hash'] ?? 'x';
  return fake.add({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${rs.metadata?.name}-${suffix}`, namespace, labels: { app: deploymentName, 'pod-template-hash': hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata?.name, uid: rs.metadata?.uid, controller: true }] },
    spec: { nodeName: extra.node ?? 'worker-1', containers: [{ name: deploymentName, image: 'x' }, { name: 'proxy', image: 'y' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: deploymentName, ready: !extra.reason, restartCount: extra.restarts ?? 0, image: 'x', imageID: '', state: extra.reason ? { waiting: { reason: extra.reason } } : { running: {} }, ...(extra.restarts ? { lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } } : {}) },
        { name: 'proxy', ready: true, restartCount: 0, image: 'y', imageID: '', state: { running: {} } },
      ],
    },
  });
};

/** A node, optionally already cordoned. */
export const node = (name: string, unschedulable = false) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: { unschedulable }, status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '10.0.4.17' }] } });

/** A bound claim of `size` in StorageClass `className`. */
export const claim = (namespace: string, name: string, className: string, size = '10Gi') => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName: className, resources: { requests: { storage: size } } },
  status: { phase: 'Bound', capacity: { storage: size } },
});

/** A StorageClass that can, or cannot, expand volumes. */
export const storageClass = (name: string, expandable: boolean) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'csi.invalid', allowVolumeExpansion: expandable });

/** An HPA scaling a Deployment between min and max. */
export const hpa = (namespace: string, name: string, target: string, min: number, max: number) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, minReplicas: min, maxReplicas: max, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
  status: { currentReplicas: max, desiredReplicas: max },
});
