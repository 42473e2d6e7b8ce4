import test from 'ava';
import { Policy } from '../../../lib/policy/policy-schema.ts';
import { analyseOscillation, type DimensionChange } from '../../../lib/domain/oscillation.ts';

const T0 = Date.UTC(2026, 11, 6, 8, 0);
const thresholds = { windowMs: 6 * 3_600_000, approvalAt: 2, blockAt: 4 };
// A series of values, one of our changes every 20 minutes.
const series = (values: number[], dimension = 'replicas', everyMin = 20): DimensionChange[] =>
  values.slice(1).map((after, i) => ({ dimension, at: new Date(T0 + (i + 1) * everyMin * 60_000), before: values[i] ?? 0, after }));
const at = (min: number) => new Date(T0 + min * 60_000);

test('4→6→5→7→6→8→7 is a swing: five reversals in six changes, over 4 replicas, about every 20 minutes', (t) => {
  const o = analyseOscillation(series([4, 6, 5, 7, 6, 8, 7]), at(150), thresholds);
  t.like(o.dimensions[0], {
    dimension: 'replicas',
    values: [4, 6, 5, 7, 6, 8, 7],
    changes: 6,
    directionChanges: 5,
    amplitude: 4,
    periodMs: 20 * 60_000,
  });
  t.is(o.severity, 'high');
  t.is(o.confidence, 1);
  t.is(
    o.reasoning,
    'replicas went 4 → 6 → 5 → 7 → 6 → 8 → 7: 5 reversal(s) in 6 change(s) within 360 min, about every 20 min, swinging over 4',
  );
});

test('a steady climb is no oscillation however many changes', (t) => {
  const o = analyseOscillation(series([2, 3, 4, 6, 8, 10]), at(120), thresholds);
  t.is(o.severity, 'none');
  t.is(o.dimensions[0]?.directionChanges, 0);
});

test('the proposed change counts as the next step: 4→6→5 proposing 7 reaches the approval threshold', (t) => {
  const before = analyseOscillation(series([4, 6, 5]), at(60), thresholds);
  t.is(before.severity, 'low');
  const proposing = analyseOscillation(series([4, 6, 5]), at(60), thresholds, [{ dimension: 'replicas', before: 5, after: 7 }]);
  t.is(proposing.severity, 'medium');
  t.is(proposing.dimensions[0]?.directionChanges, 2);
});

test('changes older than the window are forgotten, and each dimension is judged on its own', (t) => {
  const old = series([4, 6, 5, 7, 6], 'replicas', 200);
  const memory: DimensionChange = { dimension: 'memory of api', at: at(800), before: 512, after: 768 };
  const o = analyseOscillation([...old, memory], at(820), thresholds);
  t.is(o.dimensions.find((d) => d.dimension === 'replicas')?.changes, 2, 'only the last two replica changes are within six hours');
  t.is(o.dimensions.find((d) => d.dimension === 'memory of api')?.directionChanges, 0);
});

test('no change at all says so', (t) => {
  t.deepEqual(analyseOscillation([], at(0), thresholds), {
    dimensions: [],
    severity: 'none',
    confidence: 0,
    reasoning: 'no reversal of our changes on this target in the last 360 min',
  });
});

test('the policy’s thresholds are configurable, and a block threshold below the approval one is refused by name', (t) => {
  t.deepEqual(Policy.parse({}).oscillation, { windowMs: 6 * 3_600_000, approvalAt: 2, blockAt: 4 });
  t.deepEqual(Policy.parse({ oscillation: { windowMs: '2h', approvalAt: 3, blockAt: 3 } }).oscillation, {
    windowMs: 7_200_000,
    approvalAt: 3,
    blockAt: 3,
  });
  const wrong = Policy.safeParse({ oscillation: { approvalAt: 4, blockAt: 2 } });
  t.false(wrong.success);
  t.regex(wrong.error?.message ?? '', /oscillation\.blockAt must be at least oscillation\.approvalAt/);
});
