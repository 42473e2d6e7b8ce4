/** An object the API knows: kind, namespace (null for cluster-scoped) and name. */
export interface ObjectRef {
  kind: string;
  namespace: string | null;
  name: string;
}

/** One mutating request, exactly as it will be (or, in a dry run, would have been) sent. */
export type KubeRequest =
  | { op: 'patch'; ref: ObjectRef; subresource?: 'scale'; patchType: 'strategic-merge' | 'merge' | 'json'; body: unknown }
  | { op: 'delete'; ref: ObjectRef }
  | { op: 'evict'; ref: ObjectRef };

/** What applying a request did; an eviction a PodDisruptionBudget refuses is a result, not an error. */
export type KubeOutcome = { status: 'done' } | { status: 'blocked'; reason: string };

/** The state of an operand before or after an action: the part of its spec that matters, and its hash. */
export interface Snapshot {
  ref: ObjectRef;
  exists: boolean;
  resourceVersion: string | null;
  state: unknown;
  specHash: string;
}

/** `Kind ns/name` (or `Kind name` when cluster-scoped): an object in messages. */
export const describeRef = (ref: ObjectRef): string => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/** A request in one line, for logs, dry-run records and the Kubernetes Event. */
export const describeRequest = (r: KubeRequest): string => {
  const at = describeRef(r.ref);
  if (r.op === 'patch') return `PATCH ${at}${r.subresource ? `/${r.subresource}` : ''} (${r.patchType}) ${JSON.stringify(r.body)}`;
  return r.op === 'delete' ? `DELETE ${at}` : `EVICT ${at}`;
};
