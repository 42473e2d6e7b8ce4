import type { WorkloadRef } from '../domain/target.ts';

// Kubernetes' rand.SafeEncodeString alphabet: ReplicaSet pod-template hashes and generated pod suffixes use it.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);
const STATEFULSET_POD = /^(.+)-(0|[1-9][0-9]*)$/;

/**
 * Guesses the owning workload from a pod's name: `<deployment>-<pod-template-hash>-<suffix>` or
 * `<statefulset>-<ordinal>`. Other shapes (DaemonSet, Job, bare ReplicaSet) are ambiguous and give null.
 */
export const ownerFromPodName = (namespace: string, pod: string): WorkloadRef | null => {
  const deployment = DEPLOYMENT_POD.exec(pod);
  if (deployment?.[1]) return { kind: 'Deployment', namespace, name: deployment[1], inferred: true };
  const statefulSet = STATEFULSET_POD.exec(pod);
  if (statefulSet?.[1]) return { kind: 'StatefulSet', namespace, name: statefulSet[1], inferred: true };
  return null;
};

/** The Deployment that owns a ReplicaSet named `<deployment>-<pod-template-hash>`, or null. */
export const deploymentFromReplicaSet = (replicaSet: string): string | null =>
  new RegExp(`^(.+)-${SAFE}{6,10}$`).exec(replicaSet)?.[1] ?? null;
