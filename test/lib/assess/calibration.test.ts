import test from 'ava';
import { calibration } from '../../../lib/assess/calibration.ts';
import { predictSuccess } from '../../../lib/assess/predict-success.ts';

test('the prediction is Laplace’s rule over the judged outcomes of the action for the alert', (t) => {
  t.deepEqual(predictSuccess(undefined), { successProbability: 0.5, samples: 0 });
  t.deepEqual(predictSuccess({ action: 'restart_pod', samples: 6, effective: 5, rate: 5 / 6 }), { successProbability: 0.75, samples: 6 });
  t.deepEqual(
    predictSuccess({ action: 'restart_pod', samples: 3, effective: 0, rate: 0 }),
    { successProbability: 0.2, samples: 3 },
    'never a certain 0 from three cases',
  );
});

test('calibration puts predictions in five buckets next to how often they came true, and scores them (Brier)', (t) => {
  const c = calibration([
    { predicted: 0.9, effective: true },
    { predicted: 0.9, effective: true },
    { predicted: 0.1, effective: false },
    { predicted: 0.5, effective: true },
    { predicted: 1, effective: true },
  ]);
  t.is(c.count, 5);
  t.is(c.brierScore, 0.056, '(0.01 + 0.01 + 0.01 + 0.25 + 0) / 5');
  t.deepEqual(
    c.buckets.map((b) => [b.from, b.to, b.count, b.meanPredicted, b.observedRate]),
    [
      [0, 0.2, 1, 0.1, 0],
      [0.2, 0.4, 0, null, null],
      [0.4, 0.6, 1, 0.5, 1],
      [0.6, 0.8, 0, null, null],
      [0.8, 1, 3, 0.933, 1],
    ],
  );
});

test('confident predictions that fail score badly; nothing judged scores nothing', (t) => {
  t.is(
    calibration([
      { predicted: 0.9, effective: false },
      { predicted: 0.8, effective: false },
    ]).brierScore,
    0.725,
  );
  t.deepEqual(calibration([]), { count: 0, brierScore: null, buckets: calibration([]).buckets });
  t.is(
    calibration([]).buckets.every((b) => b.count === 0),
    true,
  );
});
