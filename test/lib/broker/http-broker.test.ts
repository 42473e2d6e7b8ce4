import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpBroker } from '../../../lib/broker/http-broker.ts';
import { TransientError } from '../../../lib/errors/errors.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { startRecordingBroker } from '../../support/recording-broker.ts';

const event = (id: string): CloudEventEnvelope => ({
  specversion: '1.0',
  id,
  source: '/alerts-slm/ingest',
  type: 'dev.alerts-slm.alert.firing.v1',
  time: '2026-11-27T00:00:00.000Z',
  datacontenttype: 'application/json',
  partitionkey: 'ns/Pod/a',
  data: { n: id },
});

test('publishes binary-mode CloudEvents: ce-* headers, JSON data as the body', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  t.deepEqual(await createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 4 }).publish([event('a'), event('b')]), {
    published: 2,
  });
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
  const error = await t.throwsAsync(
    createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 1 }).publish([event('a'), event('b'), event('c')]),
    { instanceOf: TransientError },
  );
  t.regex(error.message, /publishing failed for 1 of 3 events; first: event b: broker answered 503 no channel/);
});

test('a broker that does not answer in time fails the publish as transient', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  broker.respond(() => ({ status: 202, delayMs: 1000 }));
  await t.throwsAsync(createHttpBroker({ url: broker.url, timeoutMs: 100, concurrency: 1 }).publish([event('a')]), {
    instanceOf: TransientError,
    message: /timed out after 100 ms/,
  });
});

test('an unreachable broker fails the publish as transient', async (t) => {
  await t.throwsAsync(createHttpBroker({ url: 'http://127.0.0.1:9/', timeoutMs: 1000, concurrency: 1 }).publish([event('a')]), {
    instanceOf: TransientError,
    message: /broker unreachable/,
  });
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
  await createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 3 }).publish(
    Array.from({ length: 12 }, (_, i) => event(`e${i}`)),
  );
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

// A broker ingress that counts the connections it accepted and answers each request with `answer`.
const countingServer = async (answer: (n: number) => { status: number; body?: string }) => {
  let connections = 0;
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { status, body } = answer(requests++);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body ?? '');
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

test('publishes reuse kept-alive connections: 40 events over many publishes open no more than maxSockets', async (t) => {
  const server = await countingServer(() => ({ status: 202, body: 'accepted' }));
  t.teardown(() => server.close());
  const broker = createHttpBroker({ url: server.url, timeoutMs: 2000, concurrency: 4, maxSockets: 3 });
  for (let i = 0; i < 5; i++) await broker.publish(Array.from({ length: 8 }, (_, j) => event(`r${i}-${j}`)));
  t.true(server.connections() <= 3, `${server.connections()} connections`);
  t.true(server.connections() >= 1);
});

test('a refusal is read to its end and its connection reused; the error quotes only the first 200 characters', async (t) => {
  const server = await countingServer((n) => (n === 0 ? { status: 500, body: `overloaded ${'x'.repeat(5000)}` } : { status: 202 }));
  t.teardown(() => server.close());
  const broker = createHttpBroker({ url: server.url, timeoutMs: 2000, concurrency: 1, maxSockets: 1 });
  const error = await t.throwsAsync(broker.publish([event('a')]), { instanceOf: TransientError });
  t.is(error.code, 'broker_unavailable');
  t.regex(error.message, /event a: broker answered 500 overloaded x+$/);
  t.is(/x+$/.exec(error.message)?.[0].length, 200 - 'overloaded '.length);
  await broker.publish([event('b'), event('c')]);
  t.is(server.connections(), 1);
});

test('a connection the broker refuses fails the publish as transient, naming the reason', async (t) => {
  const server = await countingServer(() => ({ status: 202 }));
  const { url } = server;
  await server.close();
  const error = await t.throwsAsync(createHttpBroker({ url, timeoutMs: 1000, concurrency: 1 }).publish([event('a')]), {
    instanceOf: TransientError,
  });
  t.regex(error.message, /event a: broker unreachable: .*ECONNREFUSED/);
});

test('a timed-out publish does not hold its connection: the next publish gets an answer', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  // The timeout is also the next publish's whole budget: generous enough for a loaded CI machine.
  broker.respond((_, n) => (n === 0 ? { status: 202, delayMs: 5000 } : { status: 202 }));
  const publisher = createHttpBroker({ url: broker.url, timeoutMs: 1000, concurrency: 1, maxSockets: 1 });
  await t.throwsAsync(publisher.publish([event('slow')]), { message: /event slow: broker unreachable: timed out after 1000 ms/ });
  t.deepEqual(await publisher.publish([event('next')]), { published: 1 });
});
