import type {
  V1Container,
  V1DaemonSet,
  V1Deployment,
  V1ObjectMeta,
  V1StatefulSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import type { Target } from '../domain/target.ts';
import type { ContainerFacts, HpaFacts, WorkloadFacts } from '../domain/facts.ts';
import { gitopsManager } from './gitops.ts';
import type { KubeReadApi } from './read-api.ts';
import { kubeCall } from './kube-call.ts';
import { orNull } from '../errors/kube-errors.ts';
import { selectorString, type LabelSelector } from './label-selector.ts';

/** A workload object as read from the API. */
export type WorkloadObject = V1Deployment | V1StatefulSet | V1DaemonSet;

const REVISION = 'deployment.kubernetes.io/revision';

/** Reads a Deployment, StatefulSet or DaemonSet; null when it does not exist (or the kind is not a workload we read). */
export const readWorkload = (c: KubeReadApi, t: Target, timeoutMs: number): Promise<WorkloadObject | null> => {
  const p = { name: t.name, namespace: t.namespace ?? '' };
  const what = `read ${t.kind} ${t.namespace}/${t.name}`;
  if (t.kind === 'Deployment') return orNull(kubeCall(what, timeoutMs, () => c.apps.readNamespacedDeployment(p)));
  if (t.kind === 'StatefulSet') return orNull(kubeCall(what, timeoutMs, () => c.apps.readNamespacedStatefulSet(p)));
  if (t.kind === 'DaemonSet') return orNull(kubeCall(what, timeoutMs, () => c.apps.readNamespacedDaemonSet(p)));
  return Promise.resolve(null);
};

const containerFacts = (c: V1Container): ContainerFacts => {
  const q = (v: unknown) => (v === undefined || v === null ? null : String(v));
  return {
    name: c.name,
    requests: { cpu: q(c.resources?.requests?.cpu), memory: q(c.resources?.requests?.memory) },
    limits: { cpu: q(c.resources?.limits?.cpu), memory: q(c.resources?.limits?.memory) },
  };
};

const hpaFacts = (h: V2HorizontalPodAutoscaler): HpaFacts => ({
  name: h.metadata?.name ?? '',
  minReplicas: h.spec?.minReplicas ?? null,
  maxReplicas: h.spec?.maxReplicas ?? 0,
  currentReplicas: h.status?.currentReplicas ?? null,
  desiredReplicas: h.status?.desiredReplicas ?? null,
});

/** The HorizontalPodAutoscaler whose scaleTargetRef is this workload, if any. */
export const findHpa = async (c: KubeReadApi, t: Target, timeoutMs: number): Promise<V2HorizontalPodAutoscaler | null> => {
  const list = await kubeCall(`list HorizontalPodAutoscalers in ${t.namespace}`, timeoutMs, () =>
    c.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace: t.namespace ?? '' }),
  );
  return list.items.find((h) => h.spec?.scaleTargetRef.kind === t.kind && h.spec.scaleTargetRef.name === t.name) ?? null;
};

/** The revision history of a Deployment: its ReplicaSets by revision, newest first. */
export const deploymentRevisions = async (c: KubeReadApi, d: V1Deployment, timeoutMs: number) => {
  const ns = d.metadata?.namespace ?? '';
  const list = await kubeCall(`list ReplicaSets of ${ns}/${d.metadata?.name}`, timeoutMs, () =>
    c.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: selectorString(d.spec?.selector as LabelSelector) }),
  );
  return list.items
    .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === d.metadata?.uid))
    .map((rs) => ({ rs, revision: Number(rs.metadata?.annotations?.[REVISION] ?? 0) }))
    .sort((a, b) => b.revision - a.revision);
};

/** A Kubernetes timestamp (Date or string) as ISO, or null. */
export const iso = (d: Date | string | undefined | null): string | null => (d ? new Date(d).toISOString() : null);

/** The facts of a workload that analyze puts in the prompt and the gates read. */
export const workloadFacts = async (c: KubeReadApi, t: Target, timeoutMs: number): Promise<WorkloadFacts | null> => {
  const w = await readWorkload(c, t, timeoutMs);
  if (!w) return null;
  const meta = w.metadata as V1ObjectMeta;
  const status = w.status as {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    desiredNumberScheduled?: number;
  };
  const isDeployment = t.kind === 'Deployment';
  const revisions = isDeployment ? await deploymentRevisions(c, w as V1Deployment, timeoutMs) : [];
  const current = Number(meta.annotations?.[REVISION] ?? revisions[0]?.revision ?? 0) || null;
  const hpa = t.kind === 'DaemonSet' ? null : await findHpa(c, t, timeoutMs);
  return {
    kind: t.kind,
    namespace: t.namespace ?? '',
    name: t.name,
    exists: true,
    replicas: 'replicas' in (w.spec ?? {}) ? ((w.spec as { replicas?: number }).replicas ?? 1) : (status.desiredNumberScheduled ?? null),
    readyReplicas: status.readyReplicas ?? status.numberReady ?? 0,
    updatedReplicas: status.updatedReplicas ?? status.updatedNumberScheduled ?? null,
    revision: current,
    revisionCreatedAt: iso(revisions.find((r) => r.revision === current)?.rs.metadata?.creationTimestamp),
    hasPreviousRevision: revisions.some((r) => current !== null && r.revision > 0 && r.revision < current),
    paused: Boolean((w.spec as { paused?: boolean }).paused),
    containers: (w.spec?.template.spec?.containers ?? []).map(containerFacts),
    hpa: hpa ? hpaFacts(hpa) : null,
    gitops: gitopsManager(meta),
  };
};
