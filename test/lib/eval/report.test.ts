import test from 'ava';
import type { CaseResult } from '../../../lib/eval/evaluate.ts';
import { categoryTable, report } from '../../../lib/eval/report.ts';

const result = (id: string, category: string, over: Partial<CaseResult> = {}): CaseResult => ({
  id,
  category,
  action: 'collect_diagnostics',
  source: 'rules',
  decision: 'perform',
  ok: true,
  preferred: true,
  mustNot: false,
  invalidOutput: false,
  latencyMs: 1,
  ...over,
});

test('figures are counted per category and overall; a preferred pick the policy refuses is counted apart', (t) => {
  const r = report(
    [
      result('a', 'node'),
      result('b', 'node', { preferred: false, ok: false, mustNot: true, decision: 'perform', action: 'drain_node' }),
      result('c', 'storage', { action: 'expand_pvc', decision: 'reject' }),
    ],
    false,
  );
  t.like(r, { total: 3, preferred_hit: 2, expected_hit: 2, preferred_refused: 1, must_not_recommended: 1, must_not_allowed: 1 });
  t.deepEqual(r.categories, {
    node: { total: 2, preferred_hit: 1, expected_hit: 1, preferred_refused: 0, must_not_recommended: 1, must_not_allowed: 1 },
    storage: { total: 1, preferred_hit: 1, expected_hit: 1, preferred_refused: 1, must_not_recommended: 0, must_not_allowed: 0 },
  });
  t.deepEqual(categoryTable(r).slice(2), [
    '| node | 2 | 1/2 (50%) | 1/2 (50%) | 0 | 1 | 1 |',
    '| storage | 1 | 1/1 (100%) | 1/1 (100%) | 1 | 0 | 0 |',
    '| **all** | 3 | 2/3 (67%) | 2/3 (67%) | 1 | 1 | 1 |',
  ]);
});
