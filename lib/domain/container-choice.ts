import type { ContainerFacts, WorkloadFacts } from './facts.ts';

/** The container an action on a workload means: the alert's, or the only one; null when it is unclear. */
export const chosenContainer = (named: string | null, workload: WorkloadFacts | null): ContainerFacts | null => {
  const containers = workload?.containers ?? [];
  if (named) return containers.find((c) => c.name === named) ?? null;
  return containers.length === 1 ? (containers[0] ?? null) : null;
};
