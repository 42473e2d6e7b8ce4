import { targetKey } from '../events/target.ts';
import type { ActionPlan, PlanContext } from './action-plan.ts';

const LOG_LINES = 50;
const LOG_BYTES = 8192;
const LOGGED_CONTAINERS = 3;

/** notify_only: nothing changes; people are told. */
export const planNotify = async (): Promise<ActionPlan> => ({ summary: 'notify people; change nothing', requests: [], notify: true });

/** collect_diagnostics: describe-like facts, events, and the last log lines of failing containers, bounded in size. */
export const planDiagnostics = async (ctx: PlanContext): Promise<ActionPlan> => {
  const t = ctx.target;
  if (!t) return { summary: 'nothing to inspect: the alert names no object', requests: [], collected: null };
  const chain = { pod: t.kind === 'Pod' ? t : null, workload: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(t.kind) ? t : null, hpa: null, node: null, pvc: null, verified: t.verified, via: t.via };
  const [pods, events] = await Promise.all([ctx.cluster.podFacts(chain, 5), ctx.cluster.recentEvents(t, 10)]);
  const failing = pods.flatMap((p) => p.containers.filter((c) => !c.ready || c.restarts > 0).map((c) => ({ pod: p.name, container: c.name, previous: c.restarts > 0 }))).slice(0, LOGGED_CONTAINERS);
  const logs = await Promise.all(
    failing.map(async (f) => ({
      ...f,
      lines: await ctx.cluster.logs(t.namespace ?? '', f.pod, f.container, { tailLines: LOG_LINES, limitBytes: LOG_BYTES, previous: f.previous }).catch((e: Error) => `(logs unavailable: ${e.message})`),
    })),
  );
  return { summary: `collected ${pods.length} pod(s), ${events.length} event(s), logs of ${logs.length} container(s) of ${targetKey(t)}`, requests: [], collected: { workload: ctx.facts.workload, node: ctx.facts.node, pvc: ctx.facts.pvc, pods, events, logs } };
};
