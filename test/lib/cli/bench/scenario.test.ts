import test from 'ava';
import { FigureRow } from '../../../../lib/cli/bench/bench-report.ts';
import { figureTable } from '../../../../lib/cli/bench/figure-table.ts';
import { summarize, type FigureSpec } from '../../../../lib/cli/bench/scenario.ts';

const spec: FigureSpec = {
  name: 'storm: analyses',
  unit: 'analyses',
  better: 'lower',
  value: 'storm',
  baseline: 'one',
  baselineLabel: 'one webhook',
  goal: { on: 'median', min: 1, max: 1, text: '= 1 analysis' },
  details: ['postingMs'],
};

test('a figure is summarised as medians, the median of paired ratios and its details, in the one row shape', (t) => {
  const row = summarize(spec, [
    { storm: 1, one: 1, postingMs: 100 },
    { storm: 2, one: 1, postingMs: 300 },
    { storm: 1, one: 1, postingMs: 200 },
  ]);
  t.notThrows(() => FigureRow.parse(row));
  t.like(row, { median: 1, baselineMedian: 1, ratio: 1, rounds: 3, reference: null, goal: '= 1 analysis', met: true });
  t.deepEqual(row.details, { postingMs: 200 });
});

test('a goal on the median is missed when the median is outside it, and a figure without a goal has met null', (t) => {
  t.is(summarize(spec, [{ storm: 2, one: 1 }]).met, false);
  const { goal: _goal, ...without } = spec;
  t.is(summarize(without, [{ storm: 2, one: 1 }]).met, null);
});

test('the table marks a missed goal NO and lists each figure’s details under it', (t) => {
  const lines = figureTable([summarize(spec, [{ storm: 3, one: 1, postingMs: 20287 }])]);
  t.regex(lines[1] ?? '', /^storm: analyses\s+3\.00 analyses\s+1\.00 analyses\s+3\.00×\s+= 1 analysis\s+NO\s+1$/);
  t.true(lines.includes('storm: analyses: postingMs 20287'));
});
