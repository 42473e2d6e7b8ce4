import test from 'ava';
import { TICK_EXTENSION } from '../../lib/events/assess-tick.ts';
import { tickPingSource } from '../../lib/kube/tick-ping-source.ts';
import { contractProblems, deliveryProblems, loadKnative, withEdit, without } from './manifest-checks.ts';

const manifests = loadKnative();

test('the Triggers route exactly the types the event contract has each consumer consume', (t) => {
  t.deepEqual(contractProblems(manifests), []);
});

test('a Trigger on a type the contract does not define is reported', (t) => {
  const broken = withEdit(manifests, 'Trigger', 'execute-action-approved', (m) => {
    (m.spec as { filter: { attributes: Record<string, string> } }).filter.attributes.type = 'dev.alerts-slm.action.approve.v1';
  });
  t.true(
    contractProblems(broken).some((p) =>
      /Trigger execute-action-approved filters on type dev\.alerts-slm\.action\.approve\.v1, which the event contract does not define/.test(
        p,
      ),
    ),
  );
});

test('a consumed type without a Trigger is reported, naming the consumer', (t) => {
  const broken = without(manifests, 'Trigger', 'assess-alert-resolved');
  t.deepEqual(contractProblems(broken), ['no Trigger routes dev.alerts-slm.alert.resolved.v1 to assess, which consumes it']);
});

test('a Trigger routing a contract type to a function that does not consume it is reported', (t) => {
  const broken = withEdit(manifests, 'Trigger', 'assess-action-executed', (m) => {
    (m.spec as { subscriber: { ref: { name: string } } }).subscriber.ref.name = 'alerts-slm-analyze';
  });
  t.true(
    contractProblems(broken).some((p) => p === 'a Trigger routes dev.alerts-slm.action.executed.v1 to analyze, which does not consume it'),
  );
});

test('the Broker and every Trigger deliver with retries, backoff, a timeout and the dead-letter sink', (t) => {
  t.deepEqual(deliveryProblems(manifests), []);
});

test('the PingSource assess creates emits the tick the assess Trigger matches, into the Broker of the manifests', (t) => {
  const spec = tickPingSource('alerts-slm', 'alerts-slm').spec;
  const trigger = manifests.find((m) => m.kind === 'Trigger' && m.metadata.name === 'assess-tick')?.spec as {
    broker: string;
    filter: { attributes: Record<string, string> };
  };
  t.deepEqual(trigger.filter.attributes, {
    type: 'dev.knative.sources.ping',
    [TICK_EXTENSION.name]: spec.ceOverrides.extensions[TICK_EXTENSION.name],
  });
  t.deepEqual([spec.sink.ref.kind, spec.sink.ref.name], ['Broker', trigger.broker]);
  t.true(manifests.some((m) => m.kind === 'Broker' && m.metadata.name === trigger.broker));
  t.false(
    manifests.some((m) => m.kind === 'PingSource'),
    'no standing tick: it exists only while an assessment is pending',
  );
});

test('every SinkBinding gives an existing Service the Broker as K_SINK', (t) => {
  const services = new Set(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name));
  const bindings = manifests.filter((m) => m.kind === 'SinkBinding');
  t.true(bindings.length > 0);
  for (const b of bindings) {
    const spec = b.spec as { subject: { kind: string; name: string }; sink: { ref: { kind: string; name: string } } };
    t.true(spec.subject.kind === 'Service' && services.has(spec.subject.name), b.metadata.name);
    t.deepEqual([spec.sink.ref.kind, spec.sink.ref.name], ['Broker', 'alerts-slm']);
  }
});

test('a Broker without a dead-letter sink is reported', (t) => {
  const broken = withEdit(manifests, 'Broker', 'alerts-slm', (m) => {
    delete (m.spec as { delivery: { deadLetterSink?: unknown } }).delivery.deadLetterSink;
  });
  t.true(deliveryProblems(broken).some((p) => /Broker alerts-slm: delivery.deadLetterSink must reference a Knative Service/.test(p)));
});

test('a Trigger of our events whose delivery drops the dead-letter sink is reported', (t) => {
  const broken = withEdit(manifests, 'Trigger', 'execute-action-recommended', (m) => {
    delete (m.spec as { delivery: { deadLetterSink?: unknown } }).delivery.deadLetterSink;
  });
  t.deepEqual(deliveryProblems(broken), [
    "Trigger execute-action-recommended: delivery.deadLetterSink must be the Broker's (alerts-slm-dead-letter), got none",
  ]);
});

test('a Trigger whose subscriber times out before the Trigger does is reported', (t) => {
  const broken = withEdit(manifests, 'Service', 'alerts-slm-analyze', (m) => {
    (m.spec as { template: { spec: { timeoutSeconds: number } } }).template.spec.timeoutSeconds = 60;
  });
  t.deepEqual(deliveryProblems(broken), [
    "Trigger analyze-alert-firing: its subscriber alerts-slm-analyze times requests out after 60s, before the Trigger's 120s",
  ]);
});

test('a Trigger without its own delivery spec is reported', (t) => {
  const broken = withEdit(manifests, 'Trigger', 'assess-tick', (m) => {
    delete (m.spec as { delivery?: unknown }).delivery;
  });
  t.deepEqual(deliveryProblems(broken), ['Trigger assess-tick has no delivery spec of its own']);
});

test('retries that give up before a 30-minute outage is over, or wait too long between tries, are reported', (t) => {
  const short = withEdit(manifests, 'Trigger', 'analyze-alert-firing', (m) => {
    Object.assign((m.spec as { delivery: Record<string, unknown> }).delivery, {
      retry: 5,
      backoffPolicy: 'exponential',
      backoffDelay: 'PT0.5S',
    });
  });
  t.deepEqual(deliveryProblems(short), [
    'Trigger analyze-alert-firing: retries span 0.5 min, less than the 30 min outage an accepted alert must survive',
  ]);
  const sparse = withEdit(manifests, 'Broker', 'alerts-slm', (m) => {
    Object.assign((m.spec as { delivery: Record<string, unknown> }).delivery, {
      retry: 8,
      backoffPolicy: 'exponential',
      backoffDelay: 'PT10S',
    });
  });
  t.deepEqual(deliveryProblems(sparse), ['Broker alerts-slm: a gap of 42.7 min between retries delays recovery past 5 min']);
});
