import type { FigureResult } from './bench-report.ts';

/** What a figure must reach: a bound on its ratio to the baseline, or on its own median. */
export interface Goal {
  readonly on: 'ratio' | 'median';
  readonly max?: number;
  readonly min?: number;
  /** The goal as the issue states it ("≤ 1.3× the empty faas-js-runtime function"). */
  readonly text: string;
}

/** One benchmark: measured against a baseline run in the same process, on the same machine, at the same time. */
export interface Scenario {
  readonly name: string;
  readonly unit: string;
  /** Which direction is better: lower (latency) or higher (throughput). */
  readonly better: 'lower' | 'higher';
  readonly baseline: string;
  readonly goal?: Goal;
  /** One round: the measured value and the baseline's value. */
  round(options: BenchOptions): Promise<{ value: number; baseline: number }>;
}

/** One reported figure of a group: which samples are measured, against which. */
export interface FigureSpec {
  readonly name: string;
  readonly unit: string;
  readonly better: 'lower' | 'higher';
  /** The sample key of the measured subject and of its baseline in each round. */
  readonly value: string;
  readonly baseline: string;
  /** What the baseline is, in words. */
  readonly baselineLabel: string;
  /** A second, coarser reference (a bare node:http server next to the empty function), reported beside the baseline. */
  readonly reference?: { readonly key: string; readonly label: string };
  readonly goal?: Goal;
  /** Further sample keys reported, as medians, in the figure's details (percentiles, counts beside the figure). */
  readonly details?: readonly string[];
}

/** Several figures measured together: each round yields named samples (subjects and their baselines alike). */
export interface ScenarioGroup {
  readonly name: string;
  /** Rounds this group runs whatever --rounds asks (a single long run whose figures are percentiles of its samples). */
  readonly fixedRounds?: number;
  readonly figures: readonly FigureSpec[];
  /** One round; `index` is the round number, for implementations to alternate their order (see `interleave`). */
  round(options: BenchOptions, index: number): Promise<Record<string, number>>;
  /** Lines of counts and notes that are not timings (rows written, model calls), printed after the table. */
  notes?(): readonly string[];
}

/** What every scenario is given. */
export interface BenchOptions {
  /** The built image entry (dist/index.js). */
  entry: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** The median of a non-empty list. */
export const median = (values: readonly number[]): number => percentile(values, 50);

/** The p-th percentile (0–100) of a non-empty list, interpolated between closest ranks. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) throw new Error('percentile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (rank - lo);
};

/** Whether `goal` holds for a figure's median and ratio; null without a goal. */
export const goalMet = (goal: Goal | undefined, figure: { median: number; ratio: number }): boolean | null => {
  if (!goal) return null;
  const x = goal.on === 'ratio' ? figure.ratio : figure.median;
  return (goal.max === undefined || x <= goal.max) && (goal.min === undefined || x >= goal.min);
};

/** The order to measure `keys` in round `index`: rotated by one each round, reversed every other, so no subject always goes first or after the same one. */
export const interleave = <T>(keys: readonly T[], index: number): T[] => {
  const n = keys.length;
  const rotated = keys.map((_, i) => keys[(i + index) % n] as T);
  return Math.floor(index / n) % 2 === 1 ? rotated.reverse() : rotated;
};

/** Summarizes the rounds of one figure. */
export const summarize = (spec: FigureSpec, samples: readonly Record<string, number>[]): FigureResult => {
  const of = (key: string) => samples.map((s) => s[key]).filter((v): v is number => typeof v === 'number');
  const value = of(spec.value);
  const baseline = of(spec.baseline);
  const paired = samples.filter((s) => typeof s[spec.value] === 'number' && typeof s[spec.baseline] === 'number' && s[spec.baseline] !== 0);
  const result = { median: median(value), ratio: median(paired.map((s) => (s[spec.value] as number) / (s[spec.baseline] as number))) };
  const reference = spec.reference
    ? {
        name: spec.reference.label,
        median: median(of(spec.reference.key)),
        ratio: median(samples.map((s) => (s[spec.value] as number) / (s[spec.reference?.key as string] as number))),
      }
    : undefined;
  return {
    name: spec.name,
    unit: spec.unit,
    better: spec.better,
    rounds: value.length,
    ...result,
    baseline: spec.baselineLabel,
    baselineMedian: median(baseline),
    reference: reference ?? null,
    goal: spec.goal?.text ?? null,
    met: goalMet(spec.goal, result),
    details: Object.fromEntries((spec.details ?? []).filter((key) => of(key).length > 0).map((key) => [key, median(of(key))])),
  };
};

/** A paired scenario as a group of one figure. */
export const asGroup = (scenario: Scenario): ScenarioGroup => ({
  name: scenario.name,
  figures: [
    {
      name: scenario.name,
      unit: scenario.unit,
      better: scenario.better,
      value: 'value',
      baseline: 'baseline',
      baselineLabel: scenario.baseline,
      ...(scenario.goal ? { goal: scenario.goal } : {}),
    },
  ],
  round: (options) => scenario.round(options),
});
