import test from 'ava';
import {
  AlertFiring,
  AlertResolved,
  alertEventId,
  alertPartitionKey,
  createAlertEvent,
  type AlertData,
} from '../../../lib/events/alert-events.ts';

const alert: AlertData = {
  alertname: 'KubePodCrashLooping',
  status: 'firing',
  severity: 'warning',
  fingerprint: 'b8fb038fbfb8560d',
  startsAt: '2026-11-27T00:51:56.610Z',
  endsAt: null,
  generatorURL: null,
  namespace: 'shop-prod',
  target: { kind: 'Pod', namespace: 'shop-prod', name: 'checkout-api-7c9d5b8f6-x2x8q', container: 'api' },
  workload: { kind: 'Deployment', namespace: 'shop-prod', name: 'checkout-api', inferred: true },
  labels: { alertname: 'KubePodCrashLooping' },
  annotations: {},
  receiver: 'Default',
  groupKey: '{}',
  externalURL: 'http://am',
};
const meta = { source: '/alerts-slm/ingest', time: new Date('2026-11-27T01:00:00Z') };

test('the same alert in the same state always gets the same event id', (t) => {
  t.is(alertEventId(alert), alertEventId({ ...alert, annotations: { summary: 'changed text' }, receiver: 'other' }));
  t.is(createAlertEvent(alert, meta).id, createAlertEvent(alert, { ...meta, time: new Date() }).id);
});

test('status, fingerprint and startsAt each change the id', (t) => {
  const ids = new Set([
    alertEventId(alert),
    alertEventId({ ...alert, status: 'resolved' }),
    alertEventId({ ...alert, fingerprint: '0000000000000000' }),
    alertEventId({ ...alert, startsAt: '2026-11-27T00:51:57.610Z' }),
  ]);
  t.is(ids.size, 4);
});

test('a firing alert becomes alert.firing and a resolved one alert.resolved', (t) => {
  t.is(createAlertEvent(alert, meta).type, AlertFiring.type);
  t.is(createAlertEvent({ ...alert, status: 'resolved', endsAt: '2026-11-27T00:53:41.610Z' }, meta).type, AlertResolved.type);
});

test('the partition key is the workload, else the target, else namespace and alert name', (t) => {
  t.is(alertPartitionKey(alert), 'shop-prod/Deployment/checkout-api');
  t.is(alertPartitionKey({ ...alert, workload: null }), 'shop-prod/Pod/checkout-api-7c9d5b8f6-x2x8q');
  t.is(alertPartitionKey({ ...alert, workload: null, target: null }), 'shop-prod/KubePodCrashLooping');
  t.is(alertPartitionKey({ ...alert, workload: null, target: null, namespace: null }), 'cluster/KubePodCrashLooping');
  t.is(createAlertEvent(alert, meta).partitionkey, 'shop-prod/Deployment/checkout-api');
});

test('alert.firing refuses a resolved alert', (t) => {
  t.throws(() => AlertFiring.parse({ ...createAlertEvent(alert, meta), data: { ...alert, status: 'resolved' } }), {
    message: /data\.status/,
  });
});
