import { chainFromLabels } from '../domain/target-chain.ts';
import { unknownCapacity } from '../domain/capacity-facts.ts';
import type { ClusterReads } from '../ports/cluster.ts';

/** Without cluster access: targets come from labels, unverified; there are no facts to read. */
export const noClusterReads = (): ClusterReads => ({
  available: false,
  source: 'labels',
  resolveChain: async (alert) => chainFromLabels(alert),
  workloadFacts: async () => null,
  podFacts: async () => [],
  recentEvents: async () => [],
  nodeFacts: async () => null,
  pvcFacts: async () => null,
  capacityFacts: async (namespace) => unknownCapacity(namespace, 'no cluster access'),
});
