import { formatBytes, parseQuantity } from '../domain/quantity.ts';
import { refuse, type ActionPlan, type PlanContext } from './action-plan.ts';

/** expand_pvc: a larger storage request, only where the StorageClass allows volume expansion. */
export const planExpandPvc = async (ctx: PlanContext): Promise<ActionPlan> => {
  const ref = { kind: 'PersistentVolumeClaim', namespace: ctx.target?.namespace ?? null, name: ctx.target?.name ?? '' };
  const pvc = await ctx.cluster.read(ref);
  if (!pvc) return refuse('skipped', `claim ${ref.namespace}/${ref.name} no longer exists`);
  const facts = ctx.facts.pvc ?? (ref.namespace ? await ctx.cluster.pvcFacts(ref.namespace, ref.name) : null);
  if (facts?.expandable !== true)
    return refuse('rejected', `StorageClass ${facts?.storageClass ?? '(none)'} does not allow volume expansion`);
  const requested = pvc.spec?.resources?.requests?.storage as string | undefined;
  if (!requested) return refuse('rejected', 'the claim requests no storage size to grow from');
  const next = formatBytes(parseQuantity(requested) * (1 + (ctx.parameters.increase_percent as number) / 100));
  return {
    summary: `grow claim ${ref.name} from ${requested} to ${next}`,
    requests: [{ op: 'patch', ref, patchType: 'merge', body: { spec: { resources: { requests: { storage: next } } } } }],
  };
};
