import { NamespaceName, ObjectName, ContainerName, type Target, type TargetKind, type WorkloadRef } from '../domain/target.ts';
import { deploymentFromReplicaSet, ownerFromPodName } from './owner-from-pod-name.ts';

type Labels = Readonly<Record<string, string>>;

/** What an alert's labels say it is about. */
export interface LabelTarget {
  namespace: string | null;
  target: Target | null;
  workload: WorkloadRef | null;
}

// node-exporter's series carry the exporter pod's own namespace/pod (kube-prometheus scrape labels):
// for its alerts those name the exporter, not the object in trouble, which is the node.
const NODE_EXPORTER_JOB = /node[-_]exporter/;

// Workload labels as kube-state-metrics and the kubernetes-mixin alerts spell them (`job` is the scrape job,
// so Jobs are `job_name`).
const WORKLOAD_LABELS: readonly (readonly [string, WorkloadRef['kind']])[] = [
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['job_name', 'Job'],
  ['cronjob', 'CronJob'],
  ['replicaset', 'ReplicaSet'],
];

const valid = (schema: { safeParse(v: unknown): { success: boolean } }, value: string | undefined): string | null =>
  value !== undefined && schema.safeParse(value).success ? value : null;

const ownerFromOwnerLabels = (labels: Labels, namespace: string): WorkloadRef | null => {
  // kube_pod_owner (owner_*) and kube_pod_info (created_by_*) name the pod's controller.
  const kind = labels.owner_kind ?? labels.created_by_kind;
  const name = valid(ObjectName, labels.owner_name ?? labels.created_by_name);
  if (!kind || !name) return null;
  if (kind === 'ReplicaSet') {
    const deployment = deploymentFromReplicaSet(name);
    return deployment
      ? { kind: 'Deployment', namespace, name: deployment, inferred: true }
      : { kind: 'ReplicaSet', namespace, name, inferred: false };
  }
  const known = WORKLOAD_LABELS.find(([, k]) => k === kind);
  return known ? { kind: known[1], namespace, name, inferred: false } : null;
};

const workloadFrom = (labels: Labels, namespace: string | null, pod: string | null): WorkloadRef | null => {
  if (!namespace) return null;
  for (const [label, kind] of WORKLOAD_LABELS) {
    const name = valid(ObjectName, labels[label]);
    if (name) return { kind, namespace, name, inferred: false };
  }
  return ownerFromOwnerLabels(labels, namespace) ?? (pod ? ownerFromPodName(namespace, pod) : null);
};

// kube-state-metrics' kube_persistentvolume_* series (KubePersistentVolumeErrors) name the volume, cluster-scoped.
const persistentVolume = (labels: Labels): Target | null => {
  const name = valid(ObjectName, labels.persistentvolume);
  return name ? { kind: 'PersistentVolume', namespace: null, name, container: null } : null;
};

const nodeTarget = (labels: Labels): Target | null => {
  // Without a `node` label, node-exporter's `instance` is host:port; the host may or may not be the node name.
  const name = valid(ObjectName, labels.node ?? labels.instance?.replace(/:\d+$/, ''));
  return name ? { kind: 'Node', namespace: null, name, container: null } : null;
};

// A `service` label is usually the scrape job's Service (kube-state-metrics' on every object it reports); it names
// the object in trouble only for an alert about the scrape target itself, whose job the ServiceMonitor names after
// the Service (TargetDown: job="api", service="api").
const scrapedService = (labels: Labels): string | null => {
  const service = valid(ObjectName, labels.service);
  return service && labels.job === service ? service : null;
};

/** Extracts the alert's namespace, the object it points at and the owning workload from its labels. */
export const targetFromLabels = (labels: Labels): LabelTarget => {
  if (NODE_EXPORTER_JOB.test(labels.job ?? '')) return { namespace: null, target: nodeTarget(labels), workload: null };

  // Without honor_labels the object's own labels are renamed exported_*.
  const namespace = valid(NamespaceName, labels.exported_namespace ?? labels.namespace);
  const pod = valid(ObjectName, labels.exported_pod ?? labels.pod);
  const container = valid(ContainerName, labels.exported_container ?? labels.container);
  const workload = workloadFrom(labels, namespace, pod);
  const namespaced = (kind: TargetKind, name: string | null, withContainer = false): Target | null =>
    namespace && name ? { kind, namespace, name, container: withContainer ? container : null } : null;

  const target =
    namespaced('PersistentVolumeClaim', valid(ObjectName, labels.persistentvolumeclaim)) ??
    namespaced('HorizontalPodAutoscaler', valid(ObjectName, labels.horizontalpodautoscaler)) ??
    namespaced('Pod', pod, true) ??
    (workload && !workload.inferred ? namespaced(workload.kind, workload.name, true) : null) ??
    (labels.node ? nodeTarget(labels) : null) ??
    persistentVolume(labels) ??
    namespaced('Service', scrapedService(labels));
  return { namespace, target, workload };
};
