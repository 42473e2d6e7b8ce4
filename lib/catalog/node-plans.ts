import { refuse, type ActionPlan, type PlanContext } from './action-plan.ts';
import type { KubeRequest } from '../domain/kube-request.ts';

const nodeRef = (ctx: PlanContext) => ({ kind: 'Node', namespace: null, name: ctx.target?.name ?? '' });
const cordonRequest = (ctx: PlanContext): KubeRequest => ({
  op: 'patch',
  ref: nodeRef(ctx),
  patchType: 'merge',
  body: { spec: { unschedulable: true } },
});

/** cordon_node: no new pods on the node; running ones stay. */
export const planCordon = async (ctx: PlanContext): Promise<ActionPlan> => {
  const node = await ctx.cluster.read(nodeRef(ctx));
  if (!node) return refuse('skipped', `node ${nodeRef(ctx).name} no longer exists`);
  if (node.spec?.unschedulable) return { summary: `node ${nodeRef(ctx).name} is already cordoned`, requests: [] };
  return { summary: `cordon node ${nodeRef(ctx).name}`, requests: [cordonRequest(ctx)] };
};

/** drain_node: cordon, then evict every pod through the Eviction API (PodDisruptionBudgets hold); DaemonSet and mirror pods stay. */
export const planDrain = async (ctx: PlanContext): Promise<ActionPlan> => {
  const node = await ctx.cluster.read(nodeRef(ctx));
  if (!node) return refuse('skipped', `node ${nodeRef(ctx).name} no longer exists`);
  const pods = await ctx.cluster.podsOnNode(nodeRef(ctx).name);
  const evictable = pods.filter((p) => !p.daemonSet && !p.mirror);
  const skipped = pods.length - evictable.length;
  return {
    summary: `cordon node ${nodeRef(ctx).name} and evict ${evictable.length} pod(s)${skipped ? ` (${skipped} DaemonSet or mirror pod(s) stay)` : ''}`,
    requests: [
      ...(node.spec?.unschedulable ? [] : [cordonRequest(ctx)]),
      ...evictable.map((p): KubeRequest => ({ op: 'evict', ref: { kind: 'Pod', namespace: p.namespace, name: p.name } })),
    ],
  };
};
