import test from 'ava';
import { formatMatcher, matches, parseMatchers } from '../../../lib/alertmanager/matchers.ts';

// Alertmanager's own matcher parser test vectors: the 53 cases of TestMatchers in pkg/labels/parse_test.go
// (prometheus/alertmanager at commit b3f6d0592baee8ff2f257e509b57014d0afc5c92), transcribed as data: each input
// with the matchers Alertmanager parses from it ([name, operator, value]) or the error it gives.
type Want = readonly (readonly [string, string, string])[] | { readonly error: string };
const vectors: readonly (readonly [string, Want])[] = [
  ['{}', []],
  [',', { error: 'bad matcher format: ' }],
  ['{,}', { error: 'bad matcher format: ' }],
  ["{foo='}", [['foo', '=', "'"]]],
  ['{foo=`}', [['foo', '=', '`']]],
  [String.raw`{foo=\"}`, [['foo', '=', '"']]],
  ['{foo=bar}', [['foo', '=', 'bar']]],
  ['{foo="bar"}', [['foo', '=', 'bar']]],
  ['{foo=~bar.*}', [['foo', '=~', 'bar.*']]],
  ['{foo=~"bar.*"}', [['foo', '=~', 'bar.*']]],
  ['{foo!=bar}', [['foo', '!=', 'bar']]],
  ['{foo!="bar"}', [['foo', '!=', 'bar']]],
  ['{foo!~bar.*}', [['foo', '!~', 'bar.*']]],
  ['{foo!~"bar.*"}', [['foo', '!~', 'bar.*']]],
  [
    '{foo="bar", baz!="quux"}',
    [
      ['foo', '=', 'bar'],
      ['baz', '!=', 'quux'],
    ],
  ],
  [
    '{foo="bar", baz!~"quux.*"}',
    [
      ['foo', '=', 'bar'],
      ['baz', '!~', 'quux.*'],
    ],
  ],
  [
    '{foo="bar",baz!~".*quux", derp="wat"}',
    [
      ['foo', '=', 'bar'],
      ['baz', '!~', '.*quux'],
      ['derp', '=', 'wat'],
    ],
  ],
  [
    '{foo="bar", baz!="quux", derp="wat"}',
    [
      ['foo', '=', 'bar'],
      ['baz', '!=', 'quux'],
      ['derp', '=', 'wat'],
    ],
  ],
  [
    '{foo="bar", baz!~".*quux.*", derp="wat"}',
    [
      ['foo', '=', 'bar'],
      ['baz', '!~', '.*quux.*'],
      ['derp', '=', 'wat'],
    ],
  ],
  [
    '{foo="bar", instance=~"some-api.*"}',
    [
      ['foo', '=', 'bar'],
      ['instance', '=~', 'some-api.*'],
    ],
  ],
  ['{foo=""}', [['foo', '=', '']]],
  [
    '{foo="bar,quux", job="job1"}',
    [
      ['foo', '=', 'bar,quux'],
      ['job', '=', 'job1'],
    ],
  ],
  [
    '{foo = "bar", dings != "bums", }',
    [
      ['foo', '=', 'bar'],
      ['dings', '!=', 'bums'],
    ],
  ],
  [
    'foo=bar,dings!=bums',
    [
      ['foo', '=', 'bar'],
      ['dings', '!=', 'bums'],
    ],
  ],
  [
    String.raw`{quote="She said: \"Hi, ladies! That's gender-neutral…\""}`,
    [['quote', '=', `She said: "Hi, ladies! That's gender-neutral…"`]],
  ],
  ['statuscode=~"5.."', [['statuscode', '=~', '5..']]],
  ['tricky=~~~', [['tricky', '=~', '~~']]],
  [String.raw`trickier==\\=\=\"`, [['trickier', '=', String.raw`=\=\="`]]],
  [
    String.raw`contains_quote != "\"" , contains_comma !~ "foo,bar" , `,
    [
      ['contains_quote', '!=', '"'],
      ['contains_comma', '!~', 'foo,bar'],
    ],
  ],
  ['{foo=bar}}', [['foo', '=', 'bar}']]],
  ['{foo=bar}},}', [['foo', '=', 'bar}}']]],
  [
    '{foo=,bar=}}',
    [
      ['foo', '=', ''],
      ['bar', '=', '}'],
    ],
  ],
  [String.raw`{foo=bar\t}`, [['foo', '=', String.raw`bar\t`]]],
  [String.raw`{foo=bar\n}`, [['foo', '=', 'bar\n']]],
  [String.raw`{foo=bar\}`, [['foo', '=', 'bar\\']]],
  [String.raw`{foo=bar\\}`, [['foo', '=', 'bar\\']]],
  [String.raw`{foo=bar\"}`, [['foo', '=', 'bar"']]],
  ['job=', [['job', '=', '']]],
  ['job="value', { error: 'matcher value contains unescaped double quote: "value' }],
  ['job=value"', { error: 'matcher value contains unescaped double quote: value"' }],
  [String.raw`trickier==\\=\=\""`, { error: String.raw`matcher value contains unescaped double quote: =\\=\=\""` }],
  ['contains_unescaped_quote = foo"bar', { error: 'matcher value contains unescaped double quote: foo"bar' }],
  ['{invalid-name = "valid label"}', { error: 'bad matcher format: invalid-name = "valid label"' }],
  ['{foo=~"invalid[regexp"}', { error: 'error parsing regexp: missing closing ]: `[regexp)$`' }],
  // Double escaped strings.
  [String.raw`"{foo=\"bar"}`, { error: String.raw`bad matcher format: "{foo=\"bar"` }],
  [String.raw`"foo=\"bar"`, { error: String.raw`bad matcher format: "foo=\"bar"` }],
  [String.raw`"foo=\"bar\""`, { error: String.raw`bad matcher format: "foo=\"bar\""` }],
  [String.raw`"foo=\"bar\"`, { error: String.raw`bad matcher format: "foo=\"bar\"` }],
  [String.raw`"{foo=\"bar\"}"`, { error: String.raw`bad matcher format: "{foo=\"bar\"}"` }],
  ['"foo="bar""', { error: 'bad matcher format: "foo="bar""' }],
  ['{{foo=', { error: 'bad matcher format: {foo=' }],
  ['{foo=', [['foo', '=', '']]],
  ['{foo=}b', [['foo', '=', '}b']]],
];

for (const [input, want] of vectors) {
  if ('error' in want) {
    test(`refuses ${JSON.stringify(input)} with Alertmanager's message`, (t) => {
      t.throws(() => parseMatchers(input), { message: want.error });
    });
  } else {
    test(`parses ${JSON.stringify(input)} as Alertmanager does`, (t) => {
      t.deepEqual(
        parseMatchers(input).map((m) => [m.name, m.op, m.value]),
        want,
      );
    });
  }
}

test('regexes are anchored as in Prometheus', (t) => {
  const [m] = parseMatchers('env=~"prod"');
  t.true(matches(m!, { env: 'prod' }));
  t.false(matches(m!, { env: 'preprod' }));
  t.false(matches(m!, { env: 'production' }));
});

test('regexes use RE2 syntax, as every Alertmanager config does', (t) => {
  const [m] = parseMatchers('alertname=~"(?i)watchdog"');
  t.true(matches(m!, { alertname: 'Watchdog' }));
  t.true(matches(m!, { alertname: 'WATCHDOG' }));
  t.false(matches(m!, { alertname: 'WatchdogX' }));
  const [n] = parseMatchers('code=~"[[:digit:]]{3}"');
  t.true(matches(n!, { code: '503' }));
  t.false(matches(n!, { code: 'abc' }));
});

test('regexes match UTF-8 label values by code point', (t) => {
  const [m] = parseMatchers('emoji=~"."');
  t.true(matches(m!, { emoji: '🔥' }));
  const [n] = parseMatchers('word=~"(?i)ärger"');
  t.true(matches(n!, { word: 'ÄRGER' }));
});

test('JavaScript-only regex syntax that RE2 refuses is refused at parse time', (t) => {
  t.throws(() => parseMatchers('a=~"(?=b)b"'), { message: /invalid or unsupported Perl syntax/ });
  t.throws(() => parseMatchers('a=~"(x)\\1"'), { message: /error parsing regexp/ });
});

test('a missing label matches as the empty string', (t) => {
  const [m] = parseMatchers('team=""');
  t.true(matches(m!, {}));
  const [n] = parseMatchers('alertname!~"Watchdog"');
  t.true(matches(n!, {}));
});

test('surrounding whitespace around the whole list is ignored', (t) => {
  t.deepEqual(
    parseMatchers('  {a="b"}\n').map((m) => [m.name, m.op, m.value]),
    [['a', '=', 'b']],
  );
});

test('a matcher written back is read back unchanged', (t) => {
  const [m] = parseMatchers(String.raw`quote!="a \"b\"\\c\nd"`);
  t.is(formatMatcher(m!), String.raw`quote!="a \"b\"\\c\nd"`);
  t.deepEqual(
    parseMatchers(formatMatcher(m!)).map((x) => x.value),
    [m!.value],
  );
});

test('a parsed matcher is plain data, so the printed configuration shows it as written', (t) => {
  t.is(JSON.stringify(parseMatchers('a=~"b|c"')), '[{"name":"a","op":"=~","value":"b|c"}]');
});

test('a matcher built by hand matches with RE2 too', (t) => {
  t.true(matches({ name: 'a', op: '=~', value: '(?i)x' }, { a: 'X' }));
});
