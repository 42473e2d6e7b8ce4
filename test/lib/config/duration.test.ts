import test from 'ava';
import { parseDuration, parseIsoDuration } from '../../../lib/config/duration.ts';

test('human durations', (t) => {
  t.is(parseDuration('500ms'), 500);
  t.is(parseDuration('30s'), 30_000);
  t.is(parseDuration('5m'), 300_000);
  t.is(parseDuration('1h30m'), 5_400_000);
  t.is(parseDuration('2d'), 172_800_000);
  t.is(parseDuration('250'), 250);
  t.is(parseDuration(1000), 1000);
});

test('anything else is refused', (t) => {
  for (const bad of ['', 'soon', '5 m', '5mm', '-1s', 'm5']) t.throws(() => parseDuration(bad), { message: /is not a duration/ }, bad);
});

test('ISO 8601 durations as Knative delivery specs write them', (t) => {
  t.is(parseIsoDuration('PT0.2S'), 200);
  t.is(parseIsoDuration('PT1M30S'), 90_000);
  t.is(parseIsoDuration('PT2H'), 7_200_000);
  t.is(parseIsoDuration('P1D'), 86_400_000);
  for (const bad of ['P', 'PT', '1S', 'PTS']) t.throws(() => parseIsoDuration(bad), undefined, bad);
});
