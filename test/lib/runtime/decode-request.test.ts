import test from 'ava';
import { InvalidError } from '../../../lib/errors/errors.ts';
import { decodeEvent, decodeJson } from '../../../lib/runtime/decode-request.ts';

const json = (body: string, type = 'application/json') => decodeJson({ 'content-type': type }, Buffer.from(body));

test('a JSON object or array is parsed once into its value', (t) => {
  t.deepEqual(json('{"a": 1, "b": "\\u0026"}', 'application/json; charset=utf-8'), { a: 1, b: '&' });
  t.deepEqual(json('[1]'), [1]);
});

test('another content type is a 415', (t) => {
  const e = t.throws(() => json('{}', 'text/plain'), { instanceOf: InvalidError });
  t.is(e.status, 415);
});

test('broken JSON or a scalar is a 400', (t) => {
  t.is(t.throws(() => json('{'), { instanceOf: InvalidError }).status, 400);
  t.is(t.throws(() => json('"text"'), { instanceOf: InvalidError }).message, 'body must be a JSON object');
});

test('a structured CloudEvent is passed on in binary mode', (t) => {
  const d = decodeEvent(
    { 'content-type': 'application/cloudevents+json' },
    Buffer.from('{"specversion":"1.0","id":"a","source":"/s","type":"t","data":{"x":1}}'),
  );
  t.is(d.headers['ce-id'], 'a');
  t.is(d.body, '{"x":1}');
});

test('a "__proto__" key, or a constructor holding a prototype, is a 400 in our shape, however it is spelled', (t) => {
  for (const body of ['{"__proto__":0}', '{"a":{"__proto__":{"x":1}}}', '{"\\u005f_proto__":1}', '{"constructor":{"prototype":{}}}']) {
    const error = t.throws(() => json(body), { instanceOf: InvalidError });
    t.regex(error?.message ?? '', /^body is not valid JSON: the key "(__proto__|constructor)" is not allowed$/, body);
  }
  t.notThrows(() => json('{"protocol":"https","constructor":"x","a":[{"constructor":{}}]}'));
  const structured = (data: string) => Buffer.from(`{"specversion":"1.0","id":"a","source":"/s","type":"t","data":${data}}`);
  t.throws(() => decodeEvent({ 'content-type': 'application/cloudevents+json' }, structured('{"x":[{"__proto__":1}]}')), {
    message: /the key "__proto__" is not allowed/,
  });
  t.notThrows(() => decodeEvent({ 'content-type': 'application/cloudevents+json' }, structured('{"proto":1}')));
});
