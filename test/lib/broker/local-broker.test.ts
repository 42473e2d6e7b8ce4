import test from 'ava';
import { createLocalBroker, type DeliveryResult, type Subscriber } from '../../../lib/broker/local-broker.ts';
import type { Trigger } from '../../../lib/broker/triggers.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { silentLogger } from '../../../lib/runtime/logger.ts';
import { encodeBinary } from '../../../lib/events/cloud-event-codec.ts';

const ev = (type: string, id = 'e1', extra: Record<string, string> = {}): CloudEventEnvelope => ({
  specversion: '1.0',
  id,
  source: '/t',
  type,
  data: {},
  ...extra,
});
const trigger = (name: string, type: string, subscriber: string, retry = 2, extra: Record<string, string> = {}): Trigger => ({
  name,
  broker: 'b',
  attributes: { type, ...extra },
  filters: [],
  subscriber,
  delivery: { retry, backoffPolicy: 'exponential', backoffDelayMs: 10, timeoutMs: null, deadLetterSink: null },
});

const setup = (triggers: Trigger[], subscribers: Record<string, Subscriber>) => {
  const dead: { event: CloudEventEnvelope; trigger: string }[] = [];
  const waits: number[] = [];
  const broker = createLocalBroker({
    triggers,
    subscribers: new Map(Object.entries(subscribers)),
    logger: silentLogger(),
    deadLetter: async (event, t) => void dead.push({ event, trigger: t }),
    wait: async (ms) => void waits.push(ms),
  });
  return { broker, dead, waits };
};
const answering = (...results: DeliveryResult[]) => {
  const seen: CloudEventEnvelope[] = [];
  const sub: Subscriber = async (e) => {
    seen.push(e);
    return results[Math.min(seen.length - 1, results.length - 1)] as DeliveryResult;
  };
  return { sub, seen };
};

test('routes by the type filter, and only to matching triggers', async (t) => {
  const a = answering({ status: 204 });
  const b = answering({ status: 204 });
  const { broker } = setup([trigger('ta', 'x.a', 'fa'), trigger('tb', 'x.b', 'fb')], { fa: a.sub, fb: b.sub });
  broker.publish(ev('x.a'));
  await broker.idle();
  t.is(a.seen.length, 1);
  t.is(b.seen.length, 0);
});

test('extension attributes filter too (the tick trigger)', async (t) => {
  const a = answering({ status: 204 });
  const { broker } = setup([trigger('tick', 'dev.knative.sources.ping', 'fa', 0, { alertsslm: 'assess-tick' })], { fa: a.sub });
  broker.publish(ev('dev.knative.sources.ping', 'p1'));
  broker.publish(ev('dev.knative.sources.ping', 'p2', { alertsslm: 'assess-tick' }));
  await broker.idle();
  t.deepEqual(
    a.seen.map((e) => e.id),
    ['p2'],
  );
});

test('a reply event is re-ingested and routed again', async (t) => {
  const first = answering({ status: 200, event: ev('x.b', 'r1') });
  const second = answering({ status: 204 });
  const { broker } = setup([trigger('ta', 'x.a', 'fa'), trigger('tb', 'x.b', 'fb')], { fa: first.sub, fb: second.sub });
  broker.publish(ev('x.a'));
  await broker.idle();
  t.deepEqual(
    second.seen.map((e) => e.id),
    ['r1'],
  );
});

for (const status of [404, 408, 409, 429, 500, 503]) {
  test(`a ${status} is retried with exponential backoff, then succeeds`, async (t) => {
    const a = answering({ status }, { status }, { status: 202 });
    const { broker, dead, waits } = setup([trigger('ta', 'x.a', 'fa', 3)], { fa: a.sub });
    broker.publish(ev('x.a'));
    await broker.idle();
    t.is(a.seen.length, 3);
    t.deepEqual(waits, [20, 40]);
    t.is(dead.length, 0);
  });
}

test('retries exhausted → dead letter with Knative error extensions', async (t) => {
  const a = answering({ status: 500, body: 'db down' });
  const { broker, dead } = setup([trigger('ta', 'x.a', 'fa', 2)], { fa: a.sub });
  broker.publish(ev('x.a'));
  await broker.idle();
  t.is(a.seen.length, 3);
  t.is(dead.length, 1);
  t.is(dead[0]?.event.knativeerrorcode, '500');
  t.is(dead[0]?.event.knativeerrordest, 'fa');
  t.is(Buffer.from(String(dead[0]?.event.knativeerrordata), 'base64').toString(), 'db down');
});

test('a 400 is not retried: straight to the dead letter', async (t) => {
  const a = answering({ status: 400, body: '{"error":"invalid"}' });
  const { broker, dead } = setup([trigger('ta', 'x.a', 'fa', 5)], { fa: a.sub });
  broker.publish(ev('x.a'));
  await broker.idle();
  t.is(a.seen.length, 1);
  t.is(dead.length, 1);
});

test('a 2xx with a body that is not an event is a failed delivery', async (t) => {
  const a = answering({ status: 200, body: 'ok!' }, { status: 204 });
  const { broker, dead } = setup([trigger('ta', 'x.a', 'fa', 2)], { fa: a.sub });
  broker.publish(ev('x.a'));
  await broker.idle();
  t.is(a.seen.length, 2);
  t.is(dead.length, 0);
});

test('a subscriber that throws is retried like a 5xx', async (t) => {
  let calls = 0;
  const { broker, dead } = setup([trigger('ta', 'x.a', 'fa', 1)], {
    fa: async () => {
      calls++;
      throw new Error('connection reset');
    },
  });
  broker.publish(ev('x.a'));
  await broker.idle();
  t.is(calls, 2);
  t.is(dead.length, 1);
});

test('a trigger whose function is not here is not routed', async (t) => {
  const a = answering({ status: 204 });
  const { broker } = setup([trigger('ta', 'x.a', 'fa'), trigger('tb', 'x.a', 'missing')], { fa: a.sub });
  broker.publish(ev('x.a'));
  await broker.idle();
  t.is(a.seen.length, 1);
});

test('the HTTP ingress accepts a binary CloudEvent with 202 and rejects a non-event with 400', async (t) => {
  const a = answering({ status: 204 });
  const { broker } = setup([trigger('ta', 'x.a', 'fa')], { fa: a.sub });
  const port = await broker.listen(0);
  t.teardown(() => broker.close());
  const { headers, body } = encodeBinary(ev('x.a', 'h1'));
  t.is((await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body })).status, 202);
  const bad = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  t.is(bad.status, 400);
  t.regex(((await bad.json()) as { message: string }).message, /not a CloudEvent/);
  await broker.idle();
  t.deepEqual(
    a.seen.map((e) => e.id),
    ['h1'],
  );
});

test('a subscriber slower than the delivery timeout counts as a 408 and is retried', async (t) => {
  let calls = 0;
  const slow = {
    ...trigger('ta', 'x.a', 'fa', 1),
    delivery: { retry: 1, backoffPolicy: 'linear' as const, backoffDelayMs: 1, timeoutMs: 30, deadLetterSink: null },
  };
  const { broker, dead } = setup([slow], {
    fa: () => {
      calls++;
      return new Promise(() => {});
    },
  });
  broker.publish(ev('x.a'));
  await broker.idle();
  t.is(calls, 2);
  t.is(dead[0]?.event.knativeerrorcode, '408');
});

test("what exhausts its retries goes to the Trigger's dead-letter sink, a subscriber like any; when that fails too, aside", async (t) => {
  const failing = answering({ status: 503 });
  const sink = answering({ status: 202 });
  const withSink = {
    ...trigger('ta', 'x.a', 'fa', 1),
    delivery: { ...trigger('ta', 'x.a', 'fa', 1).delivery, deadLetterSink: 'dead-letter' },
  };
  const ok = setup([withSink], { fa: failing.sub, 'dead-letter': sink.sub });
  ok.broker.publish(ev('x.a', 'd1'));
  await ok.broker.idle();
  t.like(sink.seen[0], { id: 'd1', knativeerrorcode: '503', knativeerrordest: 'fa' });
  t.deepEqual(ok.dead, []);
  const broken = setup([withSink], { fa: failing.sub, 'dead-letter': answering({ status: 503 }).sub });
  broken.broker.publish(ev('x.a', 'd2'));
  await broken.broker.idle();
  t.deepEqual(
    broken.dead.map((d) => [d.event.id, d.trigger]),
    [['d2', 'ta']],
  );
});

test('drain hands back what was not delivered when it stops, and what arrives afterwards; never what was delivered', async (t) => {
  const delivered = answering({ status: 204 });
  const down = answering({ status: 503 });
  const broker = createLocalBroker({
    triggers: [trigger('ok', 'x.ok', 'fok', 0), trigger('down', 'x.down', 'fdown', 5)],
    subscribers: new Map([
      ['fok', delivered.sub],
      ['fdown', down.sub],
    ]),
    logger: silentLogger(),
    deadLetter: async () => t.fail('nothing is dead-lettered'),
    // A retry waits long: the drain comes first.
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms * 100)),
  });
  broker.publish(ev('x.ok', 'o1'));
  broker.publish(ev('x.down', 'w1'));
  const left = await broker.drain(100);
  broker.publish(ev('x.ok', 'late'));
  t.deepEqual(
    left.map((e) => e.id),
    ['w1'],
  );
  t.deepEqual(
    delivered.seen.map((e) => e.id),
    ['o1'],
  );
  t.deepEqual((await broker.drain(0)).map((e) => e.id).sort(), ['late', 'w1']);
});
