import type { ScoreComponent } from '../events/action-assessed.ts';
import type { DimensionChange } from '../domain/oscillation.ts';

const pct = (x: number) => `${x > 0 ? '+' : ''}${Math.round(x * 100)}%`;

/** The largest relative growth among what the action moved (0 when it only shrank or moved nothing). */
export const largestGrowth = (
  changes: readonly Omit<DimensionChange, 'at'>[],
): { change: Omit<DimensionChange, 'at'>; growth: number } | null => {
  const grown = changes
    .filter((c) => c.before > 0 && c.after > c.before)
    .map((change) => ({ change, growth: (change.after - change.before) / change.before }));
  return grown.sort((a, b) => b.growth - a.growth)[0] ?? null;
};

/**
 * Resource efficiency: what the action added (replicas, requests, size) against what it bought. A change that
 * cleared the alert scores 1 / (1 + growth) (+50 % → 0.67, +100 % → 0.5); one that did not, 0; one that only gave
 * resources back, 1. Nothing moved: not measured.
 */
export const efficiencyComponent = (
  changes: readonly Omit<DimensionChange, 'at'>[],
  resolved: boolean | null,
  weight: number,
): ScoreComponent | null => {
  if (changes.length === 0 || resolved === null) return null;
  const largest = largestGrowth(changes);
  if (!largest)
    return {
      name: 'resource_efficiency',
      value: 1,
      weight,
      detail: `gave resources back (${changes.map((c) => `${c.dimension} ${c.before} → ${c.after}`).join(', ')})`,
    };
  const { change, growth } = largest;
  const what = `${change.dimension} ${change.before} → ${change.after} (${pct(growth)})`;
  if (!resolved) return { name: 'resource_efficiency', value: 0, weight, detail: `${what}, and the alert did not clear` };
  return {
    name: 'resource_efficiency',
    value: Math.round((1 / (1 + growth)) * 100) / 100,
    weight,
    detail: `${what} for an alert that cleared`,
  };
};
