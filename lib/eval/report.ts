import type { CaseResult } from './evaluate.ts';

const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** The quality figures of a set of cases. */
const tally = (cases: readonly CaseResult[]) => ({
  total: cases.length,
  preferred_hit: cases.filter((c) => c.preferred).length,
  expected_hit: cases.filter((c) => c.ok).length,
  // The best action, refused by the default policy: a sound pick that silently dies (or a gate doing its job).
  preferred_refused: cases.filter((c) => c.preferred && c.decision === 'reject').length,
  must_not_recommended: cases.filter((c) => c.mustNot).length,
  // A harmful action the default policy would perform on its own (approval and refusals hold it back).
  must_not_allowed: cases.filter((c) => c.mustNot && c.decision === 'perform').length,
});
/** One category's figures. */
export type CategoryFigures = ReturnType<typeof tally>;

/** The quality report `alerts-slm eval --json` prints: the figures overall and per category, and every case. */
export const report = (cases: readonly CaseResult[], modelGiven: boolean) => ({
  ...tally(cases),
  invalid_outputs: cases.filter((c) => c.invalidOutput).length,
  fallbacks: modelGiven ? cases.filter((c) => c.source === 'rules').length : 0,
  latency_ms: {
    p50: percentile(
      cases.map((c) => c.latencyMs),
      50,
    ),
    p95: percentile(
      cases.map((c) => c.latencyMs),
      95,
    ),
  },
  categories: Object.fromEntries(
    [...new Set(cases.map((c) => c.category))].sort().map((name) => [name, tally(cases.filter((c) => c.category === name))]),
  ) as Record<string, CategoryFigures>,
  cases: cases.map((c) => ({ id: c.id, category: c.category, action: c.action, source: c.source, decision: c.decision, ok: c.ok })),
});
export type EvalReport = ReturnType<typeof report>;

const share = (n: number, total: number) => `${n}/${total} (${total ? Math.round((n / total) * 100) : 0}%)`;

/** The figures per category and overall as a Markdown table (the README carries the corpus's). */
export const categoryTable = (r: EvalReport): string[] => {
  const row = (name: string, f: CategoryFigures) => {
    const shares = [share(f.preferred_hit, f.total), share(f.expected_hit, f.total)];
    const cells = [name, f.total, ...shares, f.preferred_refused, f.must_not_recommended, f.must_not_allowed];
    return `| ${cells.join(' | ')} |`;
  };
  return [
    '| category | cases | preferred | acceptable | preferred but refused | harmful recommended | harmful allowed |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(r.categories).map(([name, f]) => row(name, f)),
    row('**all**', r),
  ];
};
