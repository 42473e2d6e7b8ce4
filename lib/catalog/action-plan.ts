import type { ResolvedTarget } from '../domain/target.ts';
import type { ClusterActions } from '../ports/cluster-actions.ts';
import type { ClusterReads } from '../ports/cluster.ts';
import type { NodeFacts, PvcFacts, WorkloadFacts } from '../domain/facts.ts';
import type { KubeRequest } from '../domain/kube-request.ts';

/** What a plan may read: the cluster (both ports), the operand, the parameters the gates passed, the facts, the clock. */
export interface PlanContext {
  cluster: ClusterActions & ClusterReads;
  target: ResolvedTarget | null;
  parameters: Record<string, unknown>;
  facts: { workload: WorkloadFacts | null; pvc: PvcFacts | null; node: NodeFacts | null };
  now: Date;
}

/**
 * How an action is carried out: the exact mutating requests, in order (a dry run records them instead), what it
 * collected (read-only actions), whether it notifies people, or why it cannot be done here.
 */
export interface ActionPlan {
  summary: string;
  requests: KubeRequest[];
  collected?: unknown;
  notify?: true;
  refused?: { status: 'rejected' | 'skipped'; reason: string };
}

/** A plan that will not be carried out, and why. */
export const refuse = (status: 'rejected' | 'skipped', reason: string): ActionPlan => ({
  summary: reason,
  requests: [],
  refused: { status, reason },
});
