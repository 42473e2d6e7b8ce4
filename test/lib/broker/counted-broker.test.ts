import test from 'ava';
import { Registry } from 'prom-client';
import { countingFailures } from '../../../lib/broker/counted-broker.ts';
import { createHttpBroker } from '../../../lib/broker/http-broker.ts';
import { TransientError } from '../../../lib/errors/errors.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { brokerPublishFailures } from '../../../lib/runtime/adapter-metrics.ts';
import { sampleSum } from '../../support/exposition.ts';
import { startRecordingBroker } from '../../support/recording-broker.ts';

const event = (id: string): CloudEventEnvelope => ({
  specversion: '1.0',
  id,
  source: '/alerts-slm/assess',
  type: 'dev.alerts-slm.action.assessed.v1',
  data: {},
});

test('a publish the broker refuses is counted for its function and still fails; one it accepts is not counted', async (t) => {
  const broker = await startRecordingBroker();
  t.teardown(() => broker.close());
  const registry = new Registry();
  const counted = countingFailures(
    createHttpBroker({ url: broker.url, timeoutMs: 2000, concurrency: 2 }),
    brokerPublishFailures(registry, 'assess'),
  );
  const failures = async () => sampleSum(await registry.metrics(), 'broker_publish_failures_total', { function: 'assess' });
  t.is(await failures(), 0, 'the series exists at 0 before any failure');
  t.deepEqual(await counted.publish([event('a'), event('b')]), { published: 2 });
  t.is(await failures(), 0);
  broker.respond((e) => (e.id === 'c' ? { status: 503, body: 'no channel' } : { status: 202 }));
  await t.throwsAsync(counted.publish([event('c'), event('d')]), { instanceOf: TransientError });
  t.is(await failures(), 1);
});
