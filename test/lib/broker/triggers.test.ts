import test from 'ava';
import { triggersFrom } from '../../../lib/broker/triggers.ts';
import { TICK_EXTENSION } from '../../../lib/events/assess-tick.ts';
import { loadKnative } from '../../knative/manifest-checks.ts';

// Which types reach which function is checked against the event contract in test/knative/triggers.test.ts.
const manifests = loadKnative();
const triggers = triggersFrom(manifests);

test('the tick Trigger also matches our extension, so other PingSources do not wake assess', (t) => {
  const tick = triggers.find((tr) => tr.attributes.type === 'dev.knative.sources.ping');
  t.is(tick?.attributes[TICK_EXTENSION.name], TICK_EXTENSION.value);
});

test('every Trigger delivers with a timeout, and Broker defaults fill what a Trigger leaves out', (t) => {
  for (const trigger of triggers) t.not(trigger.delivery.timeoutMs, null, trigger.name);
  const analyze = triggers.find((tr) => tr.subscriber === 'analyze');
  t.is(analyze?.delivery.timeoutMs, 120_000);
});

test('a Trigger whose subscriber is not a function Service is refused, naming it', (t) => {
  const broken = manifests.map((m) =>
    m.kind === 'Trigger' && m.metadata.name === 'analyze-alert-firing'
      ? { ...m, spec: { ...m.spec, subscriber: { ref: { kind: 'Service', name: 'nope' } } } }
      : m,
  );
  t.throws(() => triggersFrom(broken), { message: /Trigger analyze-alert-firing: subscriber Service\/nope/ });
});
