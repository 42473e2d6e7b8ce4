import * as z from 'zod';

// Names come from alert labels, i.e. untrusted text: only valid Kubernetes names may become a target.
// DNS-1123 label (namespaces, containers) and subdomain (most object names), per Kubernetes' validation.
const dns1123Label = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not a valid DNS-1123 label');
const dns1123Subdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'not a valid DNS-1123 subdomain');

/** A Kubernetes namespace name. */
export const NamespaceName = dns1123Label;
/** A Kubernetes object name. */
export const ObjectName = dns1123Subdomain;
/** A container name. */
export const ContainerName = dns1123Label;

/** The kinds of object an alert can point at. */
export const TargetKind = z.enum([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
  'Node',
  'PersistentVolumeClaim',
  'HorizontalPodAutoscaler',
  'Service',
  'PersistentVolume',
]);
export type TargetKind = z.infer<typeof TargetKind>;

/** The object an alert is about; `namespace` is null for cluster-scoped kinds (Node, PersistentVolume). */
export const Target = z.object({
  kind: TargetKind,
  namespace: NamespaceName.nullable(),
  name: ObjectName,
  container: ContainerName.nullable(),
});
export type Target = z.infer<typeof Target>;

/** The kinds of object that own pods: what a workload is. */
export const WorkloadKind = z.enum(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet']);
export type WorkloadKind = z.infer<typeof WorkloadKind>;

/** Is this kind a workload (an owner of pods)? */
export const isWorkloadKind = (kind: string): kind is WorkloadKind => (WorkloadKind.options as readonly string[]).includes(kind);

const POD_CONTROLLERS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
/** Is this kind a long-running pod controller, whose pod template and health the actions change and assess judges? */
export const isPodController = (kind: string): kind is (typeof POD_CONTROLLERS)[number] =>
  (POD_CONTROLLERS as readonly string[]).includes(kind);

/** The workload that owns a target; `inferred` when guessed from names rather than read from owner references. */
export const WorkloadRef = z.object({
  kind: WorkloadKind,
  namespace: NamespaceName,
  name: ObjectName,
  inferred: z.boolean(),
});
export type WorkloadRef = z.infer<typeof WorkloadRef>;

/** `ns/Kind/name` (or `Kind/name` when cluster-scoped): how targets are keyed in logs, locks and partitions. */
export const targetKey = (t: { kind: string; namespace: string | null; name: string }): string =>
  t.namespace ? `${t.namespace}/${t.kind}/${t.name}` : `${t.kind}/${t.name}`;

/** `ns/Kind/name` (or `Kind/name` for a cluster-scoped object) as a target; the kind in any case; null when it is not one. */
export const parseTargetKey = (text: string): { kind: TargetKind; namespace: string | null; name: string } | null => {
  const parts = text.split('/');
  const [namespace, kindText, name] = parts.length === 2 ? [null, parts[0], parts[1]] : parts;
  const kind = TargetKind.options.find((k) => k.toLowerCase() === kindText?.toLowerCase());
  if (parts.length < 2 || parts.length > 3 || !kind || !name || (namespace !== null && !namespace)) return null;
  return { kind, namespace: namespace ?? null, name };
};

/** What a target argument must look like, for error messages. */
export const TARGET_KEY_FORMAT = `namespace/kind/name (or kind/name for a Node), kind one of ${TargetKind.options.join(', ')}`;

/** The target an action would change: from the alert's labels and the owner chain, never from the model. */
export const ResolvedTarget = Target.extend({
  verified: z.boolean(),
  via: z.enum(['labels', 'owner-chain', 'inferred']),
});
export type ResolvedTarget = z.infer<typeof ResolvedTarget>;
