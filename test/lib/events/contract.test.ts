import test from 'ava';
import * as z from 'zod';
import { consumers, pipelineEvents } from '../../../lib/events/contract.ts';
import { EVENT_PREFIX, EVENT_VERSION } from '../../../lib/events/event-types.ts';

// What zod writes for its own formats (the regex behind z.iso.datetime, the draft URL) is zod's, not our contract:
// left out, so a zod upgrade does not churn the snapshot; the format names stay, and our own patterns (DNS names).
const zodsOwn = (key: string, schema: object) => key === '$schema' || (key === 'pattern' && 'format' in schema);
const contractOf = (schema: unknown): unknown =>
  Array.isArray(schema)
    ? schema.map(contractOf)
    : schema && typeof schema === 'object'
      ? Object.fromEntries(
          Object.entries(schema)
            .filter(([k]) => !zodsOwn(k, schema))
            .map(([k, v]) => [k, contractOf(v)]),
        )
      : schema;

test('the contract: every event type and its JSON schema (a change here shows in review)', (t) => {
  for (const event of pipelineEvents) {
    t.snapshot(contractOf(z.toJSONSchema(event.data, { io: 'input', unrepresentable: 'any' })), event.type);
  }
});

test("the contract's snapshot holds no zod internals: a datetime is named by its format, not zod's regex", (t) => {
  const schema = contractOf(z.toJSONSchema(z.object({ at: z.iso.datetime() }))) as { properties: { at: Record<string, unknown> } };
  t.deepEqual(schema.properties.at, { type: 'string', format: 'date-time' });
  const named = contractOf(z.toJSONSchema(z.object({ name: z.string().regex(/^[a-z]+$/) }))) as {
    properties: { name: Record<string, unknown> };
  };
  t.is(named.properties.name.pattern, '^[a-z]+$', 'a pattern of ours is part of the contract');
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
