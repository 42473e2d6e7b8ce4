import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpBroker } from '../../../lib/broker/http-broker.ts';
import { TransientError } from '../../../lib/errors/errors.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { startRecordingBroker } from '../../support/recording-broker.ts';

const event = (id: string): CloudEventEnvelope => ({ specversion: '1.0', id, source: '/alerts-slm/ingest', type: 'dev.alerts-slm.alert.firing.v1', time: '2026-11-27T00:00:00.000Z', datacontenttype: 'application/json', partitionkey: 'ns/Pod/a', data: { n: id } });

test('publishes binary-mode CloudEvents: ce-* headers, JSON data as the body', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  t.deepEqual(await createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 4 }).publish([event('a'), event('b')]), { published: 2 });
  const first = broker.received.find((r) => r.event.id === 'a');
  t.is(first?.headers['ce-type'], 'dev.alerts-slm.alert.firing.v1');
  t.is(first?.headers['ce-partitionkey'], 'ns/Pod/a');
  t.is(first?.headers['content-type'], 'application/json');
  t.deepEqual(JSON.parse(first?.body ?? ''), { n: 'a' });
});

test('a broker answering 5xx for any event fails the publish as transient, naming the status', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  broker.respond((e) => (e.id === 'b' ? { status: 503, body: 'no channel' } : { status: 202 }));
  const error = await t.throwsAsync(createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 1 }).publish([event('a'), event('b'), event('c')]), { instanceOf: TransientError });
  t.regex(error.message, /publishing failed for 1 of 3 events; first: event b: broker answered 503 no channel/);
});

test('a broker that does not answer in time fails the publish as transient', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  broker.respond(() => ({ status: 202, delayMs: 1000 }));
  await t.throwsAsync(createHttpBroker({ url: broker.url, timeoutMs: 100, concurrency: 1 }).publish([event('a')]), { instanceOf: TransientError, message: /timed out after 100 ms/ });
});

test('an unreachable broker fails the publish as transient', async (t) => {
  await t.throwsAsync(createHttpBroker({ url: 'http://127.0.0.1:9/', timeoutMs: 1000, concurrency: 1 }).publish([event('a')]), { instanceOf: TransientError, message: /broker unreachable/ });
});

test('no more than `concurrency` publishes are in flight at once', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  let inFlight = 0;
  let most = 0;
  broker.respond(() => {
    most = Math.max(most, ++inFlight);
    setTimeout(() => inFlight--, 30);
    return { status: 202, delayMs: 30 };
  });
  await createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 3 }).publish(Array.from({ length: 12 }, (_, i) => event(`e${i}`)));
  t.true(most <= 3, `at most ${most}`);
  t.is(broker.received.length, 12);
});

test("with a token file every publish carries the sender's token (read again as the kubelet rotates it), without one none", async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  const file = join(mkdtempSync(join(tmpdir(), 'sender-')), 'token');
  writeFileSync(file, 'projected-sa-token\n');
  await createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 1, tokenFile: file }).publish([event('t1')]);
  await createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 1 }).publish([event('t2')]);
  t.is(broker.received.find((r) => r.event.id === 't1')?.headers.authorization, 'Bearer projected-sa-token');
  t.is(broker.received.find((r) => r.event.id === 't2')?.headers.authorization, undefined);
});
