import test from 'ava';
import * as z from 'zod';
import { consumers, pipelineEvents } from '../../../lib/events/contract.ts';
import { EVENT_PREFIX, EVENT_VERSION } from '../../../lib/events/event-types.ts';

test('the contract: every event type and its JSON schema (a change here shows in review)', (t) => {
  for (const event of pipelineEvents) {
    t.snapshot(z.toJSONSchema(event.data, { io: 'input', unrepresentable: 'any' }), event.type);
  }
});

test('every type we name carries the one prefix and version; only the PingSource tick is Knative’s', (t) => {
  const ours = pipelineEvents.filter((e) => e.type.startsWith(`${EVENT_PREFIX}.`));
  t.deepEqual(
    pipelineEvents.filter((e) => !ours.includes(e)).map((e) => e.type),
    ['dev.knative.sources.ping'],
  );
  for (const e of ours) t.regex(e.type, new RegExp(`^${EVENT_PREFIX.replace('.', '\\.')}\\.[a-z.]+\\.${EVENT_VERSION}$`));
  t.is(new Set(pipelineEvents.map((e) => e.type)).size, pipelineEvents.length);
});

test('every consumed type is part of the contract', (t) => {
  for (const events of Object.values(consumers)) for (const e of events) t.true(pipelineEvents.includes(e));
});
