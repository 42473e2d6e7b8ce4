/** Requests and limits of one container, as Kubernetes quantities (e.g. "512Mi", "250m"). */
export interface ContainerFacts {
  name: string;
  requests: { cpu: string | null; memory: string | null };
  limits: { cpu: string | null; memory: string | null };
}

/** The HorizontalPodAutoscaler that controls a workload. */
export interface HpaFacts {
  name: string;
  minReplicas: number | null;
  maxReplicas: number;
  currentReplicas: number | null;
  desiredReplicas: number | null;
}

/** Who else manages a workload's spec (and may revert our change). */
export interface GitOpsFacts {
  manager: 'argocd' | 'flux';
  detail: string;
}

/** What analyze and the gates need to know about a workload. */
export interface WorkloadFacts {
  kind: string;
  namespace: string;
  name: string;
  exists: true;
  replicas: number | null;
  readyReplicas: number | null;
  updatedReplicas: number | null;
  revision: number | null;
  /** When the current revision was rolled out (its ReplicaSet's creation), for "recent rollout". */
  revisionCreatedAt: string | null;
  hasPreviousRevision: boolean;
  paused: boolean;
  containers: ContainerFacts[];
  hpa: HpaFacts | null;
  gitops: GitOpsFacts | null;
}

/** One container's state in a pod. */
export interface ContainerStateFacts {
  name: string;
  ready: boolean;
  restarts: number;
  waiting: string | null;
  lastTermination: { reason: string | null; exitCode: number | null; finishedAt: string | null } | null;
}

/** One pod's state. */
export interface PodFacts {
  name: string;
  phase: string;
  node: string | null;
  controlled: boolean;
  containers: ContainerStateFacts[];
}

/** One recent Kubernetes event about an object. */
export interface EventFacts {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastSeen: string | null;
}

/** A node's state. */
export interface NodeFacts {
  name: string;
  ready: boolean | null;
  unschedulable: boolean;
  conditions: { type: string; status: string; reason: string | null }[];
}

/** A volume claim and whether it can grow. */
export interface PvcFacts {
  namespace: string;
  name: string;
  requested: string | null;
  capacity: string | null;
  storageClass: string | null;
  expandable: boolean | null;
  phase: string | null;
}
