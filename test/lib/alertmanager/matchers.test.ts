import test from 'ava';
import { matches, parseMatchers } from '../../../lib/alertmanager/matchers.ts';

test('parses the four operators, quoted or not, with or without braces', (t) => {
  const ms = parseMatchers('{alertname!~"Watchdog|InfoInhibitor", severity=critical, team!="", env=~"prod.*"}');
  t.deepEqual(ms.map((m) => [m.name, m.op, m.value]), [
    ['alertname', '!~', 'Watchdog|InfoInhibitor'],
    ['severity', '=', 'critical'],
    ['team', '!=', ''],
    ['env', '=~', 'prod.*'],
  ]);
});

test('quoted values may hold commas and escaped quotes', (t) => {
  const [m] = parseMatchers('summary="a, \\"b\\""');
  t.is(m?.value, 'a, "b"');
});

test('regexes are anchored as in Prometheus', (t) => {
  const [m] = parseMatchers('env=~"prod"');
  t.true(matches(m!, { env: 'prod' }));
  t.false(matches(m!, { env: 'preprod' }));
});

test('a missing label matches as the empty string', (t) => {
  const [m] = parseMatchers('team=""');
  t.true(matches(m!, {}));
  const [n] = parseMatchers('alertname!~"Watchdog"');
  t.true(matches(n!, {}));
});

test('bad matchers are refused with the matcher named', (t) => {
  t.throws(() => parseMatchers('severity'), { message: /bad matcher "severity"/ });
  t.throws(() => parseMatchers('a=~"("'), { message: /bad matcher "a=~\\"\(\\""/ });
  t.throws(() => parseMatchers('a="open'), { message: /unterminated quote/ });
});
