import test from 'ava';
import { Registry } from 'prom-client';
import { loadConfig } from '../../../lib/config/load-config.ts';
import { InvalidError, TransientError } from '../../../lib/errors/errors.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { defineFunction, type Runtime } from '../../../lib/runtime/function-spec.ts';
import { createInvoker } from '../../../lib/runtime/invoker.ts';
import { createLogger } from '../../../lib/runtime/logger.ts';
import { lazyDriver } from '../../../lib/store/lazy-driver.ts';

const runtime = () => {
  const lines: Record<string, unknown>[] = [];
  const rt: Runtime = {
    config: loadConfig({}),
    logger: createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l)) }),
    registry: new Registry(),
    now: () => new Date(),
    database: lazyDriver('pglite', () => Promise.reject(new Error('no database here'))),
  };
  return { rt, lines };
};
const event: CloudEventEnvelope = { specversion: '1.0', id: 'ev-1', source: '/t', type: 'dev.t.v1', data: {} };
const echo = defineFunction({
  name: 'echo',
  create: () => ({
    kind: 'event',
    handle: async (e, { log }) => {
      log.info('inside');
      if ((e.data as { fail?: string }).fail === 'invalid') throw new InvalidError('bad field x');
      if ((e.data as { fail?: string }).fail === 'transient') throw new TransientError('db down');
      if ((e.data as { fail?: string }).fail === 'bug') throw new Error('password=hunter2 leaked in a message');
      return (e.data as { reply?: boolean }).reply ? { ...e, id: 'reply-1', type: 'dev.t.reply.v1' } : undefined;
    },
  }),
});

test('an event answered with nothing is a 204; with an event, a 200 carrying it', async (t) => {
  const invoker = await createInvoker(echo, runtime().rt);
  t.deepEqual(await invoker.invoke({ method: 'POST', headers: {}, body: {}, event }), { status: 204 });
  const reply = await invoker.invoke({ method: 'POST', headers: {}, body: {}, event: { ...event, data: { reply: true } } });
  t.is(reply.status, 200);
  t.is(reply.event?.id, 'reply-1');
});

test('a request without a CloudEvent is a 400 for an event function', async (t) => {
  const invoker = await createInvoker(echo, runtime().rt);
  const reply = await invoker.invoke({ method: 'POST', headers: {}, body: { hello: 1 } });
  t.is(reply.status, 400);
  t.deepEqual(reply.body, { error: 'not_a_cloudevent', message: 'expected a CloudEvent (binary or structured mode)' });
});

test('invalid → 400, transient → 503, anything else → 500 without its message', async (t) => {
  const { rt, lines } = runtime();
  const invoker = await createInvoker(echo, rt);
  const call = (fail: string) => invoker.invoke({ method: 'POST', headers: {}, body: {}, event: { ...event, data: { fail } } });
  t.deepEqual(await call('invalid'), {
    status: 400,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: { error: 'invalid', message: 'bad field x' },
  });
  t.deepEqual((await call('transient')).body, { error: 'unavailable', message: 'db down' });
  const bug = await call('bug');
  t.is(bug.status, 500);
  t.deepEqual(bug.body, { error: 'internal', message: 'internal error' });
  t.true(lines.some((l) => l.level === 'error' && l.status === 500));
});

test('every log line of an invocation carries the event id', async (t) => {
  const { rt, lines } = runtime();
  const invoker = await createInvoker(echo, rt);
  await invoker.invoke({ method: 'POST', headers: {}, body: {}, event });
  t.true(lines.length >= 2);
  for (const line of lines) t.is(line.eventId, 'ev-1');
});

test('invocations are counted by function and status', async (t) => {
  const { rt } = runtime();
  const invoker = await createInvoker(echo, rt);
  await invoker.invoke({ method: 'POST', headers: {}, body: {}, event });
  await invoker.invoke({ method: 'POST', headers: {}, body: {} });
  const text = await rt.registry.metrics();
  t.regex(text, /function_invocations_total\{function="echo",status="204"\} 1/);
  t.regex(text, /function_invocations_total\{function="echo",status="400"\} 1/);
});

test('close waits for an invocation in flight', async (t) => {
  let release: () => void = () => {};
  let closed = false;
  const slow = defineFunction({
    name: 'slow',
    create: () => ({
      kind: 'event',
      handle: () =>
        new Promise((r) => {
          release = () => r(undefined);
        }),
      close: async () => {
        closed = true;
      },
    }),
  });
  const invoker = await createInvoker(slow, runtime().rt);
  const pending = invoker.invoke({ method: 'POST', headers: {}, body: {}, event });
  const closing = invoker.close(5000);
  await new Promise((r) => setTimeout(r, 20));
  t.false(closed);
  release();
  await pending;
  await closing;
  t.true(closed);
});
