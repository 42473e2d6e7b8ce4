import type { TargetChain } from '../domain/target-chain.ts';
import type { AlertData } from '../events/alert-events.ts';
import type { FactsProvenance } from '../domain/provenance.ts';
import type { Target } from '../domain/target.ts';
import type { CapacityFacts } from '../domain/capacity-facts.ts';
import type { EventFacts, NodeFacts, PodFacts, PvcFacts, WorkloadFacts } from '../domain/facts.ts';

/** Where facts about the cluster come from: a Kubernetes MCP server, the API server, or the alert's labels alone. */
export type FactsSource = FactsProvenance['source'];

/** Read-only questions about the cluster: what analyze and assess ask (read-only RBAC). */
export interface ClusterReads {
  /** False without a kubeconfig or in-cluster credentials: targets stay unverified, execute runs dry. */
  readonly available: boolean;
  /** Where these reads' facts come from. */
  readonly source: FactsSource;
  /** These reads for one analysis, remembering which source answered and why; absent where one source answers all. */
  traced?(): TracedReads;
  /** The alert's target, followed through owner references to its workload, the workload's HPA, node or claim. */
  resolveChain(alert: AlertData): Promise<TargetChain>;
  workloadFacts(workload: Target): Promise<WorkloadFacts | null>;
  /** The pods of the chain: the alert's pod first, then the workload's, at most `limit`. */
  podFacts(chain: TargetChain, limit: number): Promise<PodFacts[]>;
  recentEvents(object: Target, limit: number): Promise<EventFacts[]>;
  nodeFacts(name: string): Promise<NodeFacts | null>;
  pvcFacts(namespace: string, name: string): Promise<PvcFacts | null>;
  /** The namespace's ResourceQuotas and LimitRanges and the nodes' room, bounded; what could not be read is unknown. */
  capacityFacts(namespace: string): Promise<CapacityFacts>;
}

/** Reads for one analysis, and where their facts came from so far. */
export interface TracedReads {
  reads: ClusterReads;
  provenance(): FactsProvenance;
}
