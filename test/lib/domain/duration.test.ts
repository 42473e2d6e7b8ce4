import test from 'ava';
import { parseDuration, parseIsoDuration } from '../../../lib/domain/duration.ts';

test('human durations', (t) => {
  t.is(parseDuration('500ms'), 500);
  t.is(parseDuration('30s'), 30_000);
  t.is(parseDuration('5m'), 300_000);
  t.is(parseDuration('1h30m'), 5_400_000);
  t.is(parseDuration('2d'), 172_800_000);
  t.is(parseDuration('1.5s'), 1500);
});

test('a number without a unit is refused, saying to add one', (t) => {
  t.throws(() => parseDuration('30'), { message: '"30" has no unit; write 30s (or 30ms, 30m, 30h)' });
  t.throws(() => parseDuration(5), { message: /^"5" has no unit; write 5s/ });
  t.throws(() => parseDuration(' 2.5 '), { message: /^"2\.5" has no unit; write 2\.5s/ });
});

test('zero needs no unit: it is zero in every unit', (t) => {
  t.is(parseDuration('0'), 0);
  t.is(parseDuration(0), 0);
  t.is(parseDuration('0s'), 0);
});

test('anything else is refused', (t) => {
  for (const bad of ['', 'soon', '5 m', '5mm', '-1s', 'm5', '-5', '1e3'])
    t.throws(() => parseDuration(bad), { message: /is not a duration/ }, bad);
});

test('ISO 8601 durations as Knative delivery specs write them', (t) => {
  t.is(parseIsoDuration('PT0.2S'), 200);
  t.is(parseIsoDuration('PT1M30S'), 90_000);
  t.is(parseIsoDuration('PT2H'), 7_200_000);
  t.is(parseIsoDuration('P1D'), 86_400_000);
  for (const bad of ['P', 'PT', '1S', 'PTS']) t.throws(() => parseIsoDuration(bad), undefined, bad);
});
