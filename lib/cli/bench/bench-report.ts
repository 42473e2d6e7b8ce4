import * as z from 'zod';

/** One figure of `bench --json`: every scenario's rows have this shape, timings and counts alike. */
export const FigureRow = z.strictObject({
  name: z.string(),
  unit: z.string(),
  better: z.enum(['lower', 'higher']),
  rounds: z.number().int().nonnegative(),
  median: z.number(),
  /** What the baseline is, in words. */
  baseline: z.string(),
  baselineMedian: z.number(),
  /** The median of the per-round ratios median/baseline (paired within a round, so drift between rounds cancels). */
  ratio: z.number(),
  /** A second, coarser reference beside the baseline (a bare node:http server next to the empty function), or null. */
  reference: z.strictObject({ name: z.string(), median: z.number(), ratio: z.number() }).nullable(),
  /** The goal as the issue states it, or null when it sets none for this figure. */
  goal: z.string().nullable(),
  /** Whether the goal is met; null without a goal. */
  met: z.boolean().nullable(),
  /** Further numbers of the same measurement (percentiles, the baseline's own peak), by name; empty when none. */
  details: z.record(z.string(), z.number()),
});

/** A figure as `bench` reports it. */
export type FigureResult = z.infer<typeof FigureRow>;

/** What `alerts-slm bench --json` prints. */
export const BenchReport = z.strictObject({ scenarios: z.array(FigureRow), notes: z.array(z.string()) });

/** The parsed report. */
export type BenchReport = z.infer<typeof BenchReport>;
