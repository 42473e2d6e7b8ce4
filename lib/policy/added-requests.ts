import { baseUnits, resourceOfDimension } from '../catalog/dimensions.ts';
import type { Amounts, Fact } from '../domain/capacity-facts.ts';
import type { WorkloadFacts } from '../domain/facts.ts';
import type { DimensionChange } from '../domain/oscillation.ts';
import { parseQuantity } from '../domain/quantity.ts';

type Pair = { cpu?: number; memory?: number };

/** One container of a pod: its requests and limits in cores and bytes (absent: none set). */
export interface ContainerShape {
  name: string;
  requests: Pair;
  limits: Pair;
}

/** What a change adds to what its namespace and the nodes must hold. */
export interface AddedRequests {
  /** What the namespace's quotas would count more once the change is rolled out (additions only). */
  total: Amounts;
  /** Pods the change adds. */
  pods: number;
  /** One of the workload's pods as it would be after the change; null when the change does not touch pods. */
  pod: ContainerShape[] | null;
}

const pair = (cpu: string | null, memory: string | null): Pair => ({
  ...(cpu ? { cpu: parseQuantity(cpu) } : {}),
  ...(memory ? { memory: parseQuantity(memory) } : {}),
});

const total = (pod: readonly ContainerShape[], side: 'requests' | 'limits', resource: 'cpu' | 'memory'): number =>
  pod.reduce((s, c) => s + (c[side][resource] ?? 0), 0);

/**
 * What the proposed changes (the catalog's `proposes`) add: new pods (replicas, an HPA's minimum above the current
 * count) with the workload's requests, a container's request raised on every replica (its limit by the same factor,
 * as increase_resources raises both), a claim's growth. Pure; unknown when the workload it needs was not read.
 */
export const addedRequests = (changes: readonly Omit<DimensionChange, 'at'>[], workload: WorkloadFacts | null): Fact<AddedRequests> => {
  const storage = changes
    .filter((c) => c.dimension.endsWith('(Gi)'))
    .reduce((s, c) => s + Math.max(0, baseUnits(c.dimension, c.after - c.before)), 0);
  const onPods = changes.filter((c) => c.dimension === 'replicas' || c.dimension === 'minReplicas' || resourceOfDimension(c.dimension));
  const claims: Amounts = storage > 0 ? { 'requests.storage': storage } : {};
  if (onPods.length === 0) return { known: true, value: { total: claims, pods: 0, pod: null } };
  if (!workload) return { known: false, why: "the workload's pods could not be read" };
  const replicas = workload.replicas;
  if (replicas === null) return { known: false, why: "the workload's replica count is unknown" };
  let before: ContainerShape[];
  try {
    before = workload.containers.map((c) => ({
      name: c.name,
      requests: pair(c.requests.cpu, c.requests.memory),
      limits: pair(c.limits.cpu, c.limits.memory),
    }));
  } catch (error) {
    return { known: false, why: `the workload's requests do not read: ${(error as Error).message}` };
  }
  const after = structuredClone(before);
  let pods = 0;
  for (const c of onPods) {
    if (c.dimension === 'replicas') pods += Math.max(0, c.after - c.before);
    if (c.dimension === 'minReplicas') pods += Math.max(0, c.after - replicas);
    const r = resourceOfDimension(c.dimension);
    const container = r && after.find((x) => x.name === r.container);
    if (!r || !container) continue;
    container.requests[r.resource] = baseUnits(c.dimension, c.after);
    const limit = container.limits[r.resource];
    if (limit !== undefined && c.before > 0) container.limits[r.resource] = limit * (c.after / c.before);
  }
  const sums: Amounts = { ...claims, ...(pods > 0 ? { pods } : {}) };
  for (const side of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory'] as const) {
      const added = (replicas + pods) * total(after, side, resource) - replicas * total(before, side, resource);
      if (added > 1e-9) sums[`${side}.${resource}`] = added;
    }
  }
  return { known: true, value: { total: sums, pods, pod: after } };
};
