/** One benchmark: measured against a baseline run in the same process, on the same machine, at the same time. */
export interface Scenario {
  readonly name: string;
  readonly unit: string;
  /** Which direction is better: lower (latency) or higher (throughput). */
  readonly better: 'lower' | 'higher';
  readonly baseline: string;
  /** One round: the measured value and the baseline's value. */
  round(options: BenchOptions): Promise<{ value: number; baseline: number }>;
}

/** What every scenario is given. */
export interface BenchOptions {
  /** The built image entry (dist/index.js). */
  entry: string;
}

/** The median of a non-empty list. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
