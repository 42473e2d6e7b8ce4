import test from 'ava';
import * as z from 'zod';
import { InvalidError } from '../../../lib/errors/errors.ts';
import { defineEvent, parseEnvelope } from '../../../lib/events/define-event.ts';

const Ping = defineEvent({ type: 'dev.test.ping.v1', data: z.object({ n: z.number().int() }), partitionKey: (d) => `k${d.n}` });
const meta = { id: 'id-1', source: '/test', time: new Date('2026-11-27T00:00:00Z') };

test('create builds a CloudEvents 1.0 envelope with the partition key and the data', (t) => {
  t.deepEqual(Ping.create({ n: 3 }, meta), {
    specversion: '1.0',
    id: 'id-1',
    source: '/test',
    type: 'dev.test.ping.v1',
    time: '2026-11-27T00:00:00.000Z',
    datacontenttype: 'application/json',
    partitionkey: 'k3',
    data: { n: 3 },
  });
});

test('create refuses data that does not fit the schema (a bug of ours, not a client error)', (t) => {
  const error = t.throws(() => Ping.create({ n: 1.5 }, meta));
  t.false(error instanceof InvalidError);
});

test('parse accepts an event it built and keeps extensions', (t) => {
  const event = { ...Ping.create({ n: 1 }, meta), knativeerrorcode: '500' };
  t.deepEqual(Ping.parse(event), event);
});

test('parse rejects another type, naming the field', (t) => {
  const error = t.throws(() => Ping.parse({ ...Ping.create({ n: 1 }, meta), type: 'dev.test.other.v1' }), { instanceOf: InvalidError });
  t.regex(error.message, /^invalid dev\.test\.ping\.v1 event: type: /);
  t.is(error.status, 400);
});

test('parse rejects invalid data, naming the data field', (t) => {
  const error = t.throws(() => Ping.parse({ ...Ping.create({ n: 1 }, meta), data: { n: 'one' } }), { instanceOf: InvalidError });
  t.regex(error.message, /data\.n: /);
});

test('parseEnvelope rejects what the runtime hands over for a non-event (undefined) as a 400', (t) => {
  const error = t.throws(() => parseEnvelope(undefined), { instanceOf: InvalidError });
  t.is(error.status, 400);
  t.throws(() => parseEnvelope({ specversion: '0.3', id: 'a', source: '/s', type: 't' }), { instanceOf: InvalidError });
});

test('is tells our type from others before the data is read', (t) => {
  t.true(Ping.is(Ping.create({ n: 1 }, meta)));
  t.false(Ping.is({ specversion: '1.0', id: 'a', source: '/s', type: 'x', data: null }));
});
