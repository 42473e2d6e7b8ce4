import type { ActionSpec } from '../catalog/action-spec.ts';
import type { ResolvedTarget } from '../domain/target.ts';
import type { GateVerdict } from '../domain/execution.ts';
import type { CapacityFacts } from '../domain/capacity-facts.ts';
import type { NodeFacts, PvcFacts, WorkloadFacts } from '../domain/facts.ts';
import type { IneffectiveChain } from '../domain/records.ts';
import type { Baseline, SuccessRate } from '../domain/records.ts';
import type { DimensionChange, Oscillation } from '../domain/oscillation.ts';
import type { Policy } from './policy-schema.ts';

/** What execute knows when it decides, gathered before the (pure) gates run. */
export interface PolicyFacts {
  now: Date;
  /** Cluster credentials exist: without them everything is a dry run. */
  clusterAvailable: boolean;
  alertStatus: 'firing' | 'resolved' | null;
  incidentStatus: 'open' | 'resolved' | 'expired' | null;
  /** Does the operand exist with the kind the action needs? null when it could not be read. */
  targetExists: boolean | null;
  /** Why the target (or its workload, claim or node) could not be read although the cluster answers: a 403. */
  unreadable?: string | null;
  workload: WorkloadFacts | null;
  pvc: PvcFacts | null;
  node: NodeFacts | null;
  lastActionAt: Date | null;
  /** The latest time a person declined this action on this target, and who. */
  declined: { by: string | null; at: Date } | null;
  /** Another action holds this target's in-flight lock. */
  lockHeldByOther: boolean;
  /** Actions in flight on other targets (the global concurrency). */
  otherActionsInFlight: number;
  disruptiveInNamespace: number;
  disruptiveInCluster: number;
  actionsInSpikeWindow: number;
  consecutiveFailures: number;
  chain: IneffectiveChain;
  /** What the action would move on its operand (the catalog's `proposes`); null: it moves no number, or it is unknown. */
  proposed: Omit<DimensionChange, 'at'>[] | null;
  /** The target namespace's quotas and limits and the nodes' room, read for a change that moves numbers; null: not read. */
  capacity: CapacityFacts | null;
  /** How the target's numbers swung over the policy's window, the proposed step counted (null: the action moves none). */
  oscillation: Oscillation | null;
  /** This action's measured effectiveness for this alert name, and how often the alert cleared on its own. */
  effectiveness: SuccessRate | null;
  baseline: Baseline | null;
}

/** The recommendation as the gates see it. */
export interface Proposal {
  action: ActionSpec;
  parameters: Record<string, unknown>;
  confidence: number;
  target: ResolvedTarget | null;
  severity: string;
  /** The namespace scopes match on: the target's, else the alert's, else "" (cluster-scoped). */
  namespace: string;
}

/** Everything a gate reads. */
export interface GateInput {
  proposal: Proposal;
  facts: PolicyFacts;
  policy: Policy;
  /** Global DRY_RUN. */
  dryRun: boolean;
}

/** A gate's verdict; a bounds gate may hand on clamped parameters; `dryRun` marks a scope that only simulates. */
export type GateResult = GateVerdict & { parameters?: Record<string, unknown>; dryRun?: boolean };

/** One safety gate: a pure function of the input, declared for the actions it concerns. */
export interface Gate {
  readonly name: string;
  /** What would make it pass: what a person or the policy can change (a safety check and a refusal say it). */
  readonly remedy: string;
  /** Which actions the gate concerns, read from their declared properties (all when absent). */
  readonly appliesTo?: (spec: ActionSpec) => boolean;
  check(input: GateInput): Omit<GateResult, 'gate'>;
}

/** Declares a gate. */
export const defineGate = (gate: Gate): Gate => gate;

/** Verdict helpers. */
export const pass = (reason: string) => ({ verdict: 'pass' as const, reason });
export const block = (reason: string) => ({ verdict: 'block' as const, reason });
export const approval = (reason: string) => ({ verdict: 'approval' as const, reason });
