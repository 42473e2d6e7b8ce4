import type { Oscillation } from '../domain/oscillation.ts';
import type { ActionName } from '../domain/action-name.ts';
import { actionSpec } from '../catalog/catalog.ts';
import { operandFor } from '../catalog/target-chain.ts';
import type { TargetChain } from '../domain/target-chain.ts';
import type { AlertData } from '../events/alert-events.ts';
import { targetKey, type Target } from '../domain/target.ts';
import type { CapacityFacts } from '../domain/capacity-facts.ts';
import type { EventFacts, NodeFacts, PodFacts, PvcFacts, WorkloadFacts } from '../domain/facts.ts';
import type { ActionRecord, Baseline, Decline, SuccessRate } from '../domain/records.ts';
import { STATUS_WORDS } from '../domain/status-words.ts';
import { summarizeCapacity, type CapacitySummary } from './capacity-summary.ts';

/** Everything the model (and the rules) are told about one alert: compact, each part bounded in size. */
export interface AnalysisContext {
  alert: {
    name: string;
    /** Analyze only sees firing alerts; the evaluation corpus also holds resolved ones, which never get a change. */
    status: 'firing' | 'resolved';
    severity: string;
    namespace: string | null;
    startsAt: string;
    labels: Record<string, string>;
    summary: string;
    description: string;
  };
  chain: {
    pod: string | null;
    workload: string | null;
    hpa: string | null;
    node: string | null;
    pvc: string | null;
    service?: string;
    pv?: string;
    container: string | null;
    verified: boolean;
  };
  workload: WorkloadFacts | null;
  pods: PodFacts[];
  events: EventFacts[];
  node: NodeFacts | null;
  pvc: PvcFacts | null;
  /** The namespace's quotas and limits and the nodes' room (a workload target only): what a scale-up or increase must fit. */
  capacity: CapacitySummary | null;
  history: {
    /** `status` in words ("blocked by a safety gate", "declined by a person"); `decidedBy` names the person. */
    recentActions: { action: string; status: string; decidedBy: string | null; outcome: string | null; score: number | null; at: string }[];
    /** What people said no to on this alert's objects within the policy's hold: not offered again (allowedActions). */
    declinedByPerson: { action: string; target: string; by: string | null; at: string }[];
    /** This alert's objects whose numbers our changes swung back and forth within the policy's window. */
    oscillating: { target: string; severity: string; reasoning: string }[];
    actionStats: SuccessRate[];
    targetStats: SuccessRate[];
    baseline: { rate: number | null; samples: number } | null;
  };
  allowedActions: ActionName[];
}

/** Size limits of the context (small models have small windows; alert text is untrusted and may be huge). */
export const LIMITS = {
  labels: 20,
  labelValue: 120,
  summary: 300,
  description: 600,
  containers: 5,
  pods: 5,
  podContainers: 4,
  events: 8,
  eventMessage: 200,
  actions: 5,
} as const;

// Labels that say where the series was scraped, not what is wrong.
const NOISE = new Set(['prometheus', 'prometheus_replica', 'endpoint', 'service', 'uid', 'instance_id', '__name__']);

const clip = (text: string | undefined, max: number): string => {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
const key = (t: Target | null) => (t ? targetKey(t) : null);

/** Assembles the bounded context from the alert, the chain, the cluster facts and the history. */
export const buildContext = (input: {
  alert: AlertData;
  chain: TargetChain;
  workload: WorkloadFacts | null;
  pods: PodFacts[];
  events: EventFacts[];
  node: NodeFacts | null;
  pvc: PvcFacts | null;
  /** Read for a workload target; absent or null: not read. */
  capacity?: CapacityFacts | null;
  recentActions: ActionRecord[];
  /** People's declines on the chain's objects still within the hold (newest first). */
  declines: Decline[];
  /** The oscillation of each of the chain's objects our actions move (see lib/domain/oscillation.ts). */
  oscillations?: (Oscillation & { target: string })[];
  actionStats: SuccessRate[];
  targetStats: SuccessRate[];
  baseline: Baseline | null;
  allowedActions: ActionName[];
}): AnalysisContext => {
  const { alert, chain } = input;
  // A person's no holds here too: an action declined on the object it would operate on is not offered at all.
  const declined = (a: ActionName) => input.declines.some((d) => d.action === a && d.target === key(operandFor(actionSpec(a), chain)));
  const labels = Object.fromEntries(
    Object.entries(alert.labels)
      .filter(([k]) => !NOISE.has(k))
      .slice(0, LIMITS.labels)
      .map(([k, v]) => [clip(k, 60), clip(v, LIMITS.labelValue)]),
  );
  return {
    alert: {
      name: alert.alertname,
      status: alert.status,
      severity: alert.severity,
      namespace: alert.namespace,
      startsAt: alert.startsAt,
      labels,
      summary: clip(alert.annotations.summary ?? alert.annotations.message, LIMITS.summary),
      description: clip(alert.annotations.description, LIMITS.description),
    },
    chain: {
      pod: key(chain.pod),
      workload: key(chain.workload),
      hpa: key(chain.hpa),
      node: key(chain.node),
      pvc: key(chain.pvc),
      ...(chain.service ? { service: targetKey(chain.service) } : {}),
      ...(chain.pv ? { pv: targetKey(chain.pv) } : {}),
      container: chain.pod?.container ?? chain.workload?.container ?? null,
      verified: chain.verified,
    },
    workload: input.workload ? { ...input.workload, containers: input.workload.containers.slice(0, LIMITS.containers) } : null,
    pods: input.pods.slice(0, LIMITS.pods).map((p) => ({ ...p, containers: p.containers.slice(0, LIMITS.podContainers) })),
    events: input.events.slice(0, LIMITS.events).map((e) => ({ ...e, message: clip(e.message, LIMITS.eventMessage) })),
    node: input.node,
    pvc: input.pvc,
    capacity: input.capacity ? summarizeCapacity(input.capacity) : null,
    history: {
      recentActions: input.recentActions.slice(0, LIMITS.actions).map((a) => ({
        action: a.action,
        status: STATUS_WORDS[a.status].meaning,
        decidedBy: a.decidedBy,
        outcome: a.assessment?.outcome ?? null,
        score: a.assessment?.score ?? null,
        at: a.startedAt.toISOString(),
      })),
      declinedByPerson: input.declines.slice(0, LIMITS.actions).map((d) => ({ ...d, at: d.at.toISOString() })),
      oscillating: (input.oscillations ?? [])
        .filter((o) => o.severity !== 'none')
        .map((o) => ({ target: o.target, severity: o.severity, reasoning: o.reasoning })),
      actionStats: input.actionStats,
      targetStats: input.targetStats,
      baseline: input.baseline ? { rate: input.baseline.rate, samples: input.baseline.samples } : null,
    },
    allowedActions: input.allowedActions.filter((a) => !declined(a)),
  };
};
