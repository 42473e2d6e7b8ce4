import type { CaseResult } from './evaluate.ts';

const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** The quality report `alerts-slm eval --json` prints. */
export const report = (cases: readonly CaseResult[], modelGiven: boolean) => ({
  total: cases.length,
  preferred_hit: cases.filter((c) => c.preferred).length,
  expected_hit: cases.filter((c) => c.ok).length,
  must_not_recommended: cases.filter((c) => c.mustNot).length,
  // A harmful action the default policy would perform on its own (approval and refusals hold it back).
  must_not_allowed: cases.filter((c) => c.mustNot && c.decision === 'perform').length,
  invalid_outputs: cases.filter((c) => c.invalidOutput).length,
  fallbacks: modelGiven ? cases.filter((c) => c.source === 'rules').length : 0,
  latency_ms: { p50: percentile(cases.map((c) => c.latencyMs), 50), p95: percentile(cases.map((c) => c.latencyMs), 95) },
  cases: cases.map((c) => ({ id: c.id, action: c.action, source: c.source, decision: c.decision, ok: c.ok })),
});
export type EvalReport = ReturnType<typeof report>;
