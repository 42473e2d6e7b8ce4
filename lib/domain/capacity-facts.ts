/** A resource the capacity checks count, named as ResourceQuota names it (cpu in cores, memory and storage in bytes). */
export type CapacityResource = 'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory' | 'requests.storage' | 'pods';

/** Amounts of some of those resources. */
export type Amounts = Partial<Record<CapacityResource, number>>;

/** A fact read, or why it could not be (a 403, a failed call, a list longer than its bound): never assumed. */
export type Fact<T> = { known: true; value: T } | { known: false; why: string };

/** One ResourceQuota without scopes (a scoped one applies to some pods only and is left out). */
export interface QuotaFacts {
  name: string;
  hard: Amounts;
  used: Amounts;
}

/** One LimitRange item's maximum per container or per pod (cpu in cores, memory in bytes). */
export interface LimitFacts {
  name: string;
  type: 'Container' | 'Pod';
  max: { cpu?: number; memory?: number };
}

/** One node's allocatable room and what the pods bound to it request (as the scheduler sums them). */
export interface NodeRoom {
  name: string;
  /** Ready, not cordoned and without a NoSchedule or NoExecute taint: a pod without tolerations may land there. */
  schedulable: boolean;
  allocatable: { cpu: number; memory: number; pods: number };
  requested: { cpu: number; memory: number; pods: number };
}

/** What a change that adds requests is checked against: the namespace's quotas and limits, and the nodes' room. */
export interface CapacityFacts {
  namespace: string;
  quotas: Fact<QuotaFacts[]>;
  limits: Fact<LimitFacts[]>;
  nodes: Fact<NodeRoom[]>;
}

/** Capacity none of which could be read, and why. */
export const unknownCapacity = (namespace: string, why: string): CapacityFacts => ({
  namespace,
  quotas: { known: false, why },
  limits: { known: false, why },
  nodes: { known: false, why },
});
