import type * as z from 'zod';
import type { TargetKind } from '../domain/target.ts';
import type { ActionName } from '../domain/action-name.ts';
import type { ActionPlan, PlanContext } from './action-plan.ts';
import type { Dimensions } from './dimensions.ts';
import type { DimensionChange } from '../domain/oscillation.ts';

/** One Kubernetes permission: what RBAC must grant for an action (and nothing more). */
export interface Permission {
  readonly apiGroup: string;
  readonly resource: string;
  readonly verbs: readonly ('get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete')[];
}

/** How bad a wrong call of this action can be; the minimum confidence and the autonomy rules read it. */
export type Risk = 'none' | 'low' | 'medium' | 'high';

/**
 * What a parameter is bounded by in the policy: the bounds gate reads these declarations (never action names).
 * - replicas: an absolute replica count (max replicas, max step absolute and relative)
 * - increase-percent: a relative increase of a resource (max increase, absolute caps)
 * - pvc-growth-percent: a relative growth of a volume claim (growth cap)
 */
export type BoundKind = 'replicas' | 'increase-percent' | 'pvc-growth-percent';

/** One action of the closed catalog: what it takes, what it touches, how risky it is, what it needs. */
export interface ActionSpec<P extends z.ZodObject = z.ZodObject> {
  readonly name: ActionName;
  /** One line for the prompt and the docs. */
  readonly summary: string;
  /** The parameters the model (or a rule) supplies; no defaults or transforms (the model's schema comes from it). */
  readonly parameters: P;
  /** The kinds this action operates on, most specific first; the operand is picked from the alert's target chain. */
  readonly operandKinds: readonly TargetKind[] | 'none';
  readonly risk: Risk;
  readonly reversible: boolean;
  /** Does it disrupt running workloads (counts toward the blast-radius budget)? */
  readonly disruptive: boolean;
  /** Does it change the cluster at all? */
  readonly mutating: boolean;
  /**
   * What assess judges it by once performed: `alert` — the alert it answered clears and stays cleared, the workload
   * is healthy; `containment` — it keeps new work off its node (the node stays unschedulable and no new pods land on
   * it), whether or not the alert clears (a cordon does not make a node Ready).
   */
  readonly judgedBy: 'alert' | 'containment';
  /** Parameters bounded by the policy, by kind. */
  readonly bounds: Readonly<Record<string, BoundKind>>;
  /** Exactly the API permissions performing it needs (reads included); RBAC manifests are checked against these. */
  readonly permissions: readonly Permission[];
  /** How it is carried out through the Kubernetes port: the exact requests (recorded, not sent, in a dry run). */
  readonly plan: (ctx: PlanContext) => Promise<ActionPlan>;
  /**
   * What it would move, from its parameters, the operand's dimensions now and the container it means: the oscillation
   * gate counts this as the next step of the target's series (absent: it moves no number).
   */
  readonly proposes?: (parameters: Record<string, unknown>, now: Dimensions, container: string | null) => Omit<DimensionChange, 'at'>[];
  /** The catalog action that puts back the recorded pre-state (the spec before), where one can; used to compensate. */
  readonly inverse?: (preState: unknown) => { action: ActionName; parameters: Record<string, unknown> } | null;
}

/** Declares a catalog entry. */
export const defineAction = <P extends z.ZodObject>(spec: ActionSpec<P>): ActionSpec<P> => spec;
