import type { PlanContext } from '../../lib/catalog/action-plan.ts';
import type { ActionSpec } from '../../lib/catalog/action-spec.ts';
import type { ExecutionStatus } from '../../lib/domain/execution.ts';
import type { Cluster } from '../../lib/kube/create-cluster.ts';
import { KubeError } from '../../lib/errors/kube-errors.ts';
import { describeRequest, type Snapshot } from '../../lib/domain/kube-request.ts';
import type { PlannedChange } from '../../lib/domain/records.ts';
import { applyRequests } from './apply-plan.ts';

/** How an action ended, and what to store with it. */
export interface Outcome {
  status: ExecutionStatus;
  pre: Snapshot | null;
  post: Snapshot | null;
  /** Stored as the action's post-state: what was (or would have been) sent, what was collected. */
  record: Record<string, unknown>;
  error: string | null;
}

const STATUS_OF_FAILURE = {
  'not-found': 'skipped',
  conflict: 'failed',
  forbidden: 'failed',
  invalid: 'failed',
  transient: 'failed',
  blocked: 'failed',
} as const;
const MAX_PLANS = 3;

/** A plan, re-made after a conflict (someone changed the object between our read and our patch), at most three times. */
const planAndApply = async (spec: ActionSpec, ctx: PlanContext, onChange: (pre: Snapshot | null) => Promise<void>) => {
  for (let round = 1; ; round++) {
    const plan = await spec.plan(ctx);
    if (plan.refused || plan.requests.length === 0) return { plan, pre: null, applied: null };
    const pre = ctx.target ? await ctx.cluster.snapshot(ctx.target) : null;
    await onChange(pre);
    const applied = await applyRequests(ctx.cluster, plan.requests);
    if (applied.error?.kind === 'conflict' && applied.sent.length === 0 && round < MAX_PLANS) continue;
    return { plan, pre, applied };
  }
};

/** An action's plan made without sending anything: the exact change, or why it cannot be known or would not be done. */
export type Preview =
  | { summary: string; wouldSend: string[]; refused: null }
  | { summary: string; wouldSend: null; refused: { status: 'rejected' | 'skipped'; reason: string } };

/** Plans the action (reads only) without sending it: what a dry run records and what a person approving it sees. */
export const preview = async (spec: ActionSpec, ctx: PlanContext): Promise<Preview> => {
  const plan = await spec.plan(ctx);
  if (plan.refused) return { summary: plan.summary, wouldSend: null, refused: plan.refused };
  return { summary: plan.summary, wouldSend: plan.requests.map(describeRequest), refused: null };
};

/** What a pending action would change, as planned when it was decided (stored with it for `alerts-slm pending`). */
export const plannedChange = async (spec: ActionSpec, ctx: PlanContext & { cluster: Cluster }): Promise<PlannedChange> => {
  if (!spec.mutating) return { planned: null, note: `${spec.name} changes nothing` };
  if (!ctx.cluster.available) return { planned: null, note: 'no cluster access: the exact change cannot be computed' };
  try {
    const p = await preview(spec, ctx);
    if (p.refused) return { planned: null, note: `as the target is now it would not be done: ${p.refused.reason}` };
    return { planned: { summary: p.summary, wouldSend: p.wouldSend, at: ctx.now.toISOString() } };
  } catch (error) {
    // A read that fails leaves the change unknown; the decision stands (approving plans it again).
    if (error instanceof KubeError) return { planned: null, note: `the change could not be planned: ${error.message}` };
    throw error;
  }
};

/**
 * Carries out an action the gates allowed: in a dry run, the plan (every read done) without sending it; otherwise
 * snapshot, send, snapshot again. `onChange` records the pre-state before the first request goes out.
 */
export const carryOut = async (
  spec: ActionSpec,
  ctx: PlanContext & { cluster: Cluster },
  mode: 'perform' | 'dry_run',
  onChange: (pre: Snapshot | null) => Promise<void>,
): Promise<Outcome> => {
  if (mode === 'dry_run' && !ctx.cluster.available) {
    const note = 'no cluster access: the exact requests cannot be computed, and no Kubernetes Event can be written';
    return { status: 'dry_run', pre: null, post: null, record: { wouldPerform: spec.name, parameters: ctx.parameters, note }, error: null };
  }
  if (mode === 'dry_run' && spec.mutating) {
    const p = await preview(spec, ctx);
    if (p.refused) return { status: p.refused.status, pre: null, post: null, record: { summary: p.summary }, error: p.refused.reason };
    const pre = ctx.target ? await ctx.cluster.snapshot(ctx.target) : null;
    return { status: 'dry_run', pre, post: null, record: { summary: p.summary, wouldSend: p.wouldSend }, error: null };
  }
  // An action that reads the cluster (it declares permissions) cannot be done without access: skipped, with the reason,
  // never a "succeeded" that collected nothing.
  if (!ctx.cluster.available && spec.permissions.length > 0) {
    const reason = `no cluster access: ${spec.name} could not read anything`;
    return { status: 'skipped', pre: null, post: null, record: { note: reason }, error: reason };
  }
  try {
    const { plan, pre, applied } = await planAndApply(spec, ctx, onChange);
    if (plan.refused)
      return { status: plan.refused.status, pre, post: null, record: { summary: plan.summary }, error: plan.refused.reason };
    const post = applied && ctx.target ? await ctx.cluster.snapshot(ctx.target).catch(() => null) : null;
    const record = {
      summary: plan.summary,
      ...(applied ? { sent: applied.sent, blocked: applied.blocked } : {}),
      ...(plan.collected === undefined ? {} : { collected: plan.collected }),
    };
    if (applied?.error) return { status: STATUS_OF_FAILURE[applied.error.kind], pre, post, record, error: applied.error.message };
    return { status: 'succeeded', pre, post, record, error: null };
  } catch (error) {
    // A 403 names the missing permission; a 404 means the target went away. Both are outcomes, not retries.
    if (error instanceof KubeError)
      return { status: STATUS_OF_FAILURE[error.failure], pre: null, post: null, record: {}, error: error.message };
    throw error;
  }
};
