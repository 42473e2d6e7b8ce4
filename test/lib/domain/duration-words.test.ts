import test from 'ava';
import { durationWords } from '../../../lib/domain/duration-words.ts';

test('durations read as a person says them: the two largest units, seconds only under a minute', (t) => {
  const cases: [number, string][] = [
    [0, '0 s'],
    [-5, '0 s'],
    [32_400, '32 s'],
    [60_000, '1 min'],
    [3_539_000, '58 min'],
    [5_400_000, '1 h 30 min'],
    [14_400_000, '4 h'],
    [7_205_000, '2 h'],
    [187_200_000, '2 d 4 h'],
  ];
  for (const [ms, words] of cases) t.is(durationWords(ms), words, String(ms));
});
