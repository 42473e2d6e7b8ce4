import test from 'ava';
import { encodeBinary } from '../../../lib/events/cloud-event-codec.ts';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { InvalidError } from '../../../lib/errors/errors.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { createRuntime } from '../../../lib/runtime/create-runtime.ts';
import { defineFunction } from '../../../lib/runtime/function-spec.ts';
import { serve, type Served } from '../../../lib/runtime/serve.ts';
import { freePort } from '../../support/free-port.ts';

// An event function served through faas-js-runtime's start(), as analyze, execute and assess are.
const echo = defineFunction({
  name: 'echo',
  create: () => ({
    kind: 'event',
    handle: async (event) => {
      const data = event.data as { reply?: boolean; invalid?: boolean };
      if (data.invalid) throw new InvalidError('data.invalid: refused');
      return data.reply
        ? {
            specversion: '1.0',
            id: `re-${event.id}`,
            source: '/echo',
            type: 'dev.test.replied.v1',
            datacontenttype: 'application/json',
            data: { to: event.id },
          }
        : undefined;
    },
  }),
});
let served: Served;
let url: string;
test.before(async () => {
  served = await serve(echo, createRuntime(loadConfig({ LOG_LEVEL: 'error' })), { port: await freePort() });
  url = `http://127.0.0.1:${served.port}/`;
});
test.after.always(async () => {
  served?.server.closeAllConnections();
  await new Promise((resolve) => served?.server.close(resolve));
});

const event = (data: unknown, id = 'e1'): CloudEventEnvelope => ({
  specversion: '1.0',
  id,
  source: '/t',
  type: 'dev.test.asked.v1',
  datacontenttype: 'application/json',
  data,
});

test('a binary-mode event answered with nothing is a 204 with an empty body', async (t) => {
  const r = await fetch(url, { method: 'POST', ...encodeBinary(event({})) });
  t.is(r.status, 204);
  t.is(await r.text(), '');
});

test('a reply event comes back in binary mode', async (t) => {
  const r = await fetch(url, { method: 'POST', ...encodeBinary(event({ reply: true })) });
  t.is(r.status, 200);
  t.is(r.headers.get('ce-id'), 're-e1');
  t.is(r.headers.get('ce-type'), 'dev.test.replied.v1');
  t.deepEqual(await r.json(), { to: 'e1' });
});

test('a structured-mode event is accepted too', async (t) => {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify(event({ reply: true }, 's1')),
  });
  t.is(r.status, 200);
  t.is(r.headers.get('ce-id'), 're-s1');
});

test('a malformed CloudEvent is a 400 (dead letter), never the runtime’s 500 (retried forever)', async (t) => {
  const cases: RequestInit[] = [
    { headers: { 'ce-specversion': '1.0', 'ce-type': 't', 'content-type': 'application/json' }, body: '{}' },
    { headers: { 'content-type': 'application/cloudevents+json' }, body: '{"specversion":"1.0"' },
    { headers: { 'content-type': 'application/cloudevents+json' }, body: '{"specversion":"0.3","id":"a","source":"/s","type":"t"}' },
    { headers: { 'content-type': 'application/json' }, body: '{"not":"an event"}' },
  ];
  for (const init of cases) {
    const r = await fetch(url, { method: 'POST', ...init });
    t.is(r.status, 400, String(init.body));
    t.truthy(((await r.json()) as { message: string }).message);
  }
});

test('an event the handler refuses is a 400 with the handler’s message', async (t) => {
  const r = await fetch(url, { method: 'POST', ...encodeBinary(event({ invalid: true })) });
  t.is(r.status, 400);
  t.deepEqual(await r.json(), { error: 'invalid', message: 'data.invalid: refused' });
});

test('a query string cannot turn a plain request into an event (?cloudevent=)', async (t) => {
  const r = await fetch(`${url}?cloudevent=x&method=GET`, { method: 'POST', ...encodeBinary(event({ reply: true }, 'q1')) });
  t.is(r.status, 200);
  t.is(r.headers.get('ce-id'), 're-q1');
});

test('an unknown path is a 404 from the front door, the probes are ours', async (t) => {
  t.is((await fetch(`${url}nope`)).status, 404);
  t.is(await (await fetch(`${url}health/readiness`)).text(), 'OK');
});

test('an event function takes events at / only: the webhook’s /alerts is a 404 here', async (t) => {
  const { headers, body } = encodeBinary(event({ reply: true }));
  t.is((await fetch(`${url}alerts`, { method: 'POST', headers, body })).status, 404);
  t.is((await fetch(url, { method: 'POST', headers, body })).status, 200);
});
