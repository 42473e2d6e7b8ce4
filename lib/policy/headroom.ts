import type { Amounts, CapacityFacts, CapacityResource, LimitFacts, NodeRoom, QuotaFacts } from '../domain/capacity-facts.ts';
import type { AddedRequests, ContainerShape } from './added-requests.ts';

/** One capacity check's outcome: fine, tight or unknown (a person decides), or impossible (refused). */
export interface Finding {
  verdict: 'pass' | 'approval' | 'block';
  reason: string;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** An amount as a person reads it: bytes in Gi (or Mi below 1Gi), cores in millicores, pods as a count. */
export const formatAmount = (resource: string, value: number): string => {
  if (resource.endsWith('cpu')) return `${Math.round(value * 1000)}m`;
  if (resource === 'pods') return String(Math.round(value));
  return value >= 2 ** 30 ? `${round(value / 2 ** 30, 2)}Gi` : `${Math.round(value / 2 ** 20)}Mi`;
};

/** Each quota that limits what the change adds: refused when used + added would pass the hard limit. */
export const quotaFindings = (quotas: readonly QuotaFacts[], added: Amounts, namespace: string): Finding[] =>
  quotas.flatMap((q) =>
    Object.entries(added).flatMap(([resource, add]): Finding[] => {
      const hard = q.hard[resource as CapacityResource];
      if (hard === undefined || !add) return [];
      const used = q.used[resource as CapacityResource] ?? 0;
      const f = (v: number) => formatAmount(resource, v);
      const where = `ResourceQuota ${namespace}/${q.name}`;
      return used + add > hard
        ? [
            {
              verdict: 'block',
              reason: `${where}: ${resource} would be ${f(used + add)} of the quota's ${f(hard)} (used ${f(used)} + ${f(add)})`,
            },
          ]
        : [{ verdict: 'pass', reason: `${where}: ${resource} ${f(used + add)} of ${f(hard)}` }];
    }),
  );

const podSum = (pod: readonly ContainerShape[], side: 'requests' | 'limits', resource: 'cpu' | 'memory') =>
  pod.reduce((s, c) => s + (c[side][resource] ?? 0), 0);

/** A new pod against the namespace's LimitRange maxima: over one, the API server refuses the pod (refused here). */
export const limitFindings = (limits: readonly LimitFacts[], pod: readonly ContainerShape[], namespace: string): Finding[] =>
  limits.flatMap((l) =>
    (['cpu', 'memory'] as const).flatMap((resource) => {
      const max = l.max[resource];
      if (max === undefined) return [];
      const f = (v: number) => formatAmount(resource, v);
      const over = (['requests', 'limits'] as const).flatMap((side) => {
        const values =
          l.type === 'Container'
            ? pod.map((c) => ({ who: `container ${c.name}`, v: c[side][resource] ?? 0 }))
            : [{ who: 'the pod', v: podSum(pod, side, resource) }];
        return values
          .filter((x) => x.v > max)
          .map((x) => `${x.who}'s ${resource} ${side === 'requests' ? 'request' : 'limit'} would be ${f(x.v)}`);
      });
      const per = l.type === 'Container' ? 'per container' : 'per pod';
      return over.length > 0
        ? [
            {
              verdict: 'block' as const,
              reason:
                `${over.join(', ')}; LimitRange ${namespace}/${l.name} allows at most ${f(max)} ${per}: ` +
                'the API server would refuse the pods',
            },
          ]
        : [];
    }),
  );

const free = (n: NodeRoom, resource: 'cpu' | 'memory') => n.allocatable[resource] - n.requested[resource];

/** A new pod against the nodes: bigger than every node is refused; bigger than every schedulable node's free room waits for a person. */
export const fitFindings = (nodes: readonly NodeRoom[], pod: readonly ContainerShape[]): Finding[] => {
  const want = { cpu: podSum(pod, 'requests', 'cpu'), memory: podSum(pod, 'requests', 'memory') };
  const asks = `a new pod would request ${formatAmount('cpu', want.cpu)} cpu and ${formatAmount('memory', want.memory)} memory`;
  for (const resource of ['cpu', 'memory'] as const) {
    const largest = nodes.reduce<NodeRoom | null>(
      (best, n) => (!best || n.allocatable[resource] > best.allocatable[resource] ? n : best),
      null,
    );
    if (largest && want[resource] > largest.allocatable[resource]) {
      return [
        {
          verdict: 'block',
          reason:
            `${asks}; the largest node (${largest.name}) allocates ${formatAmount(resource, largest.allocatable[resource])} ${resource}: ` +
            'it cannot be scheduled',
        },
      ];
    }
  }
  const open = nodes.filter((n) => n.schedulable);
  if (open.some((n) => free(n, 'cpu') >= want.cpu && free(n, 'memory') >= want.memory && n.requested.pods < n.allocatable.pods))
    return [{ verdict: 'pass', reason: `${asks}; a schedulable node has room` }];
  const roomiest = open.reduce<NodeRoom | null>((best, n) => (!best || free(n, 'memory') > free(best, 'memory') ? n : best), null);
  const most = roomiest
    ? `the most free is ${formatAmount('cpu', free(roomiest, 'cpu'))} cpu and ` +
      `${formatAmount('memory', free(roomiest, 'memory'))} memory on ${roomiest.name}`
    : 'no node is schedulable';
  return [{ verdict: 'approval', reason: `${asks}; ${most}: it would stay Pending until room frees` }];
};

/** The schedulable nodes' CPU and memory left after the change, against the policy's minimum fraction. */
export const headroomFindings = (nodes: readonly NodeRoom[], added: Amounts, minFraction: number): Finding[] => {
  const open = nodes.filter((n) => n.schedulable);
  return (['cpu', 'memory'] as const).flatMap((resource): Finding[] => {
    const add = added[`requests.${resource}`] ?? 0;
    if (add <= 0) return [];
    const allocatable = open.reduce((s, n) => s + n.allocatable[resource], 0);
    const left = allocatable - open.reduce((s, n) => s + n.requested[resource], 0) - add;
    const f = (v: number) => formatAmount(resource, Math.max(0, v));
    const fraction = allocatable > 0 ? left / allocatable : 0;
    const text =
      `cluster ${resource} headroom after the change would be ${Math.round(fraction * 100)}% ` +
      `(${f(left)} of ${f(allocatable)} allocatable left on ${open.length} schedulable node(s), after +${f(add)})`;
    return fraction < minFraction
      ? [{ verdict: 'approval', reason: `${text}; the policy wants at least ${Math.round(minFraction * 100)}%` }]
      : [{ verdict: 'pass', reason: text }];
  });
};

/** Every capacity check a change needs, unknown facts included (a person decides what could not be read). */
export const capacityFindings = (capacity: CapacityFacts, added: AddedRequests, minHeadroom: number): Finding[] => {
  const ns = capacity.namespace;
  const unknown = (what: string, why: string): Finding => ({ verdict: 'approval', reason: `${what} unknown (${why})` });
  const findings: Finding[] = capacity.quotas.known
    ? quotaFindings(capacity.quotas.value, added.total, ns)
    : [unknown(`ResourceQuotas in ${ns}`, capacity.quotas.why)];
  if (!added.pod) return findings;
  findings.push(
    ...(capacity.limits.known
      ? limitFindings(capacity.limits.value, added.pod, ns)
      : [unknown(`LimitRanges in ${ns}`, capacity.limits.why)]),
  );
  if (!capacity.nodes.known) return [...findings, unknown('node room', capacity.nodes.why)];
  return [
    ...findings,
    ...fitFindings(capacity.nodes.value, added.pod),
    ...headroomFindings(capacity.nodes.value, added.total, minHeadroom),
  ];
};
