import { targetKey } from '../domain/target.ts';
import type { ActionPlan, PlanContext } from './action-plan.ts';

const LOG_LINES = 50;
const LOG_BYTES = 8192;
const LOGGED_CONTAINERS = 3;

/** notify_only: nothing changes; people are told. */
export const planNotify = async (): Promise<ActionPlan> => ({ summary: 'notify people; change nothing', requests: [], notify: true });

// What `kubectl describe` would lead with for the kinds that have no facts of their own: a Service (type, ports,
// selector) and a PersistentVolume (phase, why, its claim and class).
const describeObject = async (ctx: PlanContext, t: NonNullable<PlanContext['target']>): Promise<Record<string, unknown> | null> => {
  if (t.kind !== 'Service' && t.kind !== 'PersistentVolume') return null;
  const o = await ctx.cluster.read(t);
  if (!o) return { kind: t.kind, name: t.name, exists: false };
  if (t.kind === 'Service')
    return { kind: 'Service', name: t.name, type: o.spec?.type ?? null, ports: o.spec?.ports ?? [], selector: o.spec?.selector ?? null };
  const claim = o.spec?.claimRef as { namespace?: string; name?: string } | undefined;
  const status = o.status as { phase?: string; reason?: string; message?: string } | undefined;
  return {
    kind: 'PersistentVolume',
    name: t.name,
    phase: status?.phase ?? null,
    reason: status?.reason ?? null,
    message: status?.message ?? null,
    claim: claim?.name ? `${claim.namespace}/${claim.name}` : null,
    storageClass: o.spec?.storageClassName ?? null,
    capacity: o.spec?.capacity?.storage ?? null,
  };
};

/** collect_diagnostics: describe-like facts, events, and the last log lines of failing containers, bounded in size. */
export const planDiagnostics = async (ctx: PlanContext): Promise<ActionPlan> => {
  const t = ctx.target;
  if (!t) return { summary: 'nothing to inspect: the alert names no object', requests: [], collected: null };
  const is = (kind: string) => (t.kind === kind ? t : null);
  const workload = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(t.kind) ? t : null;
  const chain = {
    pod: is('Pod'),
    workload,
    hpa: null,
    node: null,
    pvc: null,
    service: is('Service'),
    pv: null,
    verified: t.verified,
    via: t.via,
  };
  const [pods, events, object] = await Promise.all([
    ctx.cluster.podFacts(chain, 5),
    ctx.cluster.recentEvents(t, 10),
    describeObject(ctx, t),
  ]);
  const failing = pods
    .flatMap((p) =>
      p.containers.filter((c) => !c.ready || c.restarts > 0).map((c) => ({ pod: p.name, container: c.name, previous: c.restarts > 0 })),
    )
    .slice(0, LOGGED_CONTAINERS);
  const logs = await Promise.all(
    failing.map(async (f) => ({
      ...f,
      lines: await ctx.cluster
        .logs(t.namespace ?? '', f.pod, f.container, { tailLines: LOG_LINES, limitBytes: LOG_BYTES, previous: f.previous })
        .catch((e: Error) => `(logs unavailable: ${e.message})`),
    })),
  );
  const collected = {
    workload: ctx.facts.workload,
    node: ctx.facts.node,
    pvc: ctx.facts.pvc,
    ...(object ? { object } : {}),
    pods,
    events,
    logs,
  };
  return {
    summary: `collected ${pods.length} pod(s), ${events.length} event(s), logs of ${logs.length} container(s) of ${targetKey(t)}`,
    requests: [],
    collected,
  };
};
