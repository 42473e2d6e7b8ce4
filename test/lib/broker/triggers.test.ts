import test from 'ava';
import { join } from 'node:path';
import { loadManifests } from '../../../lib/broker/knative-manifests.ts';
import { triggersFrom } from '../../../lib/broker/triggers.ts';
import { consumers, pipelineEvents } from '../../../lib/events/contract.ts';
import { TICK_EXTENSION } from '../../../lib/events/assess-tick.ts';

const manifests = loadManifests(join(import.meta.dirname, '..', '..', '..', 'knative'));
const triggers = triggersFrom(manifests);

test('every Trigger filters on a type the event contract defines', (t) => {
  const types = new Set(pipelineEvents.map((e) => e.type));
  for (const trigger of triggers) t.true(types.has(trigger.attributes['type'] ?? ''), `${trigger.name} filters on ${trigger.attributes['type']}`);
});

test('the Triggers route exactly the types each consumer of the contract consumes', (t) => {
  const routed = triggers.map((tr) => `${tr.subscriber} ← ${tr.attributes['type']}`).sort();
  const contract = Object.entries(consumers).flatMap(([fn, events]) => events.map((e) => `${fn} ← ${e.type}`)).sort();
  t.deepEqual(routed, contract);
});

test('the tick Trigger also matches our extension, so other PingSources do not wake assess', (t) => {
  const tick = triggers.find((tr) => tr.attributes['type'] === 'dev.knative.sources.ping');
  t.is(tick?.attributes[TICK_EXTENSION.name], TICK_EXTENSION.value);
});

test('every Trigger delivers with a timeout, and Broker defaults fill what a Trigger leaves out', (t) => {
  for (const trigger of triggers) t.not(trigger.delivery.timeoutMs, null, trigger.name);
  const analyze = triggers.find((tr) => tr.subscriber === 'analyze');
  t.is(analyze?.delivery.timeoutMs, 120_000);
});

test('a Trigger whose subscriber is not a function Service is refused, naming it', (t) => {
  const broken = manifests.map((m) => (m.kind === 'Trigger' && m.metadata.name === 'analyze-alert-firing' ? { ...m, spec: { ...m.spec, subscriber: { ref: { kind: 'Service', name: 'nope' } } } } : m));
  t.throws(() => triggersFrom(broken), { message: /Trigger analyze-alert-firing: subscriber Service\/nope/ });
});
