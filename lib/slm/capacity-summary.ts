import type { CapacityFacts, Fact, NodeRoom } from '../domain/capacity-facts.ts';
import { formatAmount } from '../policy/headroom.ts';

/** The room a change has, as the model reads it: a few short lines with units, or why a part is unknown. */
export interface CapacitySummary {
  /** Per ResourceQuota: `compute: requests.memory 7Gi of 8Gi, pods 8 of 20`. */
  quotas: string[];
  /** Per LimitRange maximum: `caps: at most 2Gi memory, 2000m cpu per container`. */
  limits: string[];
  /** The schedulable nodes' requests against their allocatable, and the most free on one node. */
  nodes: string;
}

const MAX_LINES = 3;
const WHY = 160;

const lines = <T>(fact: Fact<T[]>, line: (item: T) => string): string[] =>
  fact.known ? fact.value.slice(0, MAX_LINES).map(line) : [`unknown: ${fact.why.slice(0, WHY)}`];

const share = (part: number, whole: number) => (whole > 0 ? ` (${Math.round((part / whole) * 100)}%)` : '');

const nodeLine = (nodes: readonly NodeRoom[]): string => {
  const open = nodes.filter((n) => n.schedulable);
  const total = (side: 'allocatable' | 'requested', r: 'cpu' | 'memory') => open.reduce((s, n) => s + n[side][r], 0);
  const use = (['cpu', 'memory'] as const).map(
    (r) =>
      `${r} ${formatAmount(r, total('requested', r))} of ${formatAmount(r, total('allocatable', r))}` +
      share(total('requested', r), total('allocatable', r)),
  );
  const free = (n: NodeRoom) => n.allocatable.memory - n.requested.memory;
  const roomiest = open.reduce<NodeRoom | null>((best, n) => (!best || free(n) > free(best) ? n : best), null);
  const most = roomiest
    ? `; most free on one node: ${formatAmount('cpu', roomiest.allocatable.cpu - roomiest.requested.cpu)} cpu, ` +
      `${formatAmount('memory', free(roomiest))} memory (${roomiest.name})`
    : '';
  return `${open.length} of ${nodes.length} nodes schedulable; requested ${use.join(', ')}${most}`;
};

/** The capacity facts in a few bounded lines for the analysis context. */
export const summarizeCapacity = (c: CapacityFacts): CapacitySummary => ({
  quotas: lines(
    c.quotas,
    (q) =>
      `${q.name}: ${Object.entries(q.hard)
        .map(([r, hard]) => `${r} ${formatAmount(r, q.used[r as keyof typeof q.used] ?? 0)} of ${formatAmount(r, hard ?? 0)}`)
        .join(', ')}`,
  ),
  limits: lines(
    c.limits,
    (l) =>
      `${l.name}: at most ${Object.entries(l.max)
        .map(([r, v]) => `${formatAmount(r, v)} ${r}`)
        .join(', ')} per ${l.type === 'Container' ? 'container' : 'pod'}`,
  ),
  nodes: c.nodes.known ? nodeLine(c.nodes.value) : `unknown: ${c.nodes.why.slice(0, WHY)}`,
});
