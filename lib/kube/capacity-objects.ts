import type { V1Container, V1LimitRange, V1Node, V1Pod, V1ResourceQuota } from '@kubernetes/client-node';
import { parseQuantity } from '../domain/quantity.ts';
import type { Amounts, CapacityResource, LimitFacts, NodeRoom, QuotaFacts } from '../domain/capacity-facts.ts';

// The API's ResourceQuota, LimitRange, Node and Pod objects as capacity facts, quantities in base units.

// Quota names that mean the same thing: `cpu` is `requests.cpu`, `count/pods` is `pods`.
const QUOTA_NAMES: Record<string, CapacityResource> = {
  cpu: 'requests.cpu',
  'requests.cpu': 'requests.cpu',
  memory: 'requests.memory',
  'requests.memory': 'requests.memory',
  'limits.cpu': 'limits.cpu',
  'limits.memory': 'limits.memory',
  'requests.storage': 'requests.storage',
  pods: 'pods',
  'count/pods': 'pods',
};

const amount = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  try {
    return parseQuantity(text);
  } catch {
    return undefined;
  }
};

// A quota's map in our names; a resource named twice (cpu and requests.cpu) keeps the stricter number.
const amounts = (map: Record<string, string> | undefined, pick: (a: number, b: number) => number): Amounts => {
  const out: Amounts = {};
  for (const [name, text] of Object.entries(map ?? {})) {
    const resource = QUOTA_NAMES[name];
    const value = amount(text);
    if (resource && value !== undefined) out[resource] = out[resource] === undefined ? value : pick(out[resource], value);
  }
  return out;
};

/** A ResourceQuota in base units; none when it has scopes (it applies to some pods only). */
export const quotaFacts = (q: V1ResourceQuota): QuotaFacts[] =>
  q.spec?.scopes?.length || q.spec?.scopeSelector
    ? []
    : [{ name: q.metadata?.name ?? '', hard: amounts(q.spec?.hard, Math.min), used: amounts(q.status?.used, Math.max) }];

/** A LimitRange's per-container and per-pod maxima of cpu and memory. */
export const limitFacts = (r: V1LimitRange): LimitFacts[] =>
  (r.spec?.limits ?? []).flatMap((l) => {
    if ((l.type !== 'Container' && l.type !== 'Pod') || !l.max) return [];
    const cpu = amount(l.max.cpu);
    const memory = amount(l.max.memory);
    return [
      {
        name: r.metadata?.name ?? '',
        type: l.type,
        max: { ...(cpu === undefined ? {} : { cpu }), ...(memory === undefined ? {} : { memory }) },
      },
    ];
  });

const sum = (containers: V1Container[] | undefined, resource: string): number =>
  (containers ?? []).reduce((total, c) => total + (amount(c.resources?.requests?.[resource]) ?? 0), 0);

/** A pod's request of `cpu` or `memory` as the scheduler counts it: its containers or its largest init container, plus overhead. */
export const podRequest = (pod: V1Pod, resource: 'cpu' | 'memory'): number => {
  const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map((c) => sum([c], resource)));
  return Math.max(sum(pod.spec?.containers, resource), init) + (amount(pod.spec?.overhead?.[resource]) ?? 0);
};

/** A node's room: allocatable, what `pods` (those bound to it) request, whether a pod without tolerations may land. */
export const nodeRoom = (n: V1Node, pods: V1Pod[]): NodeRoom => {
  const ready = n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const tainted = (n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const a = n.status?.allocatable ?? {};
  return {
    name: n.metadata?.name ?? '',
    schedulable: ready && !n.spec?.unschedulable && !tainted,
    allocatable: { cpu: amount(a.cpu) ?? 0, memory: amount(a.memory) ?? 0, pods: amount(a.pods) ?? 0 },
    requested: {
      cpu: pods.reduce((s, p) => s + podRequest(p, 'cpu'), 0),
      memory: pods.reduce((s, p) => s + podRequest(p, 'memory'), 0),
      pods: pods.length,
    },
  };
};
