import type { V1OwnerReference } from '@kubernetes/client-node';
import { chainFromLabels, type TargetChain } from '../domain/target-chain.ts';
import type { AlertData } from '../events/alert-events.ts';
import type { Target } from '../domain/target.ts';
import type { KubeReadApi } from './read-api.ts';
import { kubeCall } from './kube-call.ts';
import { orNull } from '../errors/kube-errors.ts';
import { findHpa, readWorkload } from './workload-reads.ts';

const controllerOf = (refs: V1OwnerReference[] | undefined) => refs?.find((r) => r.controller) ?? null;

// Pod → ReplicaSet → Deployment, Pod → StatefulSet / DaemonSet, Pod → Job → CronJob, read through ownerReferences.
const ownerWorkload = async (
  c: KubeReadApi,
  namespace: string,
  owner: V1OwnerReference,
  container: string | null,
  timeoutMs: number,
): Promise<Target> => {
  const t = (kind: string, name: string): Target => ({ kind: kind as Target['kind'], namespace, name, container });
  if (owner.kind === 'ReplicaSet') {
    const rs = await orNull(
      kubeCall(`read ReplicaSet ${namespace}/${owner.name}`, timeoutMs, () =>
        c.apps.readNamespacedReplicaSet({ name: owner.name, namespace }),
      ),
    );
    const up = controllerOf(rs?.metadata?.ownerReferences);
    return up?.kind === 'Deployment' ? t('Deployment', up.name) : t('ReplicaSet', owner.name);
  }
  if (owner.kind === 'Job') {
    const job = await orNull(
      kubeCall(`read Job ${namespace}/${owner.name}`, timeoutMs, () => c.batch.readNamespacedJob({ name: owner.name, namespace })),
    );
    const up = controllerOf(job?.metadata?.ownerReferences);
    return up?.kind === 'CronJob' ? t('CronJob', up.name) : t('Job', owner.name);
  }
  return t(owner.kind, owner.name);
};

// node-exporter names nodes by address: find the node whose InternalIP (or hostname) it is.
const nodeNamed = async (c: KubeReadApi, name: string, timeoutMs: number): Promise<string | null> => {
  const node = await orNull(kubeCall(`read Node ${name}`, timeoutMs, () => c.core.readNode({ name })));
  if (node) return name;
  const nodes = await kubeCall('list Nodes', timeoutMs, () => c.core.listNode({}));
  return nodes.items.find((n) => n.status?.addresses?.some((a) => a.address === name))?.metadata?.name ?? null;
};

/** Follows the alert's target through the cluster; anything the API cannot confirm keeps the chain unverified. */
export const resolveChain = async (c: KubeReadApi, alert: AlertData, timeoutMs: number): Promise<TargetChain> => {
  const chain = chainFromLabels(alert);
  let verified = true;
  if (chain.pod) {
    const { namespace, name } = chain.pod;
    const pod = await orNull(
      kubeCall(`read Pod ${namespace}/${name}`, timeoutMs, () => c.core.readNamespacedPod({ name, namespace: namespace ?? '' })),
    );
    const owner = controllerOf(pod?.metadata?.ownerReferences);
    if (pod && owner) {
      chain.workload = await ownerWorkload(c, namespace ?? '', owner, chain.pod.container, timeoutMs);
      chain.via = 'owner-chain';
    } else if (pod)
      chain.workload = null; // a bare pod: no workload to act on
    else verified = false; // the pod is gone (crash-looping pods are replaced); keep the label-derived workload
  }
  if (chain.hpa && !chain.workload) {
    const { namespace, name } = chain.hpa;
    const hpa = await orNull(
      kubeCall(`read HorizontalPodAutoscaler ${namespace}/${name}`, timeoutMs, () =>
        c.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace: namespace ?? '' }),
      ),
    );
    const ref = hpa?.spec?.scaleTargetRef;
    if (ref) chain.workload = { kind: ref.kind as Target['kind'], namespace, name: ref.name, container: null };
    else verified = false;
  }
  if (chain.workload) {
    const exists =
      (await readWorkload(c, chain.workload, timeoutMs)) !== null || ['Job', 'CronJob', 'ReplicaSet'].includes(chain.workload.kind);
    if (!exists) verified = false;
    if (!chain.hpa && exists && ['Deployment', 'StatefulSet'].includes(chain.workload.kind)) {
      const hpa = await findHpa(c, chain.workload, timeoutMs);
      if (hpa?.metadata?.name)
        chain.hpa = { kind: 'HorizontalPodAutoscaler', namespace: chain.workload.namespace, name: hpa.metadata.name, container: null };
    }
  }
  if (chain.node) {
    const name = await nodeNamed(c, chain.node.name, timeoutMs);
    if (name) chain.node = { ...chain.node, name };
    else verified = false;
  }
  if (chain.pvc) {
    const { namespace, name } = chain.pvc;
    const pvc = await orNull(
      kubeCall(`read PersistentVolumeClaim ${namespace}/${name}`, timeoutMs, () =>
        c.core.readNamespacedPersistentVolumeClaim({ name, namespace: namespace ?? '' }),
      ),
    );
    if (!pvc) verified = false;
  }
  if (chain.service) {
    const { namespace, name } = chain.service;
    const service = await orNull(
      kubeCall(`read Service ${namespace}/${name}`, timeoutMs, () => c.core.readNamespacedService({ name, namespace: namespace ?? '' })),
    );
    if (!service) verified = false;
  }
  if (chain.pv) {
    const { name } = chain.pv;
    if (!(await orNull(kubeCall(`read PersistentVolume ${name}`, timeoutMs, () => c.core.readPersistentVolume({ name })))))
      verified = false;
  }
  return { ...chain, verified };
};
