/** One change of one dimension of a target (replicas, an HPA bound, a container's memory or CPU) by our actions. */
export interface DimensionChange {
  dimension: string;
  at: Date;
  before: number;
  after: number;
}

/** Where the analysis draws its lines (the policy's `oscillation` section). */
export interface OscillationThresholds {
  windowMs: number;
  /** Direction changes in the window from which a further change needs a person. */
  approvalAt: number;
  /** Direction changes in the window from which a further change is refused. */
  blockAt: number;
}

/** How one dimension moved over the window. */
export interface DimensionOscillation {
  dimension: string;
  values: number[];
  changes: number;
  directionChanges: number;
  /** The range the dimension swung over (max − min of its values). */
  amplitude: number;
  /** Mean time between two reversals (ms), null with fewer than two. */
  periodMs: number | null;
}

/** The analysis of a target: per dimension, and the worst one as the verdict's basis. */
export interface Oscillation {
  dimensions: DimensionOscillation[];
  severity: 'none' | 'low' | 'medium' | 'high';
  /** How sure the pattern is a swing, not noise: the share of steps that reversed the previous one (0…1). */
  confidence: number;
  reasoning: string;
}

const sign = (n: number) => Math.sign(n);

const analyseDimension = (dimension: string, changes: readonly DimensionChange[]): DimensionOscillation => {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const values = sorted.length ? [sorted[0]?.before ?? 0, ...sorted.map((c) => c.after)] : [];
  const steps = sorted.map((c) => ({ at: c.at, delta: c.after - c.before })).filter((s) => s.delta !== 0);
  const reversals = steps.flatMap((s, i) => (i > 0 && sign(s.delta) !== sign(steps[i - 1]?.delta ?? 0) ? [s.at.getTime()] : []));
  const gaps = reversals.slice(1).map((t, i) => t - (reversals[i] ?? t));
  return {
    dimension,
    values,
    changes: steps.length,
    directionChanges: reversals.length,
    amplitude: values.length ? Math.max(...values) - Math.min(...values) : 0,
    periodMs: gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) : null,
  };
};

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/**
 * The oscillation of a target's dimensions over the policy's window, from the changes our own performed actions
 * made (pure: the caller gives the changes and the clock). A proposed change, when given, counts as the next step:
 * what matters is whether doing it would swing the target again.
 */
export const analyseOscillation = (
  changes: readonly DimensionChange[],
  now: Date,
  t: OscillationThresholds,
  proposed: readonly Omit<DimensionChange, 'at'>[] = [],
): Oscillation => {
  const inWindow = [...changes.filter((c) => now.getTime() - c.at.getTime() <= t.windowMs), ...proposed.map((p) => ({ ...p, at: now }))];
  const names = [...new Set(inWindow.map((c) => c.dimension))];
  const dimensions = names
    .map((d) =>
      analyseDimension(
        d,
        inWindow.filter((c) => c.dimension === d),
      ),
    )
    .sort((a, b) => b.directionChanges - a.directionChanges);
  const worst = dimensions[0];
  if (!worst || worst.directionChanges === 0) {
    return {
      dimensions,
      severity: 'none',
      confidence: 0,
      reasoning: `no reversal of our changes on this target in the last ${minutes(t.windowMs)}`,
    };
  }
  const confidence = Math.round((worst.directionChanges / Math.max(1, worst.changes - 1)) * 100) / 100;
  const severity = worst.directionChanges >= t.blockAt ? 'high' : worst.directionChanges >= t.approvalAt ? 'medium' : 'low';
  const period = worst.periodMs === null ? '' : `, about every ${minutes(worst.periodMs)}`;
  return {
    dimensions,
    severity,
    confidence,
    reasoning: `${worst.dimension} went ${worst.values.join(' → ')}: ${worst.directionChanges} reversal(s) in ${worst.changes} change(s) within ${minutes(t.windowMs)}${period}, swinging over ${worst.amplitude}`,
  };
};
