import { chosenContainer } from '../domain/container-choice.ts';
import { formatBytes, formatCores, parseQuantity } from '../domain/quantity.ts';
import { refuse, type ActionPlan, type PlanContext } from './action-plan.ts';

const ref = (ctx: PlanContext) => ({
  kind: ctx.target?.kind ?? '',
  namespace: ctx.target?.namespace ?? null,
  name: ctx.target?.name ?? '',
});
const gone = (ctx: PlanContext) => refuse('skipped', `${ctx.target?.kind} ${ctx.target?.namespace}/${ctx.target?.name} no longer exists`);

/** restart_pod: delete the pod so its controller recreates it; never a pod without a controller. */
export const planRestartPod = async (ctx: PlanContext): Promise<ActionPlan> => {
  const pod = await ctx.cluster.read(ref(ctx));
  if (!pod) return gone(ctx);
  const owner = (pod.metadata?.ownerReferences as { controller?: boolean; kind: string; name: string }[] | undefined)?.find(
    (o) => o.controller,
  );
  if (!owner) return refuse('rejected', 'the pod has no controller: deleting it would not bring it back');
  return { summary: `delete pod ${ref(ctx).name}; ${owner.kind} ${owner.name} recreates it`, requests: [{ op: 'delete', ref: ref(ctx) }] };
};

/** restart_deployment: a rolling restart through the pod-template annotation, as `kubectl rollout restart` does. */
export const planRolloutRestart = async (ctx: PlanContext): Promise<ActionPlan> => {
  const w = await ctx.cluster.read(ref(ctx));
  if (!w) return gone(ctx);
  if (w.spec?.paused) return refuse('rejected', 'the rollout is paused: a restart would not roll out (resume it first)');
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': ctx.now.toISOString() } } } } };
  return {
    summary: `rolling restart of ${ref(ctx).kind} ${ref(ctx).name}`,
    requests: [{ op: 'patch', ref: ref(ctx), patchType: 'strategic-merge', body }],
  };
};

/** scale_deployment: the replica count through the scale subresource. */
export const planScale = async (ctx: PlanContext): Promise<ActionPlan> => {
  const replicas = ctx.parameters.replicas as number;
  const w = await ctx.cluster.read(ref(ctx));
  if (!w) return gone(ctx);
  return {
    summary: `scale ${ref(ctx).kind} ${ref(ctx).name} from ${w.spec?.replicas ?? 1} to ${replicas} replicas`,
    requests: [{ op: 'patch', ref: ref(ctx), subresource: 'scale', patchType: 'merge', body: { spec: { replicas } } }],
  };
};

const raise = (resource: 'memory' | 'cpu', value: string | undefined, percent: number): string | undefined => {
  if (!value) return undefined;
  const next = parseQuantity(value) * (1 + percent / 100);
  return resource === 'memory' ? formatBytes(next) : formatCores(next);
};

/** increase_resources: one container's request and limit, by strategic merge (the other containers are untouched). */
export const planIncreaseResources = async (ctx: PlanContext): Promise<ActionPlan> => {
  const resource = ctx.parameters.resource as 'memory' | 'cpu';
  const percent = ctx.parameters.increase_percent as number;
  const w = await ctx.cluster.read(ref(ctx));
  if (!w) return gone(ctx);
  const container = chosenContainer(ctx.target?.container ?? null, ctx.facts.workload);
  const spec = (
    w.spec?.template?.spec?.containers as
      | { name: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[]
      | undefined
  )?.find((c) => c.name === container?.name);
  if (!spec) return refuse('rejected', `which container to change is unclear (the alert names ${ctx.target?.container ?? 'none'})`);
  const before = { request: spec.resources?.requests?.[resource], limit: spec.resources?.limits?.[resource] };
  const request = raise(resource, before.request, percent);
  const limit = raise(resource, before.limit, percent);
  if (!request && !limit) return refuse('rejected', `container ${spec.name} has no ${resource} request or limit to raise`);
  const resources = { ...(request ? { requests: { [resource]: request } } : {}), ...(limit ? { limits: { [resource]: limit } } : {}) };
  // The resourceVersion makes the patch conditional: if someone changed the workload since we read it, 409.
  const body = {
    metadata: { resourceVersion: w.metadata?.resourceVersion },
    spec: { template: { spec: { containers: [{ name: spec.name, resources }] } } },
  };
  // "memory 512Mi → 768Mi on container api (request and limit, +50%)": the exact change a person approves.
  const both = request && limit && before.request === before.limit;
  const change = both
    ? [`${before.request} → ${request}`]
    : [request && `request ${before.request} → ${request}`, limit && `limit ${before.limit} → ${limit}`].filter(Boolean);
  const summary = `${resource} ${change.join(', ')} on container ${spec.name} (${both ? 'request and limit, ' : ''}+${percent}%)`;
  return { summary, requests: [{ op: 'patch', ref: ref(ctx), patchType: 'strategic-merge', body }] };
};

/** rollback_deployment: the previous revision's pod template back in place, as `kubectl rollout undo` does. */
export const planRollback = async (ctx: PlanContext): Promise<ActionPlan> => {
  const d = await ctx.cluster.read(ref(ctx));
  if (!d) return gone(ctx);
  const current = Number(d.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const previous = (await ctx.cluster.revisions(ref(ctx)))
    .filter((r) => r.revision > 0 && r.revision < current)
    .sort((a, b) => b.revision - a.revision)[0];
  if (!previous) return refuse('rejected', `there is no revision before ${current} to roll back to`);
  // kubectl drops the ReplicaSet's pod-template-hash label before restoring its template.
  const template = structuredClone(previous.template) as { metadata?: { labels?: Record<string, string> } };
  delete template.metadata?.labels?.['pod-template-hash'];
  const body = [{ op: 'replace', path: '/spec/template', value: template }];
  return {
    summary: `roll ${ref(ctx).name} back from revision ${current} to ${previous.revision} (ReplicaSet ${previous.replicaSet})`,
    requests: [{ op: 'patch', ref: ref(ctx), patchType: 'json', body }],
  };
};

/** adjust_hpa: the autoscaler's minimum and maximum replicas. */
export const planAdjustHpa = async (ctx: PlanContext): Promise<ActionPlan> => {
  const hpa = await ctx.cluster.read(ref(ctx));
  if (!hpa) return gone(ctx);
  const min = (ctx.parameters.min_replicas as number | undefined) ?? hpa.spec?.minReplicas;
  const max = ctx.parameters.max_replicas as number;
  if (min !== undefined && min > max) return refuse('rejected', `minimum ${min} would exceed maximum ${max}`);
  const spec = { maxReplicas: max, ...(ctx.parameters.min_replicas !== undefined ? { minReplicas: min } : {}) };
  return {
    summary: `set HPA ${ref(ctx).name} to min ${min ?? 1}, max ${max} (was ${hpa.spec?.minReplicas ?? 1}–${hpa.spec?.maxReplicas})`,
    requests: [{ op: 'patch', ref: ref(ctx), patchType: 'merge', body: { spec } }],
  };
};
