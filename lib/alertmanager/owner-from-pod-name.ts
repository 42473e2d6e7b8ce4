import { ObjectName, type WorkloadRef } from '../domain/target.ts';

// Kubernetes' rand.SafeEncodeString alphabet: ReplicaSet pod-template hashes and generated pod suffixes use it.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);
const STATEFULSET_POD = /^(.+)-(0|[1-9][0-9]*)$/;
const REPLICA_SET = new RegExp(`^(.+)-${SAFE}{6,10}$`);

/**
 * Guesses the owning workload from a pod's name: `<deployment>-<pod-template-hash>-<suffix>` or
 * `<statefulset>-<ordinal>`. Other shapes (DaemonSet, Job, bare ReplicaSet) are ambiguous and give null.
 */
export const ownerFromPodName = (namespace: string, pod: string): WorkloadRef | null => {
  const deployment = validName(DEPLOYMENT_POD.exec(pod)?.[1]);
  if (deployment) return { kind: 'Deployment', namespace, name: deployment, inferred: true };
  const statefulSet = validName(STATEFULSET_POD.exec(pod)?.[1]);
  if (statefulSet) return { kind: 'StatefulSet', namespace, name: statefulSet, inferred: true };
  return null;
};

// A pod named `web--0` would give `web-`, which no object can be named: the event schema would refuse it
// and ingest would answer 500, which Alertmanager retries forever.
const validName = (name: string | undefined): string | null => (name && ObjectName.safeParse(name).success ? name : null);

/** The Deployment that owns a ReplicaSet named `<deployment>-<pod-template-hash>`, or null. */
export const deploymentFromReplicaSet = (replicaSet: string): string | null => validName(REPLICA_SET.exec(replicaSet)?.[1]);
