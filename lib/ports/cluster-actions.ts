import type { KubeOutcome, KubeRequest, ObjectRef, Snapshot } from '../domain/kube-request.ts';

/** A pod as drain sees it. */
export interface NodePod {
  namespace: string;
  name: string;
  /** DaemonSet pods are skipped (the controller recreates them at once); mirror pods cannot be evicted. */
  daemonSet: boolean;
  mirror: boolean;
  /** When it started there (status.startTime, else its creation), ISO 8601; null when the API says neither. */
  startedAt: string | null;
}

/** One revision of a Deployment: its number and pod template. */
export interface Revision {
  revision: number;
  replicaSet: string;
  template: unknown;
}

/** A Kubernetes object as the API returns it: apiVersion, kind, metadata and the rest, of any kind. */
// biome-ignore lint/suspicious/noExplicitAny: an object of any kind, read by paths each plan checks; unknown would need a cast per field.
export type KubeObject = Record<string, any>;

/** What execute does to the cluster (and reads to plan it): the port under every catalog action. */
export interface ClusterActions {
  /** The object as the API returns it, or null when it does not exist. */
  read(ref: ObjectRef): Promise<KubeObject | null>;
  snapshot(ref: ObjectRef): Promise<Snapshot>;
  apply(request: KubeRequest): Promise<KubeOutcome>;
  /** A Kubernetes Event on the object, so `kubectl describe` shows what this system did and why. */
  announce(ref: ObjectRef, event: { reason: string; message: string; type: 'Normal' | 'Warning' }): Promise<void>;
  podsOnNode(node: string): Promise<NodePod[]>;
  revisions(deployment: ObjectRef): Promise<Revision[]>;
  logs(
    namespace: string,
    pod: string,
    container: string,
    options: { tailLines: number; limitBytes: number; previous: boolean },
  ): Promise<string>;
}
